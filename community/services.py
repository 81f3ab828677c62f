"""Every write in the community app. Keyword-only, atomic.

Views check who may act (community.access) and call moderation's rate limit
and honeypot; services keep the data consistent: counters, revisions,
screening, reputation, and the tasks that notify after commit.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

import analytics
from accounts import roles
from analytics import events as E
from community import tasks
from community.models import (
    Answer,
    BadgeAward,
    Comment,
    CommunityTag,
    Follow,
    Idea,
    IdeaStatus,
    MemberStats,
    Notification,
    Question,
    ReputationEvent,
    Revision,
    Topic,
    Vote,
)
from community.notifications import quiet, unread_cache_key
from community.pagecache import bumps_pages
from community.querysets import PUBLISHED_Q
from community.recognition import BADGES, POINTS
from core import jobs
from core.markdown import markdown_html
from moderation import api as moderation
from moderation.api import ContentState

User = get_user_model()
MAX_TAGS = 5


class NotAllowed(Exception):
    """The action breaks a community rule (own vote, locked thread, ...)."""


# --- helpers -------------------------------------------------------------------


def _revise(obj, *, editor, reason: str, title: str = "") -> Revision:
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        editor=editor,
        title=title,
        body=obj.body,
        reason=reason[:200],
    )


def _count_subquery(qs, field: str):
    return Coalesce(Subquery(qs.order_by().values(field).annotate(c=Count("pk")).values("c")[:1]), 0)


def _screen(obj, *, author, text: str, enabled: bool) -> None:
    if not enabled:
        return
    screening = moderation.screen(obj=obj, author=author, text=text)
    if screening.state != obj.state:
        obj.state = screening.state
        type(obj).objects.filter(pk=obj.pk).update(state=screening.state)


def _reindex(question: Question) -> None:
    try:
        from search import registry
    except ImportError:  # search not installed
        return
    if registry.get_registration(Question):
        registry.reindex_later(question)


@bumps_pages
def question_refresh(*, question_id: int, touch: bool = False) -> None:
    """Recompute a question's counters and status from its visible answers in one UPDATE."""
    visible = Answer.objects.filter(PUBLISHED_Q, question_id=OuterRef("pk"))
    updates = {
        "answer_count": _count_subquery(visible, "question_id"),
        "has_official_answer": Exists(visible.filter(is_official=True)),
        "status": Case(
            When(Exists(visible.filter(is_accepted=True)), then=Value("solved")),
            When(Exists(visible), then=Value("answered")),
            default=Value("open"),
        ),
    }
    if touch:
        updates["last_activity_at"] = timezone.now()
    Question.objects.filter(pk=question_id).update(**updates)


@bumps_pages
def topic_refresh(*, topic_id: int) -> None:
    visible = Question.objects.filter(PUBLISHED_Q, topic_id=OuterRef("pk"))
    Topic.objects.filter(pk=topic_id).update(question_count=_count_subquery(visible, "topic_id"))


@bumps_pages
def member_stats_refresh(*, member_id: int) -> None:
    """Recompute one member's numbers (a few indexed aggregates in one UPDATE)."""
    MemberStats.objects.get_or_create(member_id=member_id)
    answers = Answer.objects.filter(PUBLISHED_Q, author_id=OuterRef("member_id"))
    MemberStats.objects.filter(member_id=member_id).update(
        reputation=Coalesce(
            Subquery(
                ReputationEvent.objects.filter(member_id=OuterRef("member_id"))
                .order_by()
                .values("member_id")
                .annotate(s=Sum("points"))
                .values("s")[:1]
            ),
            0,
        ),
        question_count=_count_subquery(
            Question.objects.filter(PUBLISHED_Q, author_id=OuterRef("member_id")), "author_id"
        ),
        answer_count=_count_subquery(answers, "author_id"),
        accepted_count=_count_subquery(answers.filter(is_accepted=True), "author_id"),
    )


