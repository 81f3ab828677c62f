"""Faults injected into the production recipe while members post (issue 16).

Each test starts a Redis of its own, gunicorn (2 workers) and a Celery worker
on the test database with DEBUG off, drives real HTTP traffic, injects the
fault, and counts rows afterwards. They run in CI's PostgreSQL + Redis run
(`.ci/run`), where a missing service fails instead of skipping.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection

from analytics.models import Event
from community import services as community
from community.models import Answer, Notification
from core.models import Job
from search.models import SearchDocument
from support import webhooks
from support.models import Ticket, WebhookDelivery
from tests import factories
from tests.conftest_helpers import require_services
from tests.faults.stack import OwnRedis, Stack, Visitor, database_url, session_for, wait_until

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


@pytest.fixture
def own_redis():
    require_services(bool(settings.REDIS_URL) and connection.vendor == "postgresql", "PostgreSQL and Redis")
    redis = OwnRedis()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def stack(own_redis, tmp_path_factory):
    stacks = []

    def make(**env):
        s = Stack(tmp=tmp_path_factory.mktemp("stack"), database_url=database_url(), redis=own_redis, **env)
        stacks.append(s)
        return s

    yield make
    for s in stacks:
        s.stop()


@pytest.fixture
def thread(db):
    topic = community.topic_create(name="Batteries", description="Range and chargers.")
    asker = factories.member(trust_level=2)
    question = community.question_create(
        author=asker, topic=topic, title="How do I keep my battery warm in winter?",
        body="It drains fast when it is cold outside. What can I do?", tags=["battery"],
    )
    return question


def _members(n: int):
    return [factories.member(trust_level=2) for _ in range(n)]


def _post_answers(stack, members, thread, *, per_member: int, tag: str):
    """Each member posts ``per_member`` answers through the page's form. Returns
    (attempted, statuses, bodies)."""
    url = thread.get_absolute_url()
    action = f"/community/q/{thread.pk}/answer"
    statuses, bodies = Counter(), []
    for i, member in enumerate(members):
        visitor = Visitor(stack, session_key=session_for(member))
        for j in range(per_member):
            body = f"Answer {tag}-{i}-{j}: keep the battery indoors overnight and charge it warm."
            status, headers, _text = visitor.post_form(url, action, {"body": body})
            statuses[status] += 1
            location = headers.get("Location", "") if headers else ""
            assert "/accounts/login" not in location, "the member was signed out"
            bodies.append(body)
    return len(bodies), statuses, bodies


def _report(name, **numbers):
    print(f"\nFAULT {name}: " + ", ".join(f"{k}={v}" for k, v in numbers.items()))


def test_redis_stopped_while_members_post_loses_nothing(stack, own_redis, thread):
    """Redis down: pages render from the database, members stay signed in, every
    answer is saved, /healthz says 503; Redis back: the owed work is done, once."""
    members = _members(4)
    s = stack()
    s.start_web()
    s.start_worker()
    anonymous = Visitor(s)
    assert anonymous.get(thread.get_absolute_url())[0] == 200  # warm

    own_redis.stop()
    pages = [anonymous.get(p)[0] for p in ["/", "/community/questions/", thread.get_absolute_url(), "/help/"]]
    health_status, _h, health = anonymous.get("/healthz")
    attempted, statuses, bodies = _post_answers(s, members, thread, per_member=5, tag="down")
    saved = Answer.objects.filter(question=thread, body__in=bodies).count()
    owed = Job.objects.filter(done_at__isnull=True).count()
    five_xx = sum(n for code, n in statuses.items() if code >= 500) + sum(1 for p in pages if p >= 500)
    _report("redis stopped", attempted=attempted, saved=saved, five_xx=five_xx, pages=pages, owed_jobs=owed)
    assert pages == [200, 200, 200, 200]
    assert health_status == 503 and json.loads(health)["checks"]["cache"]["ok"] is False
    assert statuses == Counter({302: attempted})
    assert saved == attempted

    own_redis.start()  # empty, as after a restart; nobody restarts gunicorn or the worker
    s.beat("core.tasks.requeue_jobs")
    wait_until(lambda: not Job.objects.filter(done_at__isnull=True, failed_at__isnull=True).exists(),
               timeout=120, every=1, what=lambda: "the owed jobs to be done:\n" + s.log("worker"))
    answers = list(Answer.objects.filter(question=thread, body__in=bodies))
    told = Counter(
        Notification.objects.filter(recipient=thread.author, key__in=[f"answer:{a.pk}" for a in answers])
        .values_list("key", flat=True)
    )
    _report("redis back", notified=len(told), duplicates=sum(n - 1 for n in told.values()),
            failed_jobs=Job.objects.filter(failed_at__isnull=False).count())
    assert len(told) == attempted and set(told.values()) == {1}
    assert not Job.objects.filter(failed_at__isnull=False).exists()
    assert anonymous.get("/healthz")[0] == 200


def test_a_redis_restart_signs_nobody_out_and_loses_no_queued_work(stack, own_redis, thread):
    """The worker is away while members post, so the work waits in Redis; Redis
    restarts empty. Members are still signed in, and beat re-sends what was lost."""
    members = _members(12)  # one answer each: with Redis up, posting limits count (one answer per interval)
    s = stack(GILDE_JOB_REQUEUE_AFTER=3)
    s.start_web()
    attempted, statuses, bodies = _post_answers(s, members, thread, per_member=1, tag="queued")
    assert statuses == Counter({302: attempted})
    queued = own_redis.queued()
    assert queued >= attempted  # notify, index, badges... waiting for a worker

    own_redis.stop()
    own_redis.start()
    assert own_redis.queued() == 0  # the queue is gone
    member = Visitor(s, session_key=session_for(members[0]))
    status, _h, text = member.get("/community/notifications/")
    assert status == 200, "a Redis restart signed the member out"

    s.start_worker()
    time.sleep(3.5)  # past GILDE_JOB_REQUEUE_AFTER
    s.beat("core.tasks.requeue_jobs")
    wait_until(lambda: not Job.objects.filter(done_at__isnull=True, failed_at__isnull=True).exists(),
               timeout=120, every=1, what=lambda: "the lost jobs to be re-sent and done:\n" + s.log("worker"))
    answers = list(Answer.objects.filter(question=thread, body__in=bodies))
    told = Counter(
        Notification.objects.filter(recipient=thread.author, key__in=[f"answer:{a.pk}" for a in answers])
        .values_list("key", flat=True)
    )
    indexed = SearchDocument.objects.filter(object_id=thread.pk).count()
    _report("redis restarted with queued work", attempted=attempted, queued_lost=queued, notified=len(told),
            duplicates=sum(n - 1 for n in told.values()), question_indexed=indexed)
    assert len(told) == attempted and set(told.values()) == {1}
    assert indexed >= 1


class _Receiver(BaseHTTPRequestHandler):
    """A helpdesk on loopback: checks signatures, counts each Idempotency-Key,
    and refuses the first attempt of every fifth delivery with 503."""

    seen: Counter
    accepted: Counter
    bad_signatures: list
    lock: threading.Lock

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        key = self.headers.get("Idempotency-Key", "")
        valid = webhooks.verify(body, self.headers.get(webhooks.SIGNATURE_HEADER, ""), "fault-secret")
        time.sleep(0.02)  # a real helpdesk takes a moment: the kill lands mid-batch
        with self.lock:
            self.seen[key] += 1
            first = self.seen[key] == 1
            if not valid:
                self.bad_signatures.append(key)
            refuse = first and int(hashlib.sha256(key.encode()).hexdigest(), 16) % 5 == 0
            if not refuse:
                self.accepted[key] += 1
        self.send_response(503 if refuse else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    handler = type("Receiver", (_Receiver,), {
        "seen": Counter(), "accepted": Counter(), "bad_signatures": [], "lock": threading.Lock(),
    })
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, handler
    server.shutdown()


def test_a_killed_worker_loses_no_webhook_delivery(stack, own_redis, receiver, settings):
    """200 tickets handed to the helpdesk; the worker is SIGKILLed mid-batch and
    started again. Every delivery lands; the receiver, deduplicating by
    Idempotency-Key, sees each exactly once."""
    server, handler = receiver
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    settings.HELPDESK_WEBHOOK_URL = url
    settings.HELPDESK_WEBHOOK_SECRET = "fault-secret"
    from support import services as support

    # The tickets are written as the contact form writes them; their deliveries
    # are owed in the database and reach the broker through the outbox.
    with mock.patch("core.jobs.publish", return_value=False):
        for n in range(200):
            support.ticket_create(subject=f"Ticket {n}", body="My battery will not charge.",
                                  email=f"customer{n}@example.com")
    assert WebhookDelivery.objects.count() == 200
    s = stack(HELPDESK_WEBHOOK_URL=url, HELPDESK_WEBHOOK_SECRET="fault-secret", HELPDESK_WEBHOOK_RETRY_SECONDS=1,
              HELPDESK_WEBHOOK_CLAIM_SECONDS=8, CELERY_TASK_TIME_LIMIT=15, GILDE_JOB_REQUEUE_AFTER=3)
    Job.objects.update(sent_at=None)  # as if the broker had been away: beat sends them
    s.start_worker(concurrency=4)
    s.beat("core.tasks.requeue_jobs")
    wait_until(lambda: len(handler.seen) >= 60, timeout=90, every=0.1,
               what=lambda: "deliveries to start:\n" + s.log("worker"))
    s.kill_worker()
    at_kill = len(handler.seen)
    s.start_worker(concurrency=4)

    def all_delivered():
        s.beat("core.tasks.requeue_jobs", "support.tasks.send_due_webhooks")
        return not WebhookDelivery.objects.exclude(state="delivered").exists()

    wait_until(all_delivered, timeout=180, every=2, what=lambda: "every delivery to land:\n" + s.log("worker"))
    keys = set(WebhookDelivery.objects.values_list("idempotency_key", flat=True))
    accepted = handler.accepted
    duplicates = sum(n - 1 for n in accepted.values())
    _report("worker killed mid-batch", deliveries=200, received_before_kill=at_kill, accepted_keys=len(accepted),
            duplicate_accepts=duplicates, refused_first=sum(1 for k, n in handler.seen.items() if n > accepted[k]),
            bad_signatures=len(handler.bad_signatures), failed=WebhookDelivery.objects.filter(state="failed").count())
    assert set(accepted) == keys  # every delivery received, and nothing else
    assert not handler.bad_signatures
    # Exactly once for a receiver that honours Idempotency-Key; at most one raw
    # duplicate per task that was mid-POST when the worker died.
    assert duplicates <= 4
    assert not Ticket.objects.filter(deliveries__state="failed").exists()


def test_a_killed_web_process_loses_no_page_views(stack, own_redis, thread):
    """Page views no longer wait in a web process's memory: with Redis they are
    queued there (analytics/queue.py) and Celery writes them. Before, this test
    pinned the loss: 50 of 50 views gone with a SIGKILLed gunicorn."""
    s = stack(GILDE_EVENT_BUFFER_SECONDS=3600, GILDE_EVENT_BUFFER_SIZE=100000)
    s.start_web()
    visitor = Visitor(s)
    views = 50
    before = Event.objects.filter(name="community.question_viewed").count()
    for _ in range(views):
        assert visitor.get(thread.get_absolute_url())[0] == 200
    s.kill_web()
    s.start_worker()
    s.beat("analytics.tasks.flush_event_queue")

    def saved():
        return Event.objects.filter(name="community.question_viewed").count() - before

    wait_until(lambda: saved() >= views, timeout=60, every=0.5,
               what=lambda: f"{saved()} of {views} views written:\n" + s.log("worker"))
    time.sleep(1)
    _report("web process killed", views=views, saved=saved(), lost=views - saved())
    assert saved() == views
