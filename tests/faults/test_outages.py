"""Redis or the broker away: pages render from the database, members stay signed
in, posts are saved (or come back with their text), and the work they cause is
owed in the database until a worker does it. No Redis is needed: the cache
points at a port where nothing listens, which is what a stopped Redis looks like.
(tests/faults/test_stack.py does the same against a real Redis that is stopped
and restarted under a running gunicorn and Celery worker.)"""

import socket
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from analytics.models import Event
from community.models import Answer, Notification
from core import jobs
from core.models import Job
from tests import factories
from tests.community.conftest import make_question

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def redis_away(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    from core.pagecache import _local

    _local.clear()
    yield
    _local.clear()


@pytest.fixture
def topic(db):
    from community import services

    return services.topic_create(name="Batteries", description="Range and chargers.")


@pytest.fixture
def thread(member, topic):
    return make_question(factories.member(), topic)


def test_the_cache_really_is_away(redis_away):
    cache.set("k", "v")
    assert cache.get("k") is None  # answered as a miss, not raised


def test_pages_render_from_the_database(redis_away, client, thread):
    for url in ["/", reverse("community:questions"), thread.get_absolute_url(), "/help/", "/search/?q=battery"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert thread.title in client.get(thread.get_absolute_url()).content.decode()


def test_healthz_says_503_and_names_the_cache(redis_away, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["cache"]["ok"] is False and body["checks"]["database"]["ok"] is True


def test_a_member_stays_signed_in_and_their_answer_is_saved(
    redis_away, client, member, thread, django_capture_on_commit_callbacks
):
    client.force_login(member)  # the session is in the database (cached_db), not only in the cache
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200 and page.context["user"] == member
    body = "Keep the battery indoors overnight and charge it at room temperature."
    before = Job.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:answer_create", args=[thread.pk]), {"body": body})
    assert response.status_code == 302 and "/accounts/login" not in response["Location"]
    answer = Answer.objects.get(question=thread, author=member)
    assert answer.body == body
    # The thread's author is told (the job ran: the broker is fine here, only the cache is away).
    assert Notification.objects.filter(recipient=thread.author, key=f"answer:{answer.pk}").count() == 1
    caused = Job.objects.order_by("pk")[before:]
    assert caused and all(job.state == "done" for job in caused)


def test_rate_limits_fail_open_while_the_cache_is_away(redis_away, client, member, thread):
    client.force_login(member)
    for n in range(3):
        response = client.post(
            reverse("community:answer_create", args=[thread.pk]), {"body": f"Answer number {n} with enough words."}
        )
        assert response.status_code == 302
    assert Answer.objects.filter(question=thread, author=member).count() == 3


def test_sessions_survive_a_cache_flush(client, member):
    client.force_login(member)
    cache.clear()  # a Redis restart without persistence
    assert client.get("/").context["user"] == member


@pytest.fixture
def broker_away(settings):
    """Every publish fails as it does when the broker cannot be reached, until
    the test sets ``state["down"] = False``."""
    from celery.app.task import Task

    settings.CELERY_TASK_ALWAYS_EAGER = False
    state = {"down": True}
    real = Task.apply_async

    def apply_async(self, *args, **kwargs):
        if state["down"]:
            raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        return real(self, *args, **kwargs)

    with mock.patch.object(Task, "apply_async", apply_async):
        yield state


def test_with_the_broker_away_a_post_is_saved_and_its_work_is_owed(
    broker_away, client, member, thread, settings, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("community:answer_create", args=[thread.pk]),
            {"body": "Charge it at room temperature, not in the cold."},
        )
    assert response.status_code == 302
    answer = Answer.objects.get(question=thread, author=member)
    owed = Job.objects.filter(task="community.tasks.notify_answer", args=[answer.pk]).get()
    assert owed.state == "pending" and owed.sent_at is None  # never reached the broker
    assert not Notification.objects.filter(key=f"answer:{answer.pk}").exists()

    # The broker is back: beat's requeue sends what is owed, and it runs once.
    broker_away["down"] = False
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert jobs.requeue() >= 1
    assert jobs.requeue() == 0  # nothing left to send
    owed.refresh_from_db()
    assert owed.state == "done"
    assert Notification.objects.filter(recipient=thread.author, key=f"answer:{answer.pk}").count() == 1


def test_a_job_sent_twice_runs_once(member, thread):
    from community.tasks import notify_answer

    answer = factories.member()  # noqa: F841 - another member, so notify_answer has someone to tell
    a = Answer.objects.create(question=thread, author=member, body="Use the winter mode.", body_html="")
    job = Job.objects.create(task=notify_answer.name, args=[a.pk])
    with mock.patch("community.notifications.notify") as notify:
        notify_answer.apply(args=[a.pk], task_id=jobs.task_id(job.pk))
        notify_answer.apply(args=[a.pk], task_id=jobs.task_id(job.pk))  # a redelivery
    assert notify.call_count == 2  # mention + followers, once
    job.refresh_from_db()
    assert job.state == "done"


def test_a_job_retries_on_a_lost_database_and_fails_only_on_a_real_error():
    from celery.exceptions import Retry
    from django.db import OperationalError

    from config.celery import app

    calls = []

    @app.task(name="tests.faults.flaky", base=jobs.JobTask, bind=True, retry_backoff=False)
    def flaky(self):
        calls.append(self.request.retries)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return "ok"

    job = Job.objects.create(task=flaky.name)
    # What a worker does: each Retry is sent again by Celery with a backoff; the job
    # stays owed (and claimable by that retry) until a run succeeds.
    for attempt in range(2):
        with pytest.raises(Retry):
            flaky.apply(task_id=jobs.task_id(job.pk), retries=attempt)
        job.refresh_from_db()
        assert job.state == "pending" and job.running_until is None and "server closed" in job.error
    flaky.apply(task_id=jobs.task_id(job.pk), retries=2)
    job.refresh_from_db()
    assert calls == [0, 1, 2] and job.state == "done"
    assert OperationalError in flaky.autoretry_for

    @app.task(name="tests.faults.broken", base=jobs.JobTask)
    def broken():
        raise ValueError("a bug, not an outage")

    job = Job.objects.create(task=broken.name)
    with pytest.raises(ValueError):
        broken.apply(task_id=jobs.task_id(job.pk))
    job.refresh_from_db()
    assert job.state == "failed" and "a bug" in job.error
    assert jobs.requeue() == 0  # a failed job is not sent again; it waits for an operator


def test_an_unfinished_job_is_sent_again_after_the_requeue_delay(member, thread, settings):
    from datetime import timedelta

    from django.utils import timezone

    Job.objects.all().delete()  # the fixtures' own (their on_commit never ran in this test transaction)
    job = Job.objects.create(task="community.tasks.notify_question", args=[thread.pk], sent_at=timezone.now())
    assert jobs.requeue() == 0  # sent a moment ago: a worker may still have it
    sent = []
    with mock.patch.object(jobs, "publish", side_effect=lambda pk, task, args: sent.append(pk) or True):
        assert jobs.requeue(now=timezone.now() + timedelta(seconds=settings.GILDE_JOB_REQUEUE_AFTER + 1)) == 1
    assert sent == [job.pk]
    job.refresh_from_db()
    assert job.sends == 1


def test_buffered_events_wait_for_a_database_that_is_away(member):
    """A flush while the database is away keeps the events for the next one."""
    from django.db import OperationalError

    import analytics
    from analytics import buffer

    buffer._reset_for_tests()
    with mock.patch.object(buffer, "buffer_size", return_value=100), mock.patch(
        "analytics.queue.enabled", return_value=False
    ):
        for _ in range(5):
            analytics.track("test.viewed", user=member, defer=True)
        with mock.patch.object(buffer, "_insert", side_effect=OperationalError("the database system is shutting down")):
            for _ in range(3):
                assert analytics.flush_events() == 0
        assert buffer.pending_count() == 5
        assert analytics.flush_events() == 5
    assert Event.objects.filter(name="test.viewed").count() == 5
