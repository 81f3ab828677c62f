"""Prometheus metrics at ``/metrics`` (prometheus-client).

- per view: requests by method and status, and latency (a histogram), from
  ``RequestMetricsMiddleware``;
- read at scrape time from where the truth lives: the Celery queue's length
  (Redis), the outbox's pending and failed jobs and the age of the oldest, the
  read-event queue's length (events not yet written), and helpdesk webhook
  deliveries by state;
- Celery task failures and retries, counted in the worker by signals.

With several processes (gunicorn workers, Celery) on one host, set
``PROMETHEUS_MULTIPROC_DIR`` to an empty folder shared by them (the docs say
how): the scrape then adds up every process's counters. The endpoint answers
only on loopback or with ``Authorization: Bearer $GILDE_METRICS_TOKEN``.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.http import Http404, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter(
    "gilde_http_requests_total", "HTTP requests by view, method and status", ["view", "method", "status"]
)
LATENCY = Histogram(
    "gilde_http_request_seconds", "Time to answer, by view", ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
TASK_FAILURES = Counter("gilde_celery_task_failures_total", "Celery tasks that failed", ["task"])
TASK_RETRIES = Counter("gilde_celery_task_retries_total", "Celery tasks that asked to be retried", ["task"])


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match else "unresolved"
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(time.perf_counter() - started)
        return response


_METHODS = {"GET", "POST", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"}


_state: list = []


def state(fn):
    """Register ``fn()`` yielding metric families computed at scrape time. Apps
    register their own (support: webhook deliveries; analytics: the event queue),
    so core imports none of them."""
    _state.append(fn)
    return fn


@state
def _outbox():
    from django.db.models import Count, Min
    from django.utils import timezone

    from core.models import Job

    pending = Job.objects.filter(done_at__isnull=True, failed_at__isnull=True).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    g = GaugeMetricFamily("gilde_outbox_jobs", "Owed jobs (core/jobs.py) by state", labels=["state"])
    g.add_metric(["pending"], pending["n"])
    g.add_metric(["failed"], Job.objects.filter(failed_at__isnull=False).count())
    yield g
    age = (timezone.now() - pending["oldest"]).total_seconds() if pending["oldest"] else 0
    yield GaugeMetricFamily("gilde_outbox_oldest_pending_seconds", "Age of the oldest owed job", value=age)


@state
def _broker():
    if not settings.REDIS_URL:
        return
    from django_redis import get_redis_connection

    try:
        length = get_redis_connection("default").llen("celery")
    except Exception:  # Redis away: the gauge is absent, /healthz says why
        return
    yield GaugeMetricFamily("gilde_celery_queue_length", "Tasks waiting in the broker", value=length)


class StateCollector:
    def collect(self):
        for fn in _state:
            yield from fn() or ()


def _allowed(request) -> bool:
    token = getattr(settings, "GILDE_METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given, f"Bearer {token}"):
        return True
    if request.META.get("HTTP_X_FORWARDED_FOR"):
        return False  # came through a proxy: not the operator's own scrape
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics_view(request):
    if not _allowed(request):
        raise Http404
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    registry_state = CollectorRegistry()
    registry_state.register(StateCollector())
    body = generate_latest(registry) + generate_latest(registry_state)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def _on_task_failure(sender=None, **kwargs):
    TASK_FAILURES.labels(getattr(sender, "name", "unknown")).inc()


def _on_task_retry(sender=None, **kwargs):
    TASK_RETRIES.labels(getattr(sender, "name", "unknown")).inc()


def connect_celery_signals() -> None:
    from celery.signals import task_failure, task_retry

    task_failure.connect(_on_task_failure, weak=False)
    task_retry.connect(_on_task_retry, weak=False)
