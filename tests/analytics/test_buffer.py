import datetime as dt
import time
from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import analytics
from analytics import buffer
from analytics.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_buffer(settings):
    # A long age limit keeps the timer thread out of the tests that do not test it.
    settings.GILDE_EVENT_BUFFER_SIZE = 100
    settings.GILDE_EVENT_BUFFER_SECONDS = 3600
    buffer._reset_for_tests()
    # The in-process buffer (the embedded default, and what holds events while
    # Redis is away); the Redis queue is tested in test_queue.py.
    with mock.patch("analytics.queue.enabled", return_value=False):
        yield
    buffer._reset_for_tests()


@pytest.fixture
def seen():
    """A hook on ``test.viewed`` that records every counts dict it receives."""
    calls = []

    def hook(counts):
        calls.append(counts)

    analytics.on_flush("test.viewed")(hook)
    yield calls
    buffer._hooks["test.viewed"].remove(hook)


def stored_names():
    return list(Event.objects.order_by("created_at").values_list("name", flat=True))


def test_without_defer_the_event_is_written_at_once(member):
    event = analytics.track("test.viewed", user=member, obj=member)
    assert event is not None and Event.objects.filter(pk=event.pk).exists()
    assert buffer.pending_count() == 0


def test_deferred_events_wait_until_the_buffer_is_full(
    settings, member, other_member, django_capture_on_commit_callbacks
):
    settings.GILDE_EVENT_BUFFER_SIZE = 3
    before_midnight = timezone.now() - dt.timedelta(days=1)
    with mock.patch("analytics.services.timezone.now", return_value=before_midnight):
        assert analytics.track("test.viewed", user=member, obj=member, defer=True, source="home") is None
    analytics.track("test.viewed", visitor_id="v-1", obj=other_member, defer=True)
    assert Event.objects.count() == 0
    assert buffer.pending_count() == 2

    # The test runs in a transaction; a full buffer is written after the caller's commit.
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        analytics.track("test.viewed", user=other_member, defer=True)

    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "analytics_event"')]
    assert len(inserts) == 1
    assert buffer.pending_count() == 0
    first, second, third = Event.objects.order_by("created_at")
    assert first.created_at == before_midnight  # the time of the view, not of the flush
    assert (first.user, first.object_id, first.props) == (member, member.pk, {"source": "home"})
    assert (second.visitor_id, second.object_id, second.user) == ("v-1", other_member.pk, None)
    assert (third.user, third.object_id) == (other_member, None)


@pytest.mark.django_db(transaction=True)
def test_a_full_buffer_is_written_at_once_outside_a_transaction(settings, member):
    settings.GILDE_EVENT_BUFFER_SIZE = 2
    analytics.track("test.viewed", user=member, defer=True)
    assert Event.objects.count() == 0
    analytics.track("test.viewed", user=member, defer=True)
    assert Event.objects.count() == 2


def test_a_full_buffer_waits_for_a_rolled_back_transaction(settings, member, django_capture_on_commit_callbacks):
    settings.GILDE_EVENT_BUFFER_SIZE = 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        analytics.track("test.viewed", user=member, defer=True)
    # Had the caller rolled back, its callbacks would never run: the event stays buffered.
    assert len(callbacks) == 1
    assert Event.objects.count() == 0 and buffer.pending_count() == 1
    assert analytics.flush_events() == 1


@pytest.mark.django_db(transaction=True)
def test_an_old_event_is_written_with_the_next_one(settings, member):
    analytics.track("test.viewed", user=member, defer=True)
    analytics.track("test.viewed", user=member, defer=True)
    assert Event.objects.count() == 0  # young: it waits
    settings.GILDE_EVENT_BUFFER_SECONDS = 0  # now the oldest is too old (the timer is asleep for an hour)
    analytics.track("test.viewed", user=member, defer=True)
    assert Event.objects.count() == 3


