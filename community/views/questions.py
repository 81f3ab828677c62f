"""Topics, question lists, the question page and asking."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

import analytics
from accounts import roles
from accounts.access import can_post, posting_allowed
from community import access, pagecache, services, slots
from community.forms import AnswerForm, QuestionForm
from community.models import Answer, Comment, CommunityTag, Follow, Question, Topic
from community.paging import keyset_page
from community.querysets import thread_facts
from community.views._common import check_rate_limit, honeypot_refusal, rate_limited
from core.markdown import markdown_html
from core.throttle import throttle
from moderation import api as moderation

SORTS = {"active": "last_activity_at", "newest": None, "votes": "score", "unanswered": None}
SORT_LABELS = [
    ("active", gettext_lazy("Recently active")),
    ("newest", gettext_lazy("Newest")),
    ("votes", gettext_lazy("Most votes")),
    ("unanswered", gettext_lazy("Unanswered")),
]
QUESTIONS_PER_PAGE = 20
ANSWERS_PER_PAGE = 20


def home(request):
    topics = list(Topic.objects.all())
    recent = list(Question.objects.published().for_list().order_by("-last_activity_at", "-id")[:8])
    mine_waiting = []
    if request.user.is_authenticated:
        mine_waiting = list(
            Question.objects.filter(author=request.user)
            .exclude(state="published")
            .filter(is_deleted=False, merged_into__isnull=True)
            .only("id", "title", "state")[:5]
        )
    return render(request, "community/home.html", {"topics": topics, "recent": recent, "mine_waiting": mine_waiting})


def _list_context(request, qs, *, base_url: str) -> dict:
    sort = request.GET.get("sort", "active")
    if sort not in SORTS:
        sort = "active"
    tag_slug = request.GET.get("tag", "").strip()
    tag = CommunityTag.objects.filter(slug=tag_slug).first() if tag_slug else None
    if tag_slug:
        qs = qs.filter(tags=tag) if tag else qs.none()
    solved = request.GET.get("solved", "")
    if solved == "yes":
        qs = qs.filter(status="solved")
    elif solved == "no":
        qs = qs.exclude(status="solved")
    official = request.GET.get("official") == "1"
    if official:
        qs = qs.filter(has_official_answer=True)
    if sort == "unanswered":
        qs = qs.filter(answer_count=0)
    field = SORTS[sort]
    sample = timezone.now() if field == "last_activity_at" else 0
    page = keyset_page(
        qs.for_list(), field=field, cursor=request.GET.get("after", ""), size=QUESTIONS_PER_PAGE, sample=sample
    )
    params = request.GET.copy()
    params.pop("after", None)
    next_url = ""
    if page.has_next:
        params["after"] = page.next_cursor
        next_url = f"{base_url}?{params.urlencode()}"
        params.pop("after")
    tag_followed = bool(
        tag and request.user.is_authenticated and Follow.objects.filter(member=request.user, tag=tag).exists()
    )
    return {
        "page": page,
        "sort": sort,
        "sorts": SORT_LABELS,
        "tag": tag,
        "tag_slug": tag_slug,
        "solved": solved,
        "official": official,
        "next_url": next_url,
        "first_url": f"{base_url}?{params.urlencode()}",
        "tag_followed": tag_followed,
    }


LIST_PARAMS = ("sort", "tag", "solved", "official", "after")


@pagecache.anonymous_page(pagecache.pages, "list", ttl=pagecache.LIST_TTL, params=LIST_PARAMS)
def question_list(request):
    qs = Question.objects.published()
    template = "community/question_list.html"
    if request.user.is_authenticated and not request.GET.get("tag") and pagecache.plain_query(request, LIST_PARAMS):
        # Members see the same rows as everyone (the list holds published questions
        # only): the rendered listing is shared; only the head is theirs.
        listing = pagecache.pages.fragment(
            pagecache.pages.key("listing", pagecache.query_hash(request), request=request),
            pagecache.LIST_TTL,
            lambda: render_to_string(
                f"{template}#listing", _list_context(request, qs, base_url=reverse("community:questions")), request
            ),
        )
        return render(request, template, {"listing": mark_safe(listing)})  # noqa: S308 - our template's output
    ctx = _list_context(request, qs, base_url=reverse("community:questions"))
    return render(request, template, ctx)


@pagecache.anonymous_page(pagecache.pages, "topic", ttl=pagecache.LIST_TTL, params=LIST_PARAMS)
def topic_detail(request, slug):
    topic = access.get_topic_for(request.user, slug)
    qs = Question.objects.published().filter(topic=topic)
    ctx = _list_context(request, qs, base_url=topic.get_absolute_url())
    pinned = []
    if ctx["page"].is_first:
        pinned = list(qs.filter(is_pinned=True).for_list().order_by("-id")[:5])
    following = request.user.is_authenticated and Follow.objects.filter(member=request.user, topic=topic).exists()
    return render(
        request, "community/question_list.html", {**ctx, "topic": topic, "pinned": pinned, "following": following}
    )


def _thread_context(question, *, viewer, page_number) -> dict:
    """What the thread partial is rendered from: the answers ``viewer`` may see
    (None: published ones only, the shared rendering), one page of them, and
    their comments. Nothing here depends on who reads beyond that."""
    answers = (
        (Answer.objects.visible_to(viewer) if viewer is not None else Answer.objects.published())
        .filter(question=question)
        .select_related("author", "author__community_stats")
        .thread_order()
    )
    page = Paginator(answers, ANSWERS_PER_PAGE).get_page(page_number)
    page_answers = list(page.object_list)
    ids = [a.pk for a in page_answers]
    comments = (
        (Comment.objects.visible_to(viewer) if viewer is not None else Comment.objects.published())
        .filter(question=question)
        .filter(Q(answer__isnull=True) | Q(answer_id__in=ids))
        .select_related("author")
        .order_by("id")[:500]
    )
    by_answer: dict = {}
    for c in comments:
        by_answer.setdefault(c.answer_id, []).append(c)
    for a in page_answers:
        a.comment_list = by_answer.get(a.pk, [])
    return {
        "question": question,
        "tags": list(question.tags.all()),
        "page": page,
        "answers": page_answers,
        "question_comments": by_answer.get(None, []),
    }


def _viewer(request, question, *, answer_form=None, extra=None) -> slots.Viewer:
    user = request.user
    extra = extra or {}
    viewer = slots.Viewer(
        request=request,
        question=question,
        comment_error_for=extra.get("comment_error_for"),
        rate_limit_message=extra.get("rate_limit_message", ""),
    )
    if not user.is_authenticated:
        return viewer
    viewer.member_id = user.pk
    viewer.moderator = roles.is_moderator(user)
    viewer.agent = roles.is_agent(user)
    viewer.can_post = can_post(user)
    viewer.can_accept = access.can_accept(user, question)
    if viewer.can_post and viewer.can_answer:
        if answer_form is None:
            viewer.answer_form_html = _empty_answer_form(question.pk, viewer.agent).replace(
                _TOKEN_MARK, viewer.csrf_token
            )
        else:  # the member's text and its errors
            viewer.answer_form_html = render_to_string(
                "community/_answer_form.html",
                {"question": question, "answer_form": answer_form, "is_agent": viewer.agent,
                 "honeypot": moderation.HONEYPOT_FIELD},
                request,
            )
    return viewer


_TOKEN_MARK = "gildecsrftokenmark"


def _empty_answer_form(question_pk, agent: bool) -> str:
    """The empty answer form, rendered once per language, role and brand name in this process."""
    from branding.services import brand_get

    brand = brand_get() if agent else None  # only the agents' note names the brand
    key = (get_language(), agent, brand.name if brand else "")
    html = _EMPTY_FORMS.get_or_set(
        key,
        lambda: get_template("community/_answer_form.html").render(
            {"question": Question(pk=_SENTINEL_PK), "answer_form": AnswerForm(), "is_agent": agent,
             "honeypot": moderation.HONEYPOT_FIELD, "brand": brand, "csrf_token": _TOKEN_MARK}
        ),
        3600,
    )
    return html.replace(str(_SENTINEL_PK), str(question_pk))


_EMPTY_FORMS = pagecache.ProcessMemo(size=64)
_SENTINEL_PK = 987654321


def question_page(request, question, *, answer_form=None, status=200, extra=None):
    """The question, one page of answers (accepted, official, then by score) and their comments.

    The thread is the shared rendering (cached per question, answer page,
    language and version) unless this reader sees more than the published
    posts (a moderator, or a member with own pending, hidden or deleted posts
    here) or follows a link to one answer; the reader's own controls are then
    filled in (community/slots.py). A member's votes, follow and own unseen
    posts come from one query (``thread_facts``).
    """
    user = request.user
    viewer = _viewer(request, question, answer_form=answer_form, extra=extra)
    page_number = request.GET.get("page") or "1"
    if not page_number.isdigit():
        page_number = "1"
    linked = request.GET.get("answer", "")
    thread = None
    facts = None
    if question.is_visible and not viewer.moderator and not linked:
        thread = pagecache.pages.fragment(
            pagecache.pages.key("thread", question.pk, page_number, request=request),
            pagecache.QUESTION_TTL,
            lambda: render_to_string(
                "community/question_detail.html#main",
                _thread_context(question, viewer=None, page_number=page_number),
                request,
            ),
            compile=slots.compile,
        )
        if user.is_authenticated:
            facts = thread_facts(member_id=user.pk, question_id=question.pk, answer_ids=thread.answer_ids)
            if facts.has_unseen_posts:
                thread = None  # they see their own pending/hidden/deleted posts: their own rendering
    if thread is None:
        if linked.isdigit():
            ids = list(Answer.objects.visible_to(user).filter(question=question).thread_order()
                       .values_list("id", flat=True))
            if int(linked) in ids:
                page_number = ids.index(int(linked)) // ANSWERS_PER_PAGE + 1
        context = _thread_context(question, viewer=user, page_number=page_number)
        thread = slots.compile(render_to_string("community/question_detail.html#main", context, request))
        if user.is_authenticated:
            facts = thread_facts(member_id=user.pk, question_id=question.pk, answer_ids=thread.answer_ids)
    if facts is not None:
        viewer.votes = facts.votes
        viewer.following = facts.following
    main = mark_safe(thread.fill(viewer))  # noqa: S308 - our template's output, controls escaped in slots
    return render(request, "community/question_detail.html", {"question": question, "thread": main},
                  status=status)


def _record_view(request, meta):
    analytics.track_request(request, "community.question_viewed", obj=Question(pk=meta["question"]), defer=True)


@pagecache.anonymous_page(pagecache.pages, "question", ttl=pagecache.QUESTION_TTL, params=("page",),
                          on_hit=_record_view)
def question_detail(request, pk, slug=None):
    # The row (with author and topic) is read through the cache under the community
    # version: every write service bumps it, so it is as fresh as the thread.
    question = copy.copy(pagecache.pages.value(
        pagecache.pages.key("question-row", pk, request=request),
        pagecache.QUESTION_TTL,
        lambda: get_object_or_404(Question.objects.select_related("author", "topic"), pk=pk),
    ))
    if question.merged_into_id:
        return redirect(reverse("community:question", args=[question.merged_into_id, "q"]))
    if not access.can_see(request.user, question):
        raise Http404
    analytics.track_request(request, "community.question_viewed", obj=question, defer=True)
    request.pagecache_meta = {"question": question.pk}
    return question_page(request, question)


def answer_link(request, pk):
    answer = access.get_answer_for(request.user, pk)
    return redirect(
        f"{reverse('community:question', args=[answer.question_id, answer.question.slug])}"
        f"?answer={answer.pk}#answer-{answer.pk}"
    )


def _suggest_url() -> str:
    try:
        return reverse("search:suggest")
    except NoReverseMatch:
        return ""


def _ask_context(request, form, **extra):
    popular = list(
        CommunityTag.objects.annotate(n=Count("tagged_questions"))
        .order_by("-n", "name")
        .values_list("name", flat=True)[:30]
    )
    return {
        "form": form,
        "popular_tags": popular,
        "suggest_url": _suggest_url(),
        "honeypot": moderation.HONEYPOT_FIELD,
        **extra,
    }


@posting_allowed
def ask(request):
    first = not Question.objects.filter(author=request.user).exists()
    if first and request.method == "GET" and request.GET.get("guidelines") != "read":
        return render(
            request,
            "community/ask_guidelines.html",
            {"topic": request.GET.get("topic", ""), "title": request.GET.get("title", "")[:200]},
        )
    initial = {
        "language": "nl" if (request.LANGUAGE_CODE or "").startswith("nl") else "en",
        # "Get help" hands over what the customer typed.
        "title": request.GET.get("title", "")[:200],
    }
    topic_slug = request.GET.get("topic")
    if topic_slug:
        initial["topic"] = Topic.objects.filter(slug=topic_slug).first()
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if moderation.honeypot_tripped(request.POST):
            return honeypot_refusal()
        if request.POST.get("preview"):
            form.is_valid()
            return render(
                request,
                "community/ask.html",
                _ask_context(request, form, preview_html=markdown_html(request.POST.get("body", ""))),
            )
        if form.is_valid():
            data = form.cleaned_data
            limited = check_rate_limit(request, "question", f"{data['title']}\n\n{data['body']}")
            if limited:
                return rate_limited(request, "community/ask.html", _ask_context(request, form), limited)
            question = services.question_create(
                author=request.user,
                topic=data["topic"],
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
                language=data["language"],
            )
            if not question.is_visible:
                messages.info(
                    request,
                    _("Thanks! Your question is awaiting review by a moderator; only you can see it until then."),
                )
            return redirect(question)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "community/ask.html", _ask_context(request, form), status=400 if form.errors else 200)


@require_POST
@login_required
@throttle("preview")
def preview(request):
    return render(request, "community/_preview.html", {"preview_html": markdown_html(request.POST.get("body", ""))})


@require_GET
@throttle("suggest")
def tag_suggest(request):
    """Options for the tags field's datalist: existing tags completing the last one typed."""
    value = request.GET.get("tags", "")
    parts = [p.strip() for p in value.split(",")]
    last = parts[-1].lower() if parts else ""
    before = [p for p in parts[:-1] if p]
    tags = CommunityTag.objects.annotate(n=Count("tagged_questions")).order_by("-n", "name")
    if last:
        tags = tags.filter(name__istartswith=last)
    options = [", ".join([*before, name]) for name in tags.values_list("name", flat=True)[:8]]
    return render(request, "community/_tag_options.html", {"options": options})


@require_POST
@login_required
def follow_topic(request, slug):
    topic = access.get_topic_for(request.user, slug)
    services.follow_set(member=request.user, target=topic, on=request.POST.get("on") == "1")
    return redirect(topic)


@require_POST
@login_required
def follow_tag(request, slug):
    tag = get_object_or_404(CommunityTag, slug=slug)
    services.follow_set(member=request.user, target=tag, on=request.POST.get("on") == "1")
    return redirect(tag.get_absolute_url())
