"""Agent views (the company's voice), topic management, and the published recognition rules."""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import permission_required
from accounts.models import TrustLevel
from community import services
from community.forms import TopicForm
from community.models import Follow, Question, Topic
from community.paging import keyset_page
from community.recognition import BADGES, LEVELS, POINTS, POINTS_EXPLAINED, TRUST_CRITERIA

AGENT_TABS = ["unanswered", "unofficial", "followed"]


@permission_required("answer_officially")
def agent_queue(request):
    tab = request.GET.get("tab", "unanswered")
    if tab not in AGENT_TABS:
        tab = "unanswered"
    qs = Question.objects.published()
    if tab == "unanswered":
        qs = qs.filter(answer_count=0, answered_by_support=False)
    elif tab == "unofficial":
        qs = qs.filter(has_official_answer=False, answered_by_support=False).exclude(status="solved")
    else:
        qs = qs.filter(Exists(Follow.objects.filter(member=request.user, topic_id=OuterRef("topic_id"))))
    # Oldest first: the longest wait is answered first.
    page = keyset_page(qs.for_list(), field=None, cursor=request.GET.get("after", ""), size=25, ascending=True)
    now = timezone.now()
    for q in page.rows:
        q.waiting = now - q.created_at
    followed_topics = list(Topic.objects.filter(follows__member=request.user))
    return render(
        request,
        "community/agent.html",
        {
            "page": page,
            "tab": tab,
            "followed_topics": followed_topics,
            "next_url": f"?tab={tab}&after={page.next_cursor}" if page.has_next else "",
        },
    )


@permission_required("manage_community")
def topic_manage(request):
    form = TopicForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.topic_create(**form.cleaned_data)
            messages.success(request, _("Topic added."))
            return redirect("community:topic_manage")
        messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "community/topics_manage.html",
        {"form": form, "topics": Topic.objects.all()},
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("manage_community")
def topic_move(request, pk):
    topic = get_object_or_404(Topic, pk=pk)
    services.topic_move(topic=topic, up=request.POST.get("direction") == "up")
    return redirect("community:topic_manage")


@permission_required("manage_community")
def topic_edit(request, pk):
    topic = get_object_or_404(Topic, pk=pk)
    form = TopicForm(request.POST or None, initial={f: getattr(topic, f) for f in TopicForm.base_fields})
    if request.method == "POST":
        if form.is_valid():
            services.topic_update(topic=topic, **form.cleaned_data)
            messages.success(request, _("Topic saved."))
            return redirect("community:topic_manage")
        messages.error(request, _("Please correct the errors below."))
    return render(
        request, "community/topic_edit.html", {"form": form, "topic": topic}, status=400 if form.errors else 200
    )


def recognition(request):
    points = [(label, POINTS[key]) for key, label in POINTS_EXPLAINED]
    trust = [(c, TrustLevel(c.level).label) for c in TRUST_CRITERIA]
    return render(
        request,
        "community/recognition.html",
        {
            "points": points,
            "levels": LEVELS,
            "badges": list(BADGES.values()),
            "trust": trust,
        },
    )
