import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from core.jobs import JobTask
from support import integrations, webhooks
from support.models import Ticket, WebhookDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # 1 + 7 retries: 30 s, 1, 2, 4, 8, 16, 32 min


def claim_seconds() -> int:
    """One attempt holds its delivery this long: longer than the POST's timeout, so
    a second copy of the task never posts while the first is still waiting."""
    return int(getattr(settings, "HELPDESK_WEBHOOK_CLAIM_SECONDS", 120))


def backoff(attempt: int) -> int:
    """Seconds before retry number ``attempt`` (1-based): 30 s doubling, capped at an hour."""
    base = int(getattr(settings, "HELPDESK_WEBHOOK_RETRY_SECONDS", 30))
    return min(base * 2 ** (attempt - 1), 3600)


@shared_task(name="support.tasks.deliver_webhook", base=JobTask)
def deliver_webhook(delivery_id: int) -> str:
    """POST one delivery, when it is due. Exactly once in effect: an attempt
    claims the row (a conditional UPDATE of its due time), a delivered row is
    never sent again, and the receiver sees the same Idempotency-Key on every
    attempt, so a worker killed after the POST and before the row was marked
    delivered costs at most a duplicate the receiver can recognise.
    A failed attempt sets the next due time; beat sends it then."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=claim_seconds()))
    if not claimed:
        return "skipped"  # delivered, given up, not due yet, or another worker holds it
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    body = webhooks.encode(delivery.payload)
    status, error = None, ""
    try:
        status = webhooks.post(
            delivery.url, body, secret=webhooks.webhook_secret(), idempotency_key=delivery.idempotency_key
        )
    except OSError as exc:
        error = str(exc)[:500]
    if status is not None and 200 <= status < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=WebhookDelivery.State.DELIVERED, last_status_code=status, last_error="", delivered_at=timezone.now()
        )
        return "delivered"
    error = error or f"HTTP {status}"
    permanent = status is not None and 400 <= status < 500 and status not in (408, 409, 425, 429)
    if permanent or delivery.attempts >= MAX_ATTEMPTS:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=WebhookDelivery.State.FAILED, last_status_code=status, last_error=error
        )
        logger.warning("helpdesk webhook %s gave up after %s attempts: %s", delivery.pk, delivery.attempts, error)
        return "failed"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        last_status_code=status,
        last_error=error,
        next_attempt_at=timezone.now() + timedelta(seconds=backoff(delivery.attempts)),
    )
    return "retry"


@shared_task(name="support.tasks.send_due_webhooks", ignore_result=True)
def send_due_webhooks(limit: int = 500) -> int:
    """Beat, every minute: every pending delivery whose next attempt is due (a
    retry after its backoff, or one whose worker died holding it) gets a task."""
    from core import jobs

    due = WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:limit]
    sent = 0
    for pk in due:
        jobs.enqueue(deliver_webhook, pk)
        sent += 1
    return sent


@shared_task(name="support.tasks.send_ticket_email", base=JobTask)
def send_ticket_email(ticket_id: int, message_id: int | None = None) -> bool:
    """The requester's email about their ticket: received (no message) or an agent's reply."""
    from core.emails import send
    from support.models import TicketMessage

    ticket = Ticket.objects.select_related("requester").filter(pk=ticket_id).first()
    if ticket is None:
        return False
    language = getattr(ticket.requester, "language", "") or None
    headers = {"X-Gilde-Ticket": ticket.reference}
    if message_id is None:
        send("support-ticket-received", ticket.requester_email, {"ticket": ticket}, language=language, headers=headers)
        return True
    message = TicketMessage.objects.filter(pk=message_id, ticket=ticket).first()
    if message is None:
        return False
    send(
        "support-ticket-reply",
        ticket.requester_email,
        {"ticket": ticket, "message": message},
        language=language,
        headers=headers,
    )
    return True


@shared_task(name="support.tasks.escalate_unanswered_questions", ignore_result=True)
def escalate_unanswered_questions() -> int:
    """Beat: questions nobody answered for SUPPORT_AUTO_ESCALATE_HOURS become tickets.
    0 turns it off. Idempotent: a question becomes at most one ticket."""
    from support.services import ticket_escalate_question

    hours = getattr(settings, "SUPPORT_AUTO_ESCALATE_HOURS", 48)
    if not hours:
        return 0
    made = 0
    for question in integrations.unanswered_questions(older_than=timezone.now() - timedelta(hours=hours)):
        if Ticket.objects.filter(question_id=question.pk).exists():
            continue
        _ticket, created = ticket_escalate_question(question=question, source=Ticket.Source.AUTO)
        made += created
    return made
