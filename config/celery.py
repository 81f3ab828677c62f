import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("gilde")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# One beat for the whole site. Apps list their periodic tasks here so the
# schedule can be read in one place.
app.conf.beat_schedule = {
    # The outbox (core/jobs.py): work owed after a write is sent again until it is done.
    "core-requeue-jobs": {"task": "core.tasks.requeue_jobs", "schedule": 60.0},
    "support-send-due-webhooks": {"task": "support.tasks.send_due_webhooks", "schedule": 60.0},
    "core-clear-sessions": {"task": "core.tasks.clear_sessions", "schedule": crontab(hour=4, minute=50)},
    "core-prune-jobs": {"task": "core.tasks.prune_jobs", "schedule": crontab(hour=4, minute=40)},
    "moderation-remind-stale-items": {
        "task": "moderation.tasks.remind_stale_items",
        "schedule": crontab(minute=5),
    },
    "analytics-record-heartbeat": {
        "task": "analytics.tasks.heartbeat",
        "schedule": crontab(minute="*/15"),
    },
    "analytics-rollup-today": {"task": "analytics.tasks.rollup_today", "schedule": crontab(minute=5)},
    "analytics-rollup-final": {"task": "analytics.tasks.rollup_final", "schedule": crontab(hour=0, minute=20)},
    "support-escalate-unanswered": {
        "task": "support.tasks.escalate_unanswered_questions", "schedule": crontab(minute=35),
    },
    "community-daily-digest": {"task": "community.tasks.send_daily_digests", "schedule": crontab(hour=7, minute=0)},
    "community-promote-trust-levels": {
        "task": "community.tasks.promote_trust_levels", "schedule": crontab(hour=3, minute=10),
    },
}


# Read from the environment, as the settings do: importing this module must not
# load the settings (manage.py reports a bad setting in one line before that).
if os.environ.get("REDIS_URL"):
    # Read events wait in Redis (analytics/queue.py) until this writes them.
    app.conf.beat_schedule["analytics-flush-event-queue"] = {
        "task": "analytics.tasks.flush_event_queue",
        "schedule": float(os.environ.get("GILDE_EVENT_QUEUE_SECONDS", "5")),
    }
    app.conf.beat_schedule["analytics-prune-event-batches"] = {
        "task": "analytics.tasks.prune_event_batches", "schedule": crontab(hour=5, minute=10),
    }
