"""Chainable reads. Visibility in one place:

- published and not deleted: everyone;
- pending, hidden or deleted: its author (marked) and moderators, nobody else.
"""

from dataclasses import dataclass

from django.db import connection, models
from django.db.models import Q

from accounts.roles import is_moderator
from moderation.api import ContentState

PUBLISHED_Q = Q(state=ContentState.PUBLISHED, is_deleted=False)


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


@dataclass
class ThreadFacts:
    votes: dict  # ("q"|"a", pk) -> 1 / -1
    following: bool
    has_unseen_posts: bool  # own pending, hidden or deleted answers or comments in this thread


def thread_facts(*, member_id: int, question_id: int, answer_ids: list[int]) -> ThreadFacts:
    """What a signed-in reader's controls on a question page need, in one round trip:
    their votes on the question and on the answers shown, whether they follow the
    question, and whether they have posts in it that others do not see.

    Raw SQL because this runs on every signed-in view of a question: the same
    five reads through the ORM cost several times as much to build as to run.
    """
    from community.models import Answer, Comment, Follow, Vote

    vote, follow = Vote._meta.db_table, Follow._meta.db_table
    answer, comment = Answer._meta.db_table, Comment._meta.db_table
    ids = [int(pk) for pk in answer_ids]
    in_ids = ", ".join(["%s"] * len(ids)) or "NULL"
    unseen = "author_id = %s AND (state <> %s OR is_deleted)"
    sql = (
        f"SELECT 'q', question_id, value FROM {vote} WHERE member_id = %s AND question_id = %s "
        f"UNION ALL SELECT 'a', answer_id, value FROM {vote} WHERE member_id = %s AND answer_id IN ({in_ids}) "
        f"UNION ALL SELECT 'f', 0, 1 WHERE EXISTS "
        f"(SELECT 1 FROM {follow} WHERE member_id = %s AND question_id = %s) "
        f"UNION ALL SELECT 'h', 0, 1 WHERE EXISTS (SELECT 1 FROM {answer} WHERE question_id = %s AND {unseen}) "
        f"OR EXISTS (SELECT 1 FROM {comment} WHERE question_id = %s AND {unseen})"
    )
    published = ContentState.PUBLISHED
    params = [
        member_id, question_id,
        member_id, *ids,
        member_id, question_id,
        question_id, member_id, published,
        question_id, member_id, published,
    ]
    facts = ThreadFacts(votes={}, following=False, has_unseen_posts=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, pk, value in cursor.fetchall():
            if kind in ("q", "a"):
                facts.votes[(kind, pk)] = value
            elif kind == "f":
                facts.following = True
            else:
                facts.has_unseen_posts = True
    return facts
