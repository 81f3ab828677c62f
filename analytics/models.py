from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class Event(models.Model):
    """Append-only: something that happened, by whom, to what."""

    name = models.CharField(max_length=64)
    # A default, not auto_now_add: batched writes keep each event's own moment.
    created_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visitor_id = models.CharField(max_length=64, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.BigIntegerField(null=True, blank=True)
    props = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        indexes = [
            models.Index(fields=["name", "created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self):
        return f"{self.name} at {self.created_at:%Y-%m-%d %H:%M}"


class DailyMetric(models.Model):
    """One day's numbers, computed from Events by analytics.rollups (see docs/metrics.md).

    Counts and totals only: rates and averages over any range are computed from
    the sums, so a month is never the average of daily averages.
    """

    date = models.DateField(unique=True)
    computed_at = models.DateTimeField()
    # Get help and deflection
    help_sessions = models.PositiveIntegerField(default=0)
    sessions_with_open = models.PositiveIntegerField(default=0)
    explicit_deflections = models.PositiveIntegerField(default=0)
    implicit_deflections = models.PositiveIntegerField(default=0)
    sessions_followed_up = models.PositiveIntegerField(default=0)
    sessions_pending = models.PositiveIntegerField(default=0)
    sessions_abandoned = models.PositiveIntegerField(default=0)
    tickets = models.PositiveIntegerField(default=0)
    help_centre_users = models.PositiveIntegerField(default=0)
    ticket_requesters = models.PositiveIntegerField(default=0)
    ticket_first_responses = models.PositiveIntegerField(default=0)
    ticket_first_response_seconds = models.FloatField(default=0)  # total over the day's first responses
    tickets_solved = models.PositiveIntegerField(default=0)
    # Community
    questions = models.PositiveIntegerField(default=0)
    questions_answered = models.PositiveIntegerField(default=0)
    questions_solved = models.PositiveIntegerField(default=0)
    questions_unanswered = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    first_responses = models.PositiveIntegerField(default=0)
    first_response_seconds = models.FloatField(default=0)
    first_agent_responses = models.PositiveIntegerField(default=0)
    first_agent_response_seconds = models.FloatField(default=0)
    # Knowledge base and search
    searches = models.PositiveIntegerField(default=0)
    searches_without_results = models.PositiveIntegerField(default=0)
    article_views = models.PositiveIntegerField(default=0)
    article_votes = models.PositiveIntegerField(default=0)
    article_helpful_votes = models.PositiveIntegerField(default=0)
    # Members and moderation
    active_members_day = models.PositiveIntegerField(default=0)
    active_members_week = models.PositiveIntegerField(default=0)
    active_members_month = models.PositiveIntegerField(default=0)
    new_members = models.PositiveIntegerField(default=0)
    flags = models.PositiveIntegerField(default=0)
    moderation_decisions = models.PositiveIntegerField(default=0)
    moderation_decision_seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"metrics {self.date}"

    @property
    def deflections(self) -> int:
        return self.explicit_deflections + self.implicit_deflections


class DailySearchGap(models.Model):
    """A query searched on that day that found nothing (a content gap)."""

    date = models.DateField()
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "query"], name="analytics_one_gap_per_day_query")]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.date} {self.query}"


class DailyContentStat(models.Model):
    """Views and helpful votes of one article (any object that gets them) on one day."""

    date = models.DateField()
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    views = models.PositiveIntegerField(default=0)
    helpful = models.PositiveIntegerField(default=0)
    not_helpful = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["date", "content_type", "object_id"], name="analytics_one_stat_per_day_object"
            )
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.date} {self.content_type_id}:{self.object_id}"


class MemberEngagement(models.Model):
    """What one member contributed on one day; score formula in analytics.engagement."""

    date = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    questions = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    accepted_answers = models.PositiveIntegerField(default=0)
    votes_received = models.IntegerField(default=0)
    official_answers = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "user"], name="analytics_one_engagement_per_day_member")]
        indexes = [models.Index(fields=["date", "user"]), models.Index(fields=["user", "date"])]

    def __str__(self):
        return f"{self.user_id} on {self.date}: {self.score}"


class EventBatch(models.Model):
    """A batch of queued events already written (analytics/queue.py): the batch's
    key is recorded in the same transaction as its rows, so a flusher killed
    between writing and forgetting the batch never writes it twice."""

    key = models.CharField(max_length=64, unique=True)
    written_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.key