def _reputation(*, member_id: int, key: str, reason: str | None, question_id=None) -> None:
    """Set (or, with reason None, remove) the points one fact earned a member."""
    if reason is None:
        ReputationEvent.objects.filter(member_id=member_id, key=key).delete()
    else:
        ReputationEvent.objects.update_or_create(
            member_id=member_id,
            key=key,
            defaults={"reason": reason, "points": POINTS[reason], "question_id": question_id},
        )
    member_stats_refresh(member_id=member_id)


def _enqueue(task, *args) -> None:
    """Owe a run of ``task`` (an outbox row in this transaction, sent after commit),
    unless notifications are muted (the demo loader)."""
    if quiet.get():
        return
    jobs.enqueue(task, *args)


def _after_commit_badges(member_id: int) -> None:
    _enqueue(tasks.award_badges, member_id)


def _clean_tags(names) -> list[str]:
    seen, out = set(), []
    for name in names or []:
        name = " ".join(str(name).split())[:50].strip().lower()
        if name and name not in seen:
            seen.add(name)
            out.append(name)
    return out


def _set_tags(question: Question, names) -> None:
    names = _clean_tags(names)[:MAX_TAGS]
    tags = []
    for name in names:
        tag = CommunityTag.objects.filter(name__iexact=name).first()
        if tag is None:
            slug = slugify(name, allow_unicode=True) or "tag"
            try:
                with transaction.atomic():
                    tag = CommunityTag.objects.create(name=name, slug=slug)
            except IntegrityError:
                tag = CommunityTag.objects.filter(slug=slug).first() or CommunityTag.objects.get(name=name)
        tags.append(tag)
    question.tags.set(tags)


# --- topics ----------------------------------------------------------------------


@bumps_pages
@transaction.atomic
def topic_create(
    *, name: str, description: str = "", slug: str = "", name_nl: str = "", description_nl: str = ""
) -> Topic:
    last = Topic.objects.order_by("-position").values_list("position", flat=True).first() or 0
    return Topic.objects.create(
        name=name,
        description=description,
        slug=slug or slugify(name, allow_unicode=True) or "topic",
        name_nl=name_nl,
        description_nl=description_nl,
        position=last + 1,
    )


@bumps_pages
@transaction.atomic
def topic_update(
    *, topic: Topic, name: str, description: str, name_nl: str | None = None, description_nl: str | None = None
) -> Topic:
    """Rename a topic; the Dutch name and description stay as they are when not given."""
    topic.name, topic.description = name, description
    if name_nl is not None:
        topic.name_nl = name_nl
    if description_nl is not None:
        topic.description_nl = description_nl
    topic.save(update_fields=["name", "description", "name_nl", "description_nl"])
    from search.services import categories_changed

    categories_changed()  # the search filter names topics
    return topic


