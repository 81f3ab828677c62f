"""With Redis, read events wait in a Redis list, not in a web process, and are
written exactly once even when the writer dies half-way (analytics/queue.py)."""

from unittest import mock

import pytest
from django.conf import settings

import analytics
from analytics import queue
from analytics.models import Event, EventBatch
from analytics.tasks import flush_event_queue
from tests.conftest_helpers import require_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def redis_queue(settings):
    require_services(bool(settings.REDIS_URL), "Redis")
    settings.GILDE_EVENT_BUFFER_SIZE = 100
    settings.GILDE_EVENT_BUFFER_SECONDS = 3600
    r = queue._redis()
    r.delete(queue.QUEUE, *r.keys(queue.BATCH_PREFIX + "*"))
    yield r
    r.delete(queue.QUEUE, *r.keys(queue.BATCH_PREFIX + "*"))


def _names():
    return sorted(Event.objects.filter(name__startswith="q.").values_list("props__n", flat=True))


def test_a_deferred_event_waits_in_redis_not_in_the_process(member):
    from analytics import buffer

    analytics.track("q.viewed", user=member, defer=True, n=1)
    assert queue.queued() == 1 and buffer.pending_count() == 0
    assert not Event.objects.filter(name="q.viewed").exists()
    assert flush_event_queue() == 1
    event = Event.objects.get(name="q.viewed")
    assert event.user == member and event.props == {"n": 1}


def test_each_event_keeps_its_own_time(member):
    import datetime as dt

    from django.utils import timezone

    then = timezone.now() - dt.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=then):
        analytics.track("q.viewed", user=member, defer=True, n=1)
    flush_event_queue()
    assert abs(Event.objects.get(name="q.viewed").created_at - then) < dt.timedelta(seconds=1)


def test_a_writer_killed_after_moving_a_batch_loses_nothing(member, redis_queue):
    for n in range(5):
        analytics.track("q.viewed", user=member, defer=True, n=n)
    # The batch was moved off the queue, then the writer died before writing it.
    with mock.patch.object(queue, "_write_batch", side_effect=SystemExit("killed")):
        with pytest.raises(SystemExit):
            queue.drain()
    assert queue.queued() == 0 and redis_queue.keys(queue.BATCH_PREFIX + "*")
    queue._redis().delete("gilde:events:drain-lock")  # the dead writer's lock (it would expire)
    assert queue.drain() == 5
    assert _names() == [0, 1, 2, 3, 4]


def test_a_writer_killed_after_writing_never_writes_twice(member, redis_queue):
    for n in range(5):
        analytics.track("q.viewed", user=member, defer=True, n=n)
    real_delete = redis_queue.delete

    # Written and committed, then killed before the batch key was forgotten.
    with mock.patch.object(type(redis_queue), "delete", side_effect=SystemExit("killed")):
        with pytest.raises(SystemExit):
            queue.drain()
    assert _names() == [0, 1, 2, 3, 4] and EventBatch.objects.count() == 1
    real_delete("gilde:events:drain-lock")
    assert queue.drain() == 0  # the leftover batch is recognised and forgotten
    assert _names() == [0, 1, 2, 3, 4]
    assert not redis_queue.keys(queue.BATCH_PREFIX + "*")


def test_one_refused_event_costs_only_itself(member):
    from django.db import connection

    for n in range(10):
        analytics.track("q.viewed", user=member, defer=True, n=n)
    queue._redis().rpush(queue.QUEUE, '{"n":"q.viewed","t":"2026-01-01T00:00:00+00:00","u":null,"v":"x\\u0000",'
                                      '"c":null,"o":null,"p":{"n":99}}')
    written = queue.drain()
    if connection.vendor == "postgresql":
        assert written == 10 and 99 not in _names()
    assert set(range(10)) <= set(_names())


def test_while_redis_is_away_the_process_keeps_the_events(member):
    from analytics import buffer

    buffer._reset_for_tests()
    with mock.patch.object(queue, "push", side_effect=ConnectionError("Redis is away")):
        analytics.track("q.viewed", user=member, defer=True, n=1)
    assert buffer.pending_count() == 1
    assert analytics.flush_events() == 1
    assert _names() == [1]


def test_beat_flushes_the_queue_when_redis_is_configured():
    from config.celery import app

    if settings.REDIS_URL:
        assert app.conf.beat_schedule["analytics-flush-event-queue"]["task"] == "analytics.tasks.flush_event_queue"
