"""Flags, the review queue, the audit log, sanctions, rules and guidelines.

Moderation points at content only through generic relations (ContentType +
object_id) and acts on it through the adapters registered in moderation.api.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    ABUSIVE = "abusive", _("Abusive or rude")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class QueueReason(models.TextChoices):
    """Why an item is in the review queue (an item may have several)."""

    FLAGGED = "flagged", _("Flagged by members")
    NEW_MEMBER = "new_member", _("First posts of a new member")
    TOO_MANY_LINKS = "too_many_links", _("Too many links for a new member")
    TOO_MANY_MENTIONS = "too_many_mentions", _("Too many mentions for a new member")
    BANNED_PHRASE = "banned_phrase", _("Matches a banned phrase")
    REPEATED_TEXT = "repeated_text", _("The same text posted again and again")
    APPEAL = "appeal", _("The author appeals a hidden post")


class Flag(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_raised")
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    review_item = models.ForeignKey(
        "ReviewItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="flags"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"], name="moderation_flag_once_per_member"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_reason_display()} by {self.reporter_id}"


class ReviewItem(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Waiting")
        RESOLVED = "resolved", _("Decided")

    class Resolution(models.TextChoices):
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=16)  # the adapter's kind: question, answer, comment, idea
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="review_items"
    )
    topic_id = models.PositiveBigIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list)  # QueueReason values
    details = models.JSONField(default=list)  # human-readable: the rule matched, the appeal note
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=12, choices=Resolution.choices, blank=True)
    resolution_reason = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Set once, by a conditional UPDATE, when flags hide the content: it is hidden only once.
    auto_hidden = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # One open item per piece of content: new flags and holds join it.
            models.UniqueConstraint(
                fields=["content_type", "object_id"], condition=Q(state="open"), name="moderation_one_open_item"
            )
        ]
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.state})"

    def get_absolute_url(self):
        return reverse("moderation:item", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def reason_labels(self) -> list[str]:
        labels = dict(QueueReason.choices)
        return [str(labels.get(r, r)) for r in self.reasons]


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RuntimeError("The moderation audit log is append-only.")

    def delete(self):
        raise RuntimeError("The moderation audit log is append-only.")


class ModerationAction(models.Model):
    """The audit log. Append-only: rows are never changed or deleted."""

    class Kind(models.TextChoices):
        FLAG = "flag", _("Flagged")
        AUTO_HIDE = "auto_hide", _("Hidden by flags")
        HOLD = "hold", _("Held for review")
        CLAIM = "claim", _("Claimed")
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        EDIT = "edit", _("Edited")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        MOVE = "move", _("Moved")
        MERGE = "merge", _("Merged")
        APPEAL = "appeal", _("Appealed")
        WARN = "warn", _("Warning")
        SUSPEND = "suspend", _("Suspended")
        BAN = "ban", _("Banned")
        LIFT = "lift", _("Sanction lifted")
        RULE_ADD = "rule_add", _("Rule added")
        RULE_REMOVE = "rule_remove", _("Rule removed")
        GUIDELINES = "guidelines", _("Guidelines edited")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )  # None: the system (auto-hide, pre-moderation)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_kind = models.CharField(max_length=16, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="moderation_log"
    )  # whose content or account was acted on
    review_item = models.ForeignKey(ReviewItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["member", "created_at"]),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} by {self.actor_id} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("The moderation audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("The moderation audit log is append-only.")


class Sanction(models.Model):
    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        SUSPENSION = "suspension", _("Suspension")
        BAN = "ban", _("Ban")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["member", "created_at"])]
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.member_id}"

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        if self.lifted_at or self.kind == self.Kind.WARNING:
            return False
        return self.until is None or self.until > timezone.now()


class Appeal(models.Model):
    """An author asks a moderator to look again at a hidden post. Once per post."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("why should this post be shown again?"), max_length=2000)
    review_item = models.ForeignKey(ReviewItem, on_delete=models.SET_NULL, null=True, related_name="appeals")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="moderation_appeal_once_per_post")
        ]

    def __str__(self):
        return f"appeal on {self.content_type_id}:{self.object_id}"


class Notice(models.Model):
    """What a member was told about a moderation decision (also sent by email)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_notices")
    kind = models.CharField(max_length=16)  # hide, warn, suspend, ban, approve
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_kind = models.CharField(max_length=16, blank=True)
    excerpt = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["member", "created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} notice for {self.member_id}"


class PostRecord(models.Model):
    """One row per post screened: counts a member's posts and spots repeated text."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    text_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["author", "created_at"]),
            models.Index(fields=["text_hash", "created_at"]),
        ]

    def __str__(self):
        return f"post {self.content_type_id}:{self.object_id} by {self.author_id}"


class BannedPhrase(models.Model):
    phrase = models.CharField(_("phrase"), max_length=100, unique=True,
                              help_text=_("Matched as whole words, ignoring case."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase


class Guidelines(models.Model):
    language = models.CharField(max_length=8, unique=True, choices=settings.LANGUAGES)
    body = models.TextField(_("guidelines"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "guidelines"

    def __str__(self):
        return f"guidelines ({self.language})"