def test_flush_events_writes_everything_now(member):
    analytics.track("test.viewed", user=member, defer=True)
    analytics.track("search.performed", user=member, defer=True, query="battery", results=3)
    assert analytics.flush_events() == 2
    assert sorted(stored_names()) == ["search.performed", "test.viewed"]
    assert Event.objects.get(name="search.performed").props == {"query": "battery", "results": 3}
    assert analytics.flush_events() == 0


def test_size_zero_writes_at_once_through_the_hooks(settings, member, seen):
    settings.GILDE_EVENT_BUFFER_SIZE = 0
    analytics.track("test.viewed", user=member, obj=member, defer=True)
    assert stored_names() == ["test.viewed"]
    assert seen == [{member.pk: 1}]
    assert buffer.pending_count() == 0


def test_the_hook_gets_counts_per_object(member, other_member, seen):
    for obj in (member, other_member, member, member, None):
        analytics.track("test.viewed", obj=obj, visitor_id="v", defer=True)
    analytics.track("other.event", obj=member, defer=True)
    analytics.flush_events()
    assert seen == [{member.pk: 3, other_member.pk: 1}]


def test_a_failing_write_is_logged_and_retried_once(member, caplog):
    analytics.track("test.viewed", user=member, defer=True)
    with mock.patch.object(buffer, "_insert", side_effect=DatabaseError("disk full")):
        assert analytics.flush_events() == 0
    assert "could not write 1 buffered events" in caplog.text
    assert buffer.pending_count() == 1  # kept for the next flush
    analytics.track("test.viewed", user=member, defer=True)
    assert analytics.flush_events() == 2
    assert Event.objects.count() == 2


def test_rows_that_fail_twice_are_dropped_without_taking_new_rows_along(member, caplog):
    analytics.track("test.viewed", user=member, defer=True)
    with mock.patch.object(buffer, "_insert", side_effect=DatabaseError("disk full")):
        analytics.flush_events()
    real_insert = buffer._insert

    def fails_for_old_rows(model, rows, *, using):
        if any(row.name == "test.viewed" for row in rows):
            raise DatabaseError("bad row")
        real_insert(model, rows, using=using)

    analytics.track("fresh.event", user=member, defer=True)
    with mock.patch.object(buffer, "_insert", side_effect=fails_for_old_rows):
        assert analytics.flush_events() == 1
    assert stored_names() == ["fresh.event"]
    assert "dropped 1 buffered events after a second failed write" in caplog.text
    assert buffer.pending_count() == 0


def test_a_failing_hook_undoes_the_batch(member):
    def broken(counts):
        raise DatabaseError("hook failed")

    analytics.on_flush("test.broken")(broken)
    try:
        analytics.track("test.broken", obj=member, defer=True)
        assert analytics.flush_events() == 0
        assert Event.objects.count() == 0  # rows and counters together or not at all
        assert buffer.pending_count() == 1
    finally:
        buffer._hooks["test.broken"].remove(broken)


def test_a_request_succeeds_when_the_buffered_write_fails(client, settings):
    settings.GILDE_EVENT_BUFFER_SIZE = 0
    with mock.patch.object(buffer, "_insert", side_effect=DatabaseError("broken")):
        response = client.get("/search/?q=battery")
    assert response.status_code == 200
    assert buffer.pending_count() == 1


def test_track_request_defers_with_the_visitor_of_the_request(client):
    client.get("/search/?q=battery")
    client.get("/search/suggest?q=batt")
    assert Event.objects.count() == 0
    analytics.flush_events()
    names = sorted(stored_names())
    assert names == ["search.performed", "search.suggested"]
    assert all(e.visitor_id for e in Event.objects.all())


@pytest.mark.django_db(transaction=True)
def test_the_timer_thread_writes_a_quiet_buffer(settings, member):
    settings.GILDE_EVENT_BUFFER_SECONDS = 0.2
    analytics.track("test.viewed", user=member, defer=True)
    analytics.track("test.viewed", user=member, defer=True)
    deadline = time.monotonic() + 20
    written = 0
    while written < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            written = Event.objects.count()
        except OperationalError:  # SQLite: the timer thread holds the write lock
            pass
    assert written == 2
    assert buffer.pending_count() == 0
