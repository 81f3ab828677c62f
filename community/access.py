"""Who may see and change what: 404 when the user may not see the object,
403 when they may see it but not do this to it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_agent, is_moderator
from community.models import Answer, Comment, Idea, Question, Topic


def can_see(user, obj) -> bool:
    if obj.is_visible:
        return True
    return bool(user.is_authenticated and (obj.author_id == user.pk or is_moderator(user)))


def can_edit(user, obj) -> bool:
    return bool(user.is_authenticated and (obj.author_id == user.pk or is_moderator(user)))


def can_accept(user, question: Question) -> bool:
    return bool(user.is_authenticated and (question.author_id == user.pk or is_agent(user) or is_moderator(user)))


def _check(user, obj, edit: bool):
    if not can_see(user, obj):
        raise Http404
    if edit and not can_edit(user, obj):
        raise PermissionDenied
    return obj


def get_question_for(user, pk, *, edit=False) -> Question:
    question = get_object_or_404(Question.objects.select_related("author", "topic"), pk=pk)
    return _check(user, question, edit)


def get_answer_for(user, pk, *, edit=False) -> Answer:
    answer = get_object_or_404(Answer.objects.select_related("question", "question__topic", "author"), pk=pk)
    if not can_see(user, answer.question):
        raise Http404
    return _check(user, answer, edit)


def get_comment_for(user, pk, *, edit=False) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("question", "answer", "author"), pk=pk)
    if not can_see(user, comment.question) or (comment.answer_id and not can_see(user, comment.answer)):
        raise Http404
    return _check(user, comment, edit)


def get_idea_for(user, pk, *, edit=False) -> Idea:
    idea = get_object_or_404(Idea.objects.select_related("author", "status_changed_by"), pk=pk)
    return _check(user, idea, edit)


def get_topic_for(user, slug) -> Topic:
    return get_object_or_404(Topic, slug=slug)
