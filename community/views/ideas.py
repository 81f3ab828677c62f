"""The ideas board: members propose, vote and follow; agents and managers give a public status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.access import posting_allowed
from community import access, services
from community.forms import IdeaForm, IdeaStatusForm
from community.models import Follow, Idea, IdeaStatus, Vote
from community.paging import keyset_page
from community.views._common import check_rate_limit, honeypot_refusal, rate_limited
from moderation import api as moderation


def idea_list(request):
    status = request.GET.get("status", "")
    qs = Idea.objects.published().select_related("author")
    if status in IdeaStatus.values:
        qs = qs.filter(status=status)
    sort = "newest" if request.GET.get("sort") == "newest" else "votes"
    page = keyset_page(
        qs, field=None if sort == "newest" else "score", cursor=request.GET.get("after", ""), size=20, sample=0
    )
    params = request.GET.copy()
    params["after"] = page.next_cursor
    my_votes = {}
    if request.user.is_authenticated and page.rows:
        my_votes = dict(Vote.objects.filter(member=request.user, idea__in=page.rows).values_list("idea_id", "value"))
    for idea in page.rows:
        idea.my_vote = my_votes.get(idea.pk, 0)
    return render(
        request,
        "community/ideas.html",
        {
            "page": page,
            "status": status,
            "statuses": IdeaStatus.choices,
            "sort": sort,
            "next_url": f"?{params.urlencode()}" if page.has_next else "",
        },
    )


@posting_allowed
def idea_create(request):
    initial = {"language": "nl" if (request.LANGUAGE_CODE or "").startswith("nl") else "en"}
    form = IdeaForm(request.POST or None, initial=initial)
    ctx = {"form": form, "honeypot": moderation.HONEYPOT_FIELD}
    if request.method == "POST":
        if moderation.honeypot_tripped(request.POST):
            return honeypot_refusal()
        if form.is_valid():
            data = form.cleaned_data
            limited = check_rate_limit(request, "idea", f"{data['title']}\n\n{data['body']}")
            if limited:
                return rate_limited(request, "community/idea_form.html", ctx, limited)
            idea = services.idea_create(
                author=request.user, title=data["title"], body=data["body"], language=data["language"]
            )
            if not idea.is_visible:
                messages.info(request, _("Thanks! Your idea is awaiting review; only you can see it until then."))
            return redirect(idea)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "community/idea_form.html", ctx, status=400 if form.errors else 200)


def idea_detail(request, pk, status_form=None, status=200):
    idea = access.get_idea_for(request.user, pk)
    idea.my_vote = 0
    following = False
    if request.user.is_authenticated:
        idea.my_vote = Vote.objects.filter(member=request.user, idea=idea).values_list("value", flat=True).first() or 0
        following = Follow.objects.filter(member=request.user, idea=idea).exists()
    can_status = roles.can_set_idea_status(request.user)
    if can_status and status_form is None:
        status_form = IdeaStatusForm(initial={"status": idea.status, "comment": idea.official_comment})
    return render(
        request,
        "community/idea_detail.html",
        {
            "idea": idea,
            "following": following,
            "status_form": status_form if can_status else None,
            "can_edit": access.can_edit(request.user, idea),
        },
        status=status,
    )


@require_POST
@login_required
def idea_status(request, pk):
    idea = access.get_idea_for(request.user, pk)
    if not roles.can_set_idea_status(request.user):
        raise PermissionDenied(_("Only agents and community managers set the status of an idea."))
    form = IdeaStatusForm(request.POST)
    if not form.is_valid():
        return idea_detail(request, pk, status_form=form, status=400)
    services.idea_set_status(
        idea=idea, status=form.cleaned_data["status"], comment=form.cleaned_data["comment"], by=request.user
    )
    messages.success(request, _("The status is saved and followers are told."))
    return redirect(idea)


@require_POST
@login_required
def idea_follow(request, pk):
    idea = access.get_idea_for(request.user, pk)
    services.follow_set(member=request.user, target=idea, on=request.POST.get("on") == "1")
    return redirect(idea)
