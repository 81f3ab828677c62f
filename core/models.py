from django.db import models
from django.utils import timezone


class Job(models.Model):
    """Work that must happen after a write, recorded in the same transaction as
    the write (a transactional outbox). The broker only carries a copy: beat
    sends again whatever is still pending (core/jobs.py), so an empty or lost
    broker, or a killed worker, loses nothing."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)  # last handed to the broker
    sends = models.PositiveIntegerField(default=0)
    running_until = models.DateTimeField(null=True, blank=True)  # a worker holds it until then
    done_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["sent_at"], name="core_job_pending",
                condition=models.Q(done_at__isnull=True, failed_at__isnull=True),
            ),
            models.Index(fields=["done_at"], name="core_job_done"),
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"

    @property
    def state(self) -> str:
        if self.done_at:
            return "done"
        if self.failed_at:
            return "failed"
        return "pending"
