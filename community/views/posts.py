"""Actions on a thread: answer, comment, vote, accept, edit, history, delete, lock."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import posting_allowed, posting_block_reason
from community import access, services
from community.forms import (
    AnswerEditForm,
    AnswerForm,
    CommentEditForm,
    CommentForm,
    IdeaEditForm,
    QuestionEditForm,
)
from community.models import Answer, Comment, Idea, Question, Revision
from community.views._common import check_rate_limit, honeypot_refusal, wants_fragment
from community.views.questions import question_page
from moderation import api as moderation


def _back(obj):
    return redirect(obj.get_absolute_url())


# --- answers and comments ------------------------------------------------------------


@require_POST
@posting_allowed
def answer_create(request, pk):
    question = access.get_question_for(request.user, pk)
    if moderation.honeypot_tripped(request.POST):
        return honeypot_refusal()
    if question.is_locked or not question.is_visible:
        raise PermissionDenied(_("This question is locked: it takes no new answers."))
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return question_page(request, question, answer_form=form, status=400)
    limited = check_rate_limit(request, "answer", form.cleaned_data["body"])
    if limited:
        response = question_page(
            request, question, answer_form=form, status=429, extra={"rate_limit_message": limited.message}
        )
        response["Retry-After"] = str(int(limited.retry_after))
        return response
    try:
        answer = services.answer_create(author=request.user, question=question, body=form.cleaned_data["body"])
    except services.NotAllowed:
        raise PermissionDenied(_("This question is locked: it takes no new answers."))
    if not answer.is_visible:
        messages.info(request, _("Thanks! Your answer is awaiting review; only you can see it until then."))
    return redirect(answer.get_absolute_url())


@require_POST
@posting_allowed
def comment_create(request, pk, on="question"):
    if on == "answer":
        answer = access.get_answer_for(request.user, pk)
        question = answer.question
    else:
        answer = None
        question = access.get_question_for(request.user, pk)
    if moderation.honeypot_tripped(request.POST):
        return honeypot_refusal()
    if question.is_locked:
        raise PermissionDenied(_("This question is locked: it takes no new comments."))
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A comment needs at least 2 and at most 1000 characters."))
        return question_page(request, question, status=400, extra={"comment_error_for": answer.pk if answer else 0})
    limited = check_rate_limit(request, "comment", form.cleaned_data["body"])
    if limited:
        response = question_page(request, question, status=429, extra={"rate_limit_message": limited.message})
        response["Retry-After"] = str(int(limited.retry_after))
        return response
    try:
        comment = services.comment_create(
            author=request.user, question=question, answer=answer, body=form.cleaned_data["body"]
        )
    except services.NotAllowed:
        raise PermissionDenied(_("This question is locked: it takes no new comments."))
    if not comment.is_visible:
        messages.info(request, _("Your comment is awaiting review."))
    return redirect(comment.get_absolute_url())


# --- votes ---------------------------------------------------------------------------------


def _vote_target(user, kind, pk):
    if kind == "question":
        return access.get_question_for(user, pk)
    if kind == "answer":
        return access.get_answer_for(user, pk)
    if kind == "idea":
        return access.get_idea_for(user, pk)
    raise Http404


@require_POST
@login_required
def vote(request, kind, pk):
    target = _vote_target(request.user, kind, pk)
    reason = posting_block_reason(request.user)
    if reason:
        raise PermissionDenied(reason)
    if not target.is_visible:
        raise PermissionDenied(_("Only published posts can be voted on."))
    question = target if kind == "question" else getattr(target, "question", None)
    if question is not None and question.is_locked:
        raise PermissionDenied(_("This question is locked."))
    value = {"up": 1, "down": -1}.get(request.POST.get("value", ""))
    if value is None:
        return render(request, "400.html", {"exception": _("Choose up or down.")}, status=400)
    try:
        target.my_vote = services.vote_cast(member=request.user, target=target, value=value)
    except services.NotAllowed:
        raise PermissionDenied(_("You cannot vote on your own post."))
    if wants_fragment(request):
        return render(request, "community/_vote.html", {"obj": target, "kind": kind})
    return _back(target)


# --- accept, lock, support, follow --------------------------------------------------------------------


@require_POST
@login_required
def answer_accept(request, pk):
    answer = access.get_answer_for(request.user, pk)
    if not access.can_accept(request.user, answer.question):
        raise PermissionDenied(_("Only the asker, an agent or a moderator can accept an answer."))
    if not answer.is_visible:
        raise PermissionDenied(_("Only a published answer can be accepted."))
    accepted = services.answer_accept(answer=answer, by=request.user)
    messages.success(request, _("Marked as the solution.") if accepted else _("No longer marked as the solution."))
    return redirect(answer.get_absolute_url())


@require_POST
@login_required
def question_lock(request, pk):
    question = access.get_question_for(request.user, pk)
    if not roles.is_moderator(request.user):
        raise PermissionDenied
    services.question_set_locked(question=question, locked=request.POST.get("locked") == "1", by=request.user)
    return redirect(question)


@require_POST
@login_required
def question_support(request, pk):
    question = access.get_question_for(request.user, pk)
    if not roles.is_agent(request.user):
        raise PermissionDenied
    services.question_set_answered_by_support(
        question=question, value=request.POST.get("value") == "1", by=request.user
    )
    return redirect(question)


@require_POST
@login_required
def question_follow(request, pk):
    question = access.get_question_for(request.user, pk)
    services.follow_set(member=request.user, target=question, on=request.POST.get("on") == "1")
    return redirect(question)


# --- edit, history, delete -------------------------------------------------------------------------------

EDIT = {
    "question": (access.get_question_for, QuestionEditForm),
    "answer": (access.get_answer_for, AnswerEditForm),
    "comment": (access.get_comment_for, CommentEditForm),
    "idea": (access.get_idea_for, IdeaEditForm),
}
MODELS = {"question": Question, "answer": Answer, "comment": Comment, "idea": Idea}


@posting_allowed
def edit(request, kind, pk):
    getter, form_class = EDIT[kind]
    obj = getter(request.user, pk, edit=True)
    initial = {"body": obj.body}
    if kind in ("question", "idea"):
        initial["title"] = obj.title
    if kind == "question":
        initial["tags"] = ", ".join(t.name for t in obj.tags.all())
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if kind == "question":
                services.question_edit(
                    question=obj,
                    editor=request.user,
                    title=data["title"],
                    body=data["body"],
                    tags=data["tags"],
                    reason=data["reason"],
                )
            elif kind == "answer":
                services.answer_edit(answer=obj, editor=request.user, body=data["body"], reason=data["reason"])
            elif kind == "comment":
                services.comment_edit(comment=obj, editor=request.user, body=data["body"], reason=data["reason"])
            else:
                services.idea_edit(
                    idea=obj, editor=request.user, title=data["title"], body=data["body"], reason=data["reason"]
                )
            messages.success(request, _("Your edit is saved. The earlier version is kept in the history."))
            return _back(obj)
        messages.error(request, _("Please correct the errors below."))
    return render(
        request, "community/edit.html", {"form": form, "obj": obj, "kind": kind}, status=400 if form.errors else 200
    )


def history(request, kind, pk):
    if kind not in EDIT:
        raise Http404
    obj = EDIT[kind][0](request.user, pk)
    revisions = list(
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(MODELS[kind]), object_id=obj.pk
        ).select_related("editor")
    )
    return render(request, "community/history.html", {"obj": obj, "kind": kind, "revisions": revisions})


@require_POST
@login_required
def delete(request, kind, pk):
    """Hide one's own post (or, as moderator, any post); ``restore=1`` brings it back."""
    if kind not in EDIT:
        raise Http404
    obj = EDIT[kind][0](request.user, pk, edit=True)
    restore = request.POST.get("restore") == "1"
    services.post_set_deleted(obj=obj, deleted=not restore, by=request.user)
    messages.success(
        request,
        _("Restored.") if restore else _("Deleted. Only you and moderators can still see it; you can restore it."),
    )
    if kind == "question" or kind == "idea":
        return redirect(obj.get_absolute_url())
    return redirect(obj.question.get_absolute_url())
