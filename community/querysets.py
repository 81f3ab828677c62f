"""Chainable reads. Visibility in one place:

- published and not deleted: everyone;
- pending, hidden or deleted: its author (marked) and moderators, nobody else.
"""

from django.db import models
from django.db.models import Q

from moderation.api import ContentState

PUBLISHED_Q = Q(state=ContentState.PUBLISHED, is_deleted=False)


def is_moderator(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("accounts.moderate"))


def is_agent(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("accounts.answer_officially"))


class VisibleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(PUBLISHED_Q)

    def visible_to(self, user):
        if is_moderator(user):
            return self.all()
        if user is not None and user.is_authenticated:
            return self.filter(PUBLISHED_Q | Q(author=user))
        return self.published()


class QuestionQuerySet(VisibleQuerySet):
    def for_list(self):
        return self.select_related("author", "topic").prefetch_related("tags")

    def solved(self):
        return self.filter(status="solved")


class AnswerQuerySet(VisibleQuerySet):
    def thread_order(self):
        """Accepted first, then official answers, then by score, oldest first within a score."""
        return self.order_by("-is_accepted", "-is_official", "-score", "id")


class CommentQuerySet(VisibleQuerySet):
    pass


class IdeaQuerySet(VisibleQuerySet):
    pass
