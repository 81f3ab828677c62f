import hashlib
import hmac
import json
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from support import services, tasks, webhooks
from support.models import Ticket, WebhookDelivery
from tests import factories

SECRET = "s3cret-for-tests"


@pytest.fixture
def helpdesk(settings):
    settings.HELPDESK_WEBHOOK_URL = "https://helpdesk.example/hooks/gilde"
    settings.HELPDESK_WEBHOOK_SECRET = SECRET


def make_ticket():
    return services.ticket_create(subject="Battery dead", body="It does not charge.", requester=factories.member())


def test_signature_is_hmac_sha256_over_timestamp_and_body():
    body = b'{"a":1}'
    header = webhooks.sign(body, SECRET, timestamp=1700000000)
    expected = hmac.new(SECRET.encode(), b"1700000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert webhooks.verify(body, header, SECRET, now=1700000000 + 10)
    assert not webhooks.verify(body + b" ", header, SECRET, now=1700000000)
    assert not webhooks.verify(body, header, "other", now=1700000000)
    assert not webhooks.verify(body, header, SECRET, now=1700000000 + 301)  # replayed too late
    assert not webhooks.verify(body, "garbage", SECRET)
    assert not webhooks.verify(body, header, "", now=1700000000)


@pytest.mark.django_db
def test_nothing_is_sent_without_a_url(settings, django_capture_on_commit_callbacks):
    settings.HELPDESK_WEBHOOK_URL = ""
    with mock.patch.object(webhooks, "post") as post, django_capture_on_commit_callbacks(execute=True):
        make_ticket()
    post.assert_not_called()
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_created_ticket_is_posted_signed_with_an_idempotency_key(helpdesk, django_capture_on_commit_callbacks):
    with mock.patch("urllib.request.urlopen") as urlopen, django_capture_on_commit_callbacks(execute=True):
        urlopen.return_value.__enter__.return_value.status = 200
        ticket = make_ticket()
    request = urlopen.call_args.args[0]
    assert request.full_url == "https://helpdesk.example/hooks/gilde"
    body = request.data
    payload = json.loads(body)
    assert payload["event"] == "ticket.created" and payload["ticket"]["reference"] == ticket.reference
    assert webhooks.verify(body, request.get_header("X-gilde-signature"), SECRET)
    delivery = WebhookDelivery.objects.get()
    assert request.get_header("Idempotency-key") == delivery.idempotency_key
    assert delivery.state == "delivered" and delivery.attempts == 1


@pytest.mark.django_db
def test_failed_delivery_is_retried_with_backoff_and_the_same_key(
    helpdesk, settings, django_capture_on_commit_callbacks
):
    with mock.patch.object(webhooks, "post", return_value=503), django_capture_on_commit_callbacks(execute=True):
        make_ticket()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and delivery.attempts == 1 and delivery.last_status_code == 503
    # The next attempt is due after the backoff, in the row (no retry waits in the broker).
    due = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < due <= timedelta(seconds=30)
    with mock.patch.object(webhooks, "post", return_value=200) as post:
        assert tasks.deliver_webhook.run(delivery.pk) == "skipped"  # not due yet
        assert tasks.send_due_webhooks() == 0
    assert post.call_count == 0
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    with mock.patch.object(webhooks, "post", side_effect=OSError("connection refused")) as post:
        assert tasks.deliver_webhook.run(delivery.pk) == "retry"
    assert post.call_args.kwargs["idempotency_key"] == delivery.idempotency_key
    assert [tasks.backoff(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240] and tasks.backoff(20) == 3600
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and "connection refused" in delivery.last_error
    assert timedelta(seconds=55) < delivery.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    with mock.patch.object(webhooks, "post", return_value=200) as post, django_capture_on_commit_callbacks(
        execute=True
    ):
        assert tasks.send_due_webhooks() == 1  # beat hands the due retry to a worker
    with mock.patch.object(webhooks, "post", return_value=200) as again:
        assert tasks.deliver_webhook.run(delivery.pk) == "skipped"  # idempotent: sent once
    assert post.call_count == 1 and again.call_count == 0
    delivery.refresh_from_db()
    assert delivery.state == "delivered"


@pytest.mark.django_db
def test_an_attempt_in_flight_holds_its_delivery(helpdesk):
    """Two copies of the task (a redelivery after a killed worker, a beat re-send)
    never post the same delivery at once: the first claims it."""
    ticket = Ticket.objects.create(subject="x", body="y", requester_email="a@example.com")
    d = WebhookDelivery.objects.create(ticket=ticket, event="ticket.updated", url="https://h.example", payload={})
    seen = []

    def post(*args, **kwargs):
        seen.append(tasks.deliver_webhook.run(d.pk))  # a second copy arrives mid-POST
        return 200

    with mock.patch.object(webhooks, "post", side_effect=post):
        assert tasks.deliver_webhook.run(d.pk) == "delivered"
    assert seen == ["skipped"]


@pytest.mark.django_db
def test_delivery_gives_up_after_the_last_attempt_or_a_client_error(helpdesk, settings):
    ticket = Ticket.objects.create(subject="x", body="y", requester_email="a@example.com")
    d = WebhookDelivery.objects.create(
        ticket=ticket, event="ticket.updated", url="https://h.example", payload={}, attempts=tasks.MAX_ATTEMPTS - 1
    )
    with mock.patch.object(webhooks, "post", return_value=500):
        assert tasks.deliver_webhook.run(d.pk) == "failed"
    d2 = WebhookDelivery.objects.create(ticket=ticket, event="ticket.updated", url="https://h.example", payload={})
    with mock.patch.object(webhooks, "post", return_value=400):
        assert tasks.deliver_webhook.run(d2.pk) == "failed"


@pytest.mark.django_db
def test_ticket_changes_are_sent_too(helpdesk, django_capture_on_commit_callbacks):
    agent = factories.agent()
    with mock.patch.object(webhooks, "post", return_value=200), django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket()
        services.ticket_status_set(ticket=ticket, status="open", by=agent)
    assert list(WebhookDelivery.objects.order_by("pk").values_list("event", flat=True)) == [
        "ticket.created",
        "ticket.updated",
    ]
    assert WebhookDelivery.objects.values("idempotency_key").distinct().count() == 2


def _signed_post(client, payload, *, secret=SECRET, key="k1", ts=None):
    body = json.dumps(payload).encode()
    headers = {"HTTP_X_GILDE_SIGNATURE": webhooks.sign(body, secret, timestamp=ts or int(time.time()))}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(reverse("support:helpdesk_inbound"), body, content_type="application/json", **headers)


@pytest.mark.django_db
def test_inbound_update_changes_the_status(helpdesk):
    ticket = make_ticket()
    client = Client(enforce_csrf_checks=True)
    response = _signed_post(client, {"reference": ticket.reference, "status": "solved", "external_id": "ZD-9"})
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == "solved" and ticket.external_id == "ZD-9"
    assert not WebhookDelivery.objects.filter(event="ticket.updated").exists()  # not echoed back


@pytest.mark.django_db
@pytest.mark.parametrize("secret,ts", [("wrong-secret", None), (SECRET, 1000)])
def test_inbound_with_a_bad_signature_is_403_and_changes_nothing(helpdesk, secret, ts):
    ticket = make_ticket()
    response = _signed_post(Client(), {"reference": ticket.reference, "status": "closed"}, secret=secret, ts=ts)
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == "new"


@pytest.mark.django_db
def test_inbound_without_a_configured_secret_is_refused(settings):
    settings.HELPDESK_WEBHOOK_SECRET = ""
    ticket = make_ticket()
    assert _signed_post(Client(), {"reference": ticket.reference, "status": "closed"}, secret="").status_code == 403


@pytest.mark.django_db
def test_inbound_is_idempotent_and_validates(helpdesk):
    ticket = make_ticket()
    client = Client()
    assert _signed_post(client, {"reference": ticket.reference, "status": "open"}, key="same").status_code == 200
    services.ticket_status_set(ticket=Ticket.objects.get(), status="pending")
    again = _signed_post(client, {"reference": ticket.reference, "status": "open"}, key="same")
    assert again.status_code == 200 and again.json()["duplicate"]
    assert Ticket.objects.get().status == "pending"
    assert _signed_post(client, {"reference": "T-NOPE-NOPE", "status": "open"}, key="x2").status_code == 404
    assert _signed_post(client, {"reference": ticket.reference, "status": "bogus"}, key="x3").status_code == 400
    assert client.get(reverse("support:helpdesk_inbound")).status_code == 405


@pytest.mark.django_db
def test_delivery_log_is_for_managers(staff_mfa_off, helpdesk, member, agent, manager):
    url = reverse("support:deliveries")
    for user, status in [(member, 403), (agent, 403), (manager, 200)]:
        c = Client()
        c.force_login(user)
        assert c.get(url).status_code == status
