"""Celery tasks of the community. They take ids, read fresh rows, and are
idempotent: notifications are unique per (recipient, key) and emails are
claimed before they are sent."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.jobs import JobTask

User = get_user_model()


def _followers(**target) -> set[int]:
    from community.models import Follow

    return set(Follow.objects.filter(**target).values_list("member_id", flat=True))


@shared_task(name="community.tasks.notify_question", base=JobTask)
def notify_question(question_id: int) -> None:
    from community.models import Follow, Question
    from community.notifications import mentioned_member_ids, notify

    q = Question.objects.filter(pk=question_id).first()
    if q is None or not q.is_visible:
        return
    url = q.get_absolute_url()
    with transaction.atomic():
        mentioned = mentioned_member_ids(q.body)
        notify(recipients=mentioned, kind="mention", key=f"mention:q{q.pk}", title=q.title, url=url, actor=q.author_id)
        followers = set(
            Follow.objects.filter(Q(topic_id=q.topic_id) | Q(tag__tagged_questions__content_object=q)).values_list(
                "member_id", flat=True
            )
        )
        notify(
            recipients=followers - mentioned,
            kind="new_question",
            key=f"question:{q.pk}",
            title=q.title,
            url=url,
            actor=q.author_id,
        )


def _participants(question):
    from community.models import Answer, Comment

    ids = {question.author_id}
    ids |= set(Answer.objects.filter(question=question).values_list("author_id", flat=True)[:200])
    ids |= set(Comment.objects.filter(question=question).values_list("author_id", flat=True)[:200])
    return list(User.objects.filter(pk__in=ids))


@shared_task(name="community.tasks.notify_answer", base=JobTask)
def notify_answer(answer_id: int) -> None:
    from community.models import Answer
    from community.notifications import mentioned_member_ids, notify

    a = Answer.objects.select_related("question").filter(pk=answer_id).first()
    if a is None or not a.is_visible or not a.question.is_visible:
        return
    q = a.question
    url = a.get_absolute_url()
    with transaction.atomic():
        mentioned = mentioned_member_ids(a.body, participants=_participants(q))
        notify(recipients=mentioned, kind="mention", key=f"mention:a{a.pk}", title=q.title, url=url, actor=a.author_id)
        notify(
            recipients=_followers(question=q) - mentioned,
            kind="answer",
            key=f"answer:{a.pk}",
            title=q.title,
            url=url,
            actor=a.author_id,
        )


@shared_task(name="community.tasks.notify_comment", base=JobTask)
def notify_comment(comment_id: int) -> None:
    from community.models import Comment
    from community.notifications import mentioned_member_ids, notify

    c = Comment.objects.select_related("question", "answer").filter(pk=comment_id).first()
    if c is None or not c.is_visible or not c.question.is_visible:
        return
    q = c.question
    url = c.get_absolute_url()
    with transaction.atomic():
        mentioned = mentioned_member_ids(c.body, participants=_participants(q))
        notify(recipients=mentioned, kind="mention", key=f"mention:c{c.pk}", title=q.title, url=url, actor=c.author_id)
        recipients = {q.author_id} | ({c.answer.author_id} if c.answer_id else set())
        notify(
            recipients=recipients - mentioned,
            kind="comment",
            key=f"comment:{c.pk}",
            title=q.title,
            url=url,
            actor=c.author_id,
        )


@shared_task(name="community.tasks.notify_accepted", base=JobTask)
def notify_accepted(answer_id: int, by_id: int) -> None:
    from community.models import Answer
    from community.notifications import notify

    a = Answer.objects.select_related("question").filter(pk=answer_id, is_accepted=True).first()
    if a is None:
        return
    with transaction.atomic():
        notify(
            recipients=[a.author_id],
            kind="accepted",
            key=f"accepted:{a.pk}",
            title=a.question.title,
            url=a.get_absolute_url(),
            actor=by_id,
        )


@shared_task(name="community.tasks.notify_idea_status", base=JobTask)
def notify_idea_status(idea_id: int, status: str, changed_at: str) -> None:
    from community.models import Idea
    from community.notifications import notify

    idea = Idea.objects.filter(pk=idea_id).first()
    if idea is None or not idea.is_visible:
        return
    with transaction.atomic():
        notify(
            recipients=_followers(idea=idea),
            kind="idea_status",
            key=f"idea:{idea.pk}:{status}:{changed_at}"[:120],
            title=idea.title,
            url=idea.get_absolute_url(),
            actor=idea.status_changed_by_id,
        )


@shared_task(name="community.tasks.send_notification_email", base=JobTask, bind=True, max_retries=5)
def send_notification_email(self, notification_id: int) -> None:
    from community.models import Notification
    from community.notifications import email_one

    # Claim first: a second run (retry, duplicate delivery) finds nothing to send.
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return
    n = Notification.objects.select_related("recipient", "actor").get(pk=notification_id)
    member = n.recipient
    if n.read_at or not member.is_active or member.email_notifications != "immediately":
        return
    try:
        email_one(n)
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries)


@shared_task(name="community.tasks.send_daily_digests", ignore_result=True)
def send_daily_digests() -> int:
    """Beat, once a day: one digest task per member who chose the daily digest."""
    from community.models import Notification

    members = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            recipient__email_notifications="daily",
            recipient__is_active=True,
        )
        .order_by()  # the default ordering would defeat DISTINCT
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    from core import jobs

    members = list(members)
    with transaction.atomic():  # owed as outbox rows: a lost broker or worker loses no digest
        for member_id in members:
            jobs.enqueue(send_digest, member_id)
    return len(members)


@shared_task(name="community.tasks.send_digest", base=JobTask, bind=True, max_retries=5)
def send_digest(self, member_id: int) -> int:
    from community.models import Notification
    from community.notifications import email_digest

    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None or member.email_notifications != "daily":
        return 0
    stamp = timezone.now()
    # Claim this member's unsent notifications with one stamp; only those go in this digest.
    Notification.objects.filter(recipient=member, emailed_at__isnull=True, read_at__isnull=True).update(
        emailed_at=stamp
    )
    items = list(
        Notification.objects.select_related("actor").filter(recipient=member, emailed_at=stamp).order_by("id")[:50]
    )
    if not items:
        return 0
    try:
        email_digest(member, items)
    except Exception as exc:
        Notification.objects.filter(recipient=member, emailed_at=stamp).update(emailed_at=None)
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries)
    return len(items)


@shared_task(name="community.tasks.award_badges", base=JobTask)
def award_badges(member_id: int) -> list[str]:
    """Check every automatic badge for one member; awarding is once per badge (a constraint)."""
    from community.models import Answer, Idea, MemberStats, Question
    from community.querysets import PUBLISHED_Q
    from community.services import badge_award

    member = User.objects.filter(pk=member_id).first()
    if member is None:
        return []
    stats = MemberStats.objects.filter(member=member).first()
    accepted = stats.accepted_count if stats else 0
    checks = {
        "first_question": lambda: Question.objects.filter(PUBLISHED_Q, author=member).exists(),
        "first_answer": lambda: Answer.objects.filter(PUBLISHED_Q, author=member).exists(),
        "first_accepted": lambda: accepted >= 1,
        "accepted_10": lambda: accepted >= 10,
        "good_question": lambda: Question.objects.filter(PUBLISHED_Q, author=member, score__gte=10).exists(),
        "first_idea": lambda: Idea.objects.filter(PUBLISHED_Q, author=member).exists(),
    }
    have = set(member.community_badges.values_list("badge", flat=True))
    awarded = []
    for badge, check in checks.items():
        if badge not in have and check():
            with transaction.atomic():
                if badge_award(member=member, badge=badge, reason="auto"):
                    awarded.append(badge)
    return awarded


@shared_task(name="community.tasks.promote_trust_levels", ignore_result=True)
def promote_trust_levels() -> int:
    """Beat, daily: raise trust levels 0-2 to what activity has earned (never lowers; 4 is manual)."""
    from accounts.services import user_set_trust_level
    from community.models import MemberStats
    from community.recognition import trust_level_earned

    now = timezone.now()
    promoted = 0
    candidates = (
        MemberStats.objects.select_related("member")
        .filter(
            member__is_active=True,
            member__trust_level__lt=3,
        )
        .filter(Q(question_count__gt=0) | Q(answer_count__gt=0))
    )
    for stats in candidates.iterator(chunk_size=500):
        member = stats.member
        if member.is_suspended:
            continue
        earned = trust_level_earned(
            age=now - member.date_joined,
            posts=stats.question_count + stats.answer_count,
            reputation=stats.reputation,
            accepted=stats.accepted_count,
        )
        if earned > member.trust_level:
            user_set_trust_level(user=member, level=earned)
            promoted += 1
    return promoted
