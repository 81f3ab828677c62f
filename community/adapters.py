"""How moderation sees and acts on community content (moderation.api.ContentAdapter).

Moderation imports nothing from community; community registers these in
``CommunityConfig.ready()``. Every action goes through community.services so
counters, revisions and notifications stay right.
"""

from django.utils.translation import gettext_lazy as _

from community import services
from community.models import Answer, Comment, Idea, Question, Topic


class _Base:
    kind = ""

    def author(self, obj):
        return obj.author

    def text(self, obj) -> str:
        return obj.body

    def url(self, obj) -> str:
        return obj.get_absolute_url()

    def topic_id(self, obj):
        return None

    def set_state(self, obj, state: str) -> None:
        services.post_set_state(obj=obj, state=state)

    def edit(self, obj, *, body: str, editor, reason: str) -> None:
        services.post_edit(obj=obj, editor=editor, body=body, reason=reason)

    def lock(self, obj, *, locked: bool, by) -> None:
        raise NotImplementedError(_("Only questions can be locked."))

    def pin(self, obj, *, pinned: bool, by) -> None:
        raise NotImplementedError(_("Only questions can be pinned."))

    def move(self, obj, *, topic_id: int, by) -> None:
        raise NotImplementedError(_("Only questions can be moved."))

    def merge(self, obj, *, into, by) -> None:
        raise NotImplementedError(_("Only questions can be merged."))


class QuestionAdapter(_Base):
    kind = "question"
    kind_label = _("question")

    def text(self, obj) -> str:
        return f"{obj.title}\n\n{obj.body}"

    def topic_id(self, obj):
        return obj.topic_id

    def lock(self, obj, *, locked: bool, by) -> None:
        services.question_set_locked(question=obj, locked=locked, by=by)

    def pin(self, obj, *, pinned: bool, by) -> None:
        services.question_set_pinned(question=obj, pinned=pinned, by=by)

    def move(self, obj, *, topic_id: int, by) -> None:
        Topic.objects.get(pk=topic_id)
        services.question_move(question=obj, topic_id=topic_id, by=by)

    def merge(self, obj, *, into, by) -> None:
        if not isinstance(into, Question):
            into = Question.objects.get(pk=into)
        services.question_merge(question=obj, into=into, by=by)


class AnswerAdapter(_Base):
    kind = "answer"
    kind_label = _("answer")

    def topic_id(self, obj):
        return obj.question.topic_id


class CommentAdapter(_Base):
    kind = "comment"
    kind_label = _("comment")

    def topic_id(self, obj):
        return obj.question.topic_id


class IdeaAdapter(_Base):
    kind = "idea"
    kind_label = _("idea")

    def text(self, obj) -> str:
        return f"{obj.title}\n\n{obj.body}"


ADAPTERS = {Question: QuestionAdapter(), Answer: AnswerAdapter(), Comment: CommentAdapter(), Idea: IdeaAdapter()}