@bumps_pages
@transaction.atomic
def topic_move(*, topic: Topic, up: bool) -> None:
    """Swap a topic with its neighbour; positions are renumbered so they stay distinct."""
    topics = list(Topic.objects.select_for_update().order_by("position", "name"))
    i = next(i for i, t in enumerate(topics) if t.pk == topic.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(topics):
        topics[i], topics[j] = topics[j], topics[i]
    for position, t in enumerate(topics, start=1):
        if t.position != position:
            Topic.objects.filter(pk=t.pk).update(position=position)


# --- questions ---------------------------------------------------------------------


@bumps_pages
@transaction.atomic
def question_create(
    *,
    author,
    topic: Topic,
    title: str,
    body: str,
    tags=(),
    language: str = "en",
    screen_content: bool = True,
) -> Question:
    question = Question.objects.create(
        topic=topic,
        author=author,
        title=title.strip(),
        body=body,
        body_html=markdown_html(body),
        language=language,
    )
    _set_tags(question, tags)
    _revise(question, editor=author, reason="", title=question.title)
    Follow.objects.get_or_create(member=author, question=question)
    _screen(question, author=author, text=f"{question.title}\n\n{body}", enabled=screen_content)
    if question.is_visible:
        _question_became_visible(question)
    _reindex(question)
    analytics.track(E.QUESTION_ASKED, user=author, obj=question)
    return question


def _question_became_visible(question: Question) -> None:
    topic_refresh(topic_id=question.topic_id)
    member_stats_refresh(member_id=question.author_id)
    _after_commit_badges(question.author_id)
    qid = question.pk
    _enqueue(tasks.notify_question, qid)


@bumps_pages
@transaction.atomic
def question_edit(*, question: Question, editor, title: str, body: str, tags=None, reason: str) -> Question:
    question.title, question.body, question.body_html = title.strip(), body, markdown_html(body)
    question.edited_at = timezone.now()
    question.save(update_fields=["title", "body", "body_html", "edited_at"])
    if tags is not None:
        _set_tags(question, tags)
    _revise(question, editor=editor, reason=reason, title=question.title)
    _reindex(question)
    return question


@bumps_pages
@transaction.atomic
def question_set_locked(*, question: Question, locked: bool, by=None) -> None:
    Question.objects.filter(pk=question.pk).update(is_locked=locked)
    question.is_locked = locked


@bumps_pages
@transaction.atomic
def question_set_pinned(*, question: Question, pinned: bool, by=None) -> None:
    Question.objects.filter(pk=question.pk).update(is_pinned=pinned)
    question.is_pinned = pinned


@bumps_pages
@transaction.atomic
def question_set_answered_by_support(*, question: Question, value: bool, by) -> None:
    Question.objects.filter(pk=question.pk).update(answered_by_support=value, last_activity_at=timezone.now())
    question.answered_by_support = value


@bumps_pages
@transaction.atomic
def question_move(*, question: Question, topic_id: int, by=None) -> None:
    old = question.topic_id
    Question.objects.filter(pk=question.pk).update(topic_id=topic_id)
    question.topic_id = topic_id
    topic_refresh(topic_id=old)
    topic_refresh(topic_id=topic_id)
    _reindex(question)


@bumps_pages
@transaction.atomic
def question_merge(*, question: Question, into: Question, by=None) -> None:
    """Move the answers and comments of ``question`` to ``into``; the old URL then redirects there."""
    if question.pk == into.pk:
        raise NotAllowed("A question cannot be merged into itself.")
    if into.accepted_answer_id:
        Answer.objects.filter(question=question, is_accepted=True).update(is_accepted=False)
    Answer.objects.filter(question=question).update(question=into)
    Comment.objects.filter(question=question).update(question=into)
    for follow in Follow.objects.filter(question=question).values_list("member_id", flat=True):
        Follow.objects.get_or_create(member_id=follow, question=into)
    accepted = Answer.objects.filter(question=into, is_accepted=True).values_list("pk", flat=True).first()
    Question.objects.filter(pk=into.pk).update(accepted_answer_id=accepted)
    Question.objects.filter(pk=question.pk).update(
        merged_into=into,
        state=ContentState.HIDDEN,
        accepted_answer=None,
        answer_count=0,
        status="open",
    )
    question.merged_into, question.state = into, ContentState.HIDDEN
    question_refresh(question_id=into.pk, touch=True)
    topic_refresh(topic_id=question.topic_id)
    _reindex(question)
    _reindex(into)


# --- answers -----------------------------------------------------------------------------


@bumps_pages
@transaction.atomic
def answer_create(*, author, question: Question, body: str, screen_content: bool = True) -> Answer:
    locked = Question.objects.select_for_update().filter(pk=question.pk).values_list("is_locked", flat=True).first()
    if locked:
        raise NotAllowed("This question is locked.")
    answer = Answer.objects.create(
        question=question,
        author=author,
        body=body,
        body_html=markdown_html(body),
        is_official=roles.is_agent(author),
    )
    _revise(answer, editor=author, reason="")
    Follow.objects.get_or_create(member=author, question=question)
    _screen(answer, author=author, text=body, enabled=screen_content)
    if answer.is_visible:
        _answer_became_visible(answer)
    analytics.track(
        E.ANSWER_POSTED, user=author, obj=answer, question=question.pk, official=answer.is_official
    )
    return answer


def _answer_became_visible(answer: Answer) -> None:
    question_refresh(question_id=answer.question_id, touch=True)
    _reindex(Question(pk=answer.question_id))  # official answers are part of the question's document
    member_stats_refresh(member_id=answer.author_id)
    _after_commit_badges(answer.author_id)
    aid = answer.pk
    _enqueue(tasks.notify_answer, aid)


@bumps_pages
@transaction.atomic
def answer_edit(*, answer: Answer, editor, body: str, reason: str) -> Answer:
    answer.body, answer.body_html, answer.edited_at = body, markdown_html(body), timezone.now()
    answer.save(update_fields=["body", "body_html", "edited_at"])
    _revise(answer, editor=editor, reason=reason)
    return answer


@bumps_pages
@transaction.atomic
def answer_accept(*, answer: Answer, by) -> bool:
    """Accept ``answer`` (or, if it is the accepted one, un-accept it). Returns the new state.

    One accepted answer per question is a database constraint; the row lock on
    the question serialises two people accepting at once.
    """
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    previous = question.accepted_answer_id
    accept = previous != answer.pk
    Answer.objects.filter(question=question, is_accepted=True).update(is_accepted=False)
    if accept:
        Answer.objects.filter(pk=answer.pk).update(is_accepted=True)
    Question.objects.filter(pk=question.pk).update(accepted_answer_id=answer.pk if accept else None)
    answer.is_accepted = accept
    question_refresh(question_id=question.pk, touch=True)

    if previous:
        prev = Answer.objects.filter(pk=previous).values_list("author_id", flat=True).first()
        if prev:
            _reputation(member_id=prev, key=f"accepted:{question.pk}", reason=None)
    _reputation(member_id=question.author_id, key=f"accepting:{question.pk}", reason=None)
    if accept:
        if answer.author_id != question.author_id:
            _reputation(
                member_id=answer.author_id,
                key=f"accepted:{question.pk}",
                reason="answer_accepted",
                question_id=question.pk,
            )
            if by.pk == question.author_id:
                _reputation(
                    member_id=question.author_id,
                    key=f"accepting:{question.pk}",
                    reason="accepted_an_answer",
                    question_id=question.pk,
                )
        else:
            member_stats_refresh(member_id=answer.author_id)
        if roles.is_agent(by) and by.pk != answer.author_id:
            badge_award(member=answer.author, badge="endorsed", reason=f"accepted:{answer.pk}")
        aid, by_id = answer.pk, by.pk
        _enqueue(tasks.notify_accepted, aid, by_id)
        _after_commit_badges(answer.author_id)
    _reindex(question)
    analytics.track(
        E.ANSWER_ACCEPTED if accept else E.ANSWER_UNACCEPTED, user=by, obj=answer, question=question.pk
    )
    return accept


# --- comments ---------------------------------------------------------------------------


@bumps_pages
@transaction.atomic
def comment_create(
    *, author, question: Question, body: str, answer: Answer | None = None, screen_content: bool = True
) -> Comment:
    if Question.objects.filter(pk=question.pk, is_locked=True).exists():
        raise NotAllowed("This question is locked.")
    comment = Comment.objects.create(
        question=question, answer=answer, author=author, body=body, body_html=markdown_html(body)
    )
    _revise(comment, editor=author, reason="")
    _screen(comment, author=author, text=body, enabled=screen_content)
    if comment.is_visible:
        Question.objects.filter(pk=question.pk).update(last_activity_at=timezone.now())
        cid = comment.pk
        _enqueue(tasks.notify_comment, cid)
    return comment


@bumps_pages
@transaction.atomic
def comment_edit(*, comment: Comment, editor, body: str, reason: str) -> Comment:
    comment.body, comment.body_html, comment.edited_at = body, markdown_html(body), timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    _revise(comment, editor=editor, reason=reason)
    return comment


# --- visibility (delete / restore, moderation states) ----------------------------------------


def _visibility_changed(obj, was_visible: bool) -> None:
    if obj.is_visible == was_visible:
        return
    if isinstance(obj, Question):
        topic_refresh(topic_id=obj.topic_id)
        member_stats_refresh(member_id=obj.author_id)
        if obj.is_visible:
            _question_became_visible(obj)
        _reindex(obj)
    elif isinstance(obj, Answer):
        if obj.is_visible:
            _answer_became_visible(obj)
        else:
            question_refresh(question_id=obj.question_id)
            member_stats_refresh(member_id=obj.author_id)
            _reindex(Question(pk=obj.question_id))
    elif isinstance(obj, Comment) and obj.is_visible:
        cid = obj.pk
        _enqueue(tasks.notify_comment, cid)


@bumps_pages
@transaction.atomic
def post_set_deleted(*, obj, deleted: bool, by=None) -> None:
    """Deleting hides a post (kept, restorable); nothing is erased."""
    was_visible = obj.is_visible
    type(obj).objects.filter(pk=obj.pk).update(is_deleted=deleted)
    obj.is_deleted = deleted
    _visibility_changed(obj, was_visible)


@bumps_pages
@transaction.atomic
def post_set_state(*, obj, state: str) -> None:
    """Moderation's decision (published, pending, hidden) on any community post."""
    was_visible = obj.is_visible
    type(obj).objects.filter(pk=obj.pk).update(state=state)
    obj.state = state
    _visibility_changed(obj, was_visible)


@bumps_pages
@transaction.atomic
def post_edit(*, obj, editor, body: str, reason: str) -> None:
    """A body-only edit of any post (used by moderators), keeping a revision."""
    if isinstance(obj, Question):
        question_edit(question=obj, editor=editor, title=obj.title, body=body, reason=reason)
    elif isinstance(obj, Answer):
        answer_edit(answer=obj, editor=editor, body=body, reason=reason)
    elif isinstance(obj, Comment):
        comment_edit(comment=obj, editor=editor, body=body, reason=reason)
    elif isinstance(obj, Idea):
        idea_edit(idea=obj, editor=editor, title=obj.title, body=body, reason=reason)


# --- votes ------------------------------------------------------------------------------------


def _target_field(target) -> str:
    return {Question: "question", Answer: "answer", Idea: "idea"}[type(target)]


@bumps_pages
@transaction.atomic
def vote_cast(*, member, target, value: int) -> int:
    """Vote +1 or -1; casting the same vote again withdraws it. Returns the member's vote now (1, -1, 0).

    One vote per member and target is a database constraint; a concurrent
    duplicate insert lands in the IntegrityError branch and updates instead.
    """
    if value not in (1, -1):
        raise ValueError("A vote is +1 or -1.")
    if target.author_id == member.pk:
        raise NotAllowed("You cannot vote on your own post.")
    field = _target_field(target)
    model = type(target)
    now_value = value
    try:
        with transaction.atomic():
            vote = Vote.objects.create(member=member, value=value, **{field: target})
        delta = value
    except IntegrityError:
        vote = Vote.objects.select_for_update().get(member=member, **{field: target})
        if vote.value == value:
            delta, now_value = -value, 0
            vote_id = vote.pk
            vote.delete()
            vote.pk = vote_id
        else:
            delta = value - vote.value
            vote.value = value
            vote.save(update_fields=["value"])
    model.objects.filter(pk=target.pk).update(score=F("score") + delta)
    target.refresh_from_db(fields=["score"])

    reason = None
    if now_value:
        reason = f"{field}_{'upvoted' if now_value > 0 else 'downvoted'}"
        if field == "idea" and now_value < 0:
            reason = None
    question_id = target.pk if field == "question" else getattr(target, "question_id", None)
    _reputation(member_id=target.author_id, key=f"vote:{vote.pk}", reason=reason, question_id=question_id)
    if now_value > 0 and field == "answer" and roles.is_agent(member):
        badge_award(member=target.author, badge="endorsed", reason=f"vote:{vote.pk}")
    _after_commit_badges(target.author_id)
    if field == "question":
        _reindex(target)
    # ``value`` is the change to the target's score (+1, -1, or +-2 for a switched vote;
    # a withdrawn vote is the negative of the one withdrawn), so summing it gives the score.
    analytics.track(E.VOTE_CAST, user=member, obj=target, value=delta, vote=now_value, kind=field)
    return now_value


# --- follows --------------------------------------------------------------------------------


@transaction.atomic
def follow_set(*, member, target, on: bool) -> bool:
    field = {Question: "question", Topic: "topic", CommunityTag: "tag", Idea: "idea"}[type(target)]
    if on:
        try:
            with transaction.atomic():
                Follow.objects.get_or_create(member=member, **{field: target})
        except IntegrityError:
            pass
    else:
        Follow.objects.filter(member=member, **{field: target}).delete()
    return on


# --- notifications -----------------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, member, ids=None) -> int:
    qs = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    count = qs.update(read_at=timezone.now())
    # Now, and again after commit so a count cached meanwhile from the old rows is dropped too.
    cache.delete(unread_cache_key(member.pk))
    transaction.on_commit(lambda: cache.delete(unread_cache_key(member.pk)))
    return count


def member_unsubscribe(*, member) -> None:
    """One-click unsubscribe from community emails."""
    from accounts.services import user_set_email_notifications

    user_set_email_notifications(user=member, preference="never")


# --- ideas ----------------------------------------------------------------------------------------


@transaction.atomic
def idea_create(*, author, title: str, body: str, language: str = "en", screen_content: bool = True) -> Idea:
    idea = Idea.objects.create(
        author=author, title=title.strip(), body=body, body_html=markdown_html(body), language=language
    )
    _revise(idea, editor=author, reason="", title=idea.title)
    Follow.objects.get_or_create(member=author, idea=idea)
    _screen(idea, author=author, text=f"{idea.title}\n\n{body}", enabled=screen_content)
    _after_commit_badges(author.pk)
    analytics.track(E.IDEA_POSTED, user=author, obj=idea)
    return idea


@transaction.atomic
def idea_edit(*, idea: Idea, editor, title: str, body: str, reason: str) -> Idea:
    idea.title, idea.body, idea.body_html, idea.edited_at = title.strip(), body, markdown_html(body), timezone.now()
    idea.save(update_fields=["title", "body", "body_html", "edited_at"])
    _revise(idea, editor=editor, reason=reason, title=idea.title)
    return idea


@transaction.atomic
def idea_set_status(*, idea: Idea, status: str, comment: str, by) -> Idea:
    if status not in IdeaStatus.values:
        raise ValueError("Unknown idea status.")
    changed = status != idea.status
    idea.status, idea.official_comment = status, comment
    idea.official_comment_html = markdown_html(comment)
    idea.status_changed_by, idea.status_changed_at = by, timezone.now()
    idea.save(
        update_fields=["status", "official_comment", "official_comment_html", "status_changed_by", "status_changed_at"]
    )
    if changed:
        iid, at = idea.pk, idea.status_changed_at.isoformat()
        _enqueue(tasks.notify_idea_status, iid, status, at)
        if status in (IdeaStatus.PLANNED, IdeaStatus.IN_PROGRESS, IdeaStatus.DONE):
            badge_award(member=idea.author, badge="idea_planned", reason=f"idea:{idea.pk}")
    return idea


# --- badges -----------------------------------------------------------------------------------------


@bumps_pages
def badge_award(*, member, badge: str, reason: str = "") -> bool:
    """Award once; returns True when newly awarded (and then notifies the member)."""
    if badge not in BADGES:
        raise ValueError(f"Unknown badge {badge!r}")
    try:
        with transaction.atomic():
            award = BadgeAward.objects.create(member=member, badge=badge, reason=reason)
    except IntegrityError:
        return False
    from community.notifications import notify

    notify(
        recipients=[member.pk],
        kind="badge",
        key=f"badge:{badge}",
        title=str(BADGES[badge].name),
        url=member.get_absolute_url() + "#badges",
        actor=None,
    )
    return bool(award)
