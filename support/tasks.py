import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from support import integrations, webhooks
from support.models import Ticket, WebhookDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # 1 + 7 retries: 30 s, 1, 2, 4, 8, 16, 32 min


def backoff(attempt: int) -> int:
    """Seconds before retry number ``attempt`` (1-based): 30 s doubling, capped at an hour."""
    return min(30 * 2 ** (attempt - 1), 3600)


@shared_task(name="support.tasks.deliver_webhook", bind=True, max_retries=MAX_ATTEMPTS - 1, ignore_result=True)
def deliver_webhook(self, delivery_id: int) -> str:
    """POST one delivery. Idempotent: a delivered row is never sent again, and
    the receiver sees the same Idempotency-Key on every retry."""
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.state != WebhookDelivery.State.PENDING:
        return "skipped"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    delivery.refresh_from_db(fields=["attempts"])
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
    WebhookDelivery.objects.filter(pk=delivery.pk).update(last_status_code=status, last_error=error)
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        # Eager mode (tests, no worker): retrying inline would sleep through the backoff.
        return "retry"
    raise self.retry(countdown=backoff(delivery.attempts))


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
