"""What operators get for the outbox: /healthz counts it, the admin lists failed
jobs and sends them again, and expired database sessions are cleared nightly."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.models import Job
from core.tasks import clear_sessions
from tests import factories

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_outbox(client):
    Job.objects.create(task="community.tasks.notify_question", args=[1], created_at=timezone.now() - timedelta(
        minutes=3))
    Job.objects.create(task="community.tasks.notify_question", args=[2], failed_at=timezone.now(), error="boom")
    outbox = client.get("/healthz").json()["outbox"]
    assert outbox["pending"] == 1 and outbox["failed"] == 1 and outbox["oldest_pending_seconds"] >= 180


def test_an_operator_sends_a_failed_job_again(client):
    admin = factories.member(is_staff=True, is_superuser=True, mfa=True)
    client.force_login(admin)
    job = Job.objects.create(task="community.tasks.notify_question", args=[1], failed_at=timezone.now(), error="x",
                             sends=12)
    page = client.get("/admin/core/job/?failed_at__isempty=0")
    assert page.status_code == 200 and "notify_question" in page.content.decode()
    response = client.post("/admin/core/job/", {"action": "send_again", "_selected_action": [job.pk]}, follow=True)
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.state == "pending" and job.sent_at is None and job.sends == 0  # beat sends it on its next run


def test_a_member_may_not_open_the_outbox_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/core/job/").status_code == 302  # to the admin login


def test_expired_sessions_are_cleared(client, member):
    client.force_login(member)
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1))
    clear_sessions()
    assert not Session.objects.filter(session_key="x" * 32).exists()
    assert Session.objects.count() == 1  # the live one stays
