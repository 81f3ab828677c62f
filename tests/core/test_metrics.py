"""/metrics: what operators scrape, and who may read it."""

import pytest
from django.utils import timezone

from core.models import Job

pytestmark = pytest.mark.django_db


def test_a_scrape_from_loopback_shows_requests_per_view_and_the_outbox(client):
    client.get("/help/")
    Job.objects.create(task="x", args=[])
    Job.objects.create(task="y", args=[], failed_at=timezone.now())
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'gilde_http_requests_total{method="GET",status="200",view="knowledge_base:home"}' in text
    assert 'gilde_http_request_seconds_bucket{le="0.005",view="knowledge_base:home"}' in text
    assert 'gilde_outbox_jobs{state="pending"} 1.0' in text and 'gilde_outbox_jobs{state="failed"} 1.0' in text
    assert "gilde_webhook_deliveries" in text


def test_a_scrape_from_elsewhere_is_not_found(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # through a proxy on loopback: the client is not the operator
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404


def test_the_token_opens_it_from_anywhere(client, settings):
    settings.GILDE_METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    ok = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert ok.status_code == 200


def test_task_failures_and_retries_are_counted():
    from celery.signals import task_failure, task_retry

    from core import metrics

    class Task:
        name = "tests.some_task"

    before = metrics.TASK_FAILURES.labels("tests.some_task")._value.get()
    task_failure.send(sender=Task())
    task_retry.send(sender=Task())
    assert metrics.TASK_FAILURES.labels("tests.some_task")._value.get() == before + 1
    assert metrics.TASK_RETRIES.labels("tests.some_task")._value.get() >= 1


def test_healthz_is_not_ready_with_migrations_pending(client):
    from unittest import mock

    from core import views

    views._migrated = False
    with mock.patch("django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=[("x", False)]):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["migrations"]["ok"] is False
    assert client.get("/healthz").json()["checks"]["migrations"]["ok"] is True
