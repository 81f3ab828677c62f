import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def new_reference() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"T-{body[:4]}-{body[4:]}"


def new_token() -> str:
    return secrets.token_hex(12)


class HelpSession(models.Model):
    """One visit to "Get help": what the customer typed, what we suggested,
    what they opened, and how it ended. Events carry ``session=<token>``."""

    class Outcome(models.TextChoices):
        OPEN = "", _("No outcome yet")
        DEFLECTED = "deflected", _("Solved by a suggestion")
        COMMUNITY = "community", _("Asked the community")
        TICKET = "ticket", _("Contacted support")

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="help_sessions"
    )
    visitor_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    query = models.CharField(_("what was typed"), max_length=500, blank=True)
    queries = models.JSONField(default=list, blank=True)  # the last few things typed, oldest first
    shown = models.JSONField(default=list, blank=True)  # suggestions shown: {"kind", "id", "title", "url"}
    opened = models.JSONField(default=list, blank=True)  # suggestions opened: {"kind", "id", "title"}
    helpful = models.JSONField(default=list, blank=True)  # suggestions the customer said solved it
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default=Outcome.OPEN)

    class Meta:
        indexes = [
            models.Index(fields=["user", "-started_at"]),
            models.Index(fields=["visitor_id", "-started_at"]),
        ]

    def __str__(self):
        return f"help session {self.token[:8]} ({self.query[:40]})"


class Ticket(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        PENDING = "pending", _("Pending (waiting for the customer)")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        FORM = "form", _("Contact form")
        ESCALATED = "escalated", _("Escalated community question")
        AUTO = "auto", _("Unanswered question (automatic)")
        HELPDESK = "helpdesk", _("External helpdesk")

    reference = models.CharField(max_length=16, unique=True, default=new_reference, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    requester_email = models.EmailField(_("email"))
    visitor_id = models.CharField(max_length=64, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("description"))
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.FORM)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets"
    )
    help_session = models.ForeignKey(
        HelpSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    # A community question (community.Question pk) this ticket came from. A plain id, not a
    # foreign key: support may read community, but a ticket must outlive a removed thread.
    question_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    question_title = models.CharField(max_length=300, blank=True)
    question_url = models.CharField(max_length=500, blank=True)
    solution_answer_id = models.BigIntegerField(null=True, blank=True)
    external_id = models.CharField(_("external helpdesk id"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["status", "-updated_at"]),
            models.Index(fields=["assignee", "status", "-updated_at"]),
            models.Index(fields=["-updated_at"]),
            models.Index(fields=["requester", "-created_at"]),
        ]
        constraints = [
            # One ticket per escalated question: escalating twice finds the first one.
            models.UniqueConstraint(
                fields=["question_id"],
                condition=models.Q(question_id__isnull=False),
                name="support_one_ticket_per_question",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.subject}"

    def get_absolute_url(self):
        return reverse("support:ticket", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status not in (self.Status.SOLVED, self.Status.CLOSED)


class TicketMessage(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    body_html = models.TextField(blank=True)
    internal = models.BooleanField(_("internal note (only agents see it)"), default=False)
    from_agent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ticket", "created_at"])]

    def __str__(self):
        return f"message on {self.ticket_id}"


class WebhookDelivery(models.Model):
    """One outbound POST to the external helpdesk, retried until it lands."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")

    ticket = models.ForeignKey(Ticket, null=True, on_delete=models.SET_NULL, related_name="deliveries")
    event = models.CharField(max_length=32)
    idempotency_key = models.CharField(max_length=64, unique=True, default=new_token)
    url = models.URLField(max_length=500)
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # When the next attempt is due. The row is the record that the delivery is
    # owed: an attempt claims it by moving this forward, beat sends what is due
    # (support.tasks.send_due_webhooks), so no retry waits in the broker.
    next_attempt_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["-created_at"]),
            models.Index(fields=["next_attempt_at"], name="support_delivery_due", condition=models.Q(state="pending")),
        ]

    def __str__(self):
        return f"{self.event} {self.idempotency_key}"


class InboundWebhook(models.Model):
    """Idempotency keys of inbound helpdesk calls already applied."""

    idempotency_key = models.CharField(max_length=100, unique=True)
    ticket = models.ForeignKey(Ticket, null=True, on_delete=models.SET_NULL, related_name="+")
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.idempotency_key
