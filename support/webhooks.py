"""The external helpdesk: signed JSON out, signed status updates in.

Signature: ``X-Gilde-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">``
with HELPDESK_WEBHOOK_SECRET as the key. The timestamp is signed too, so an
old request cannot be replayed after ``SIGNATURE_TOLERANCE`` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

SIGNATURE_HEADER = "X-Gilde-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
SIGNATURE_TOLERANCE = 300


def webhook_url() -> str:
    return getattr(settings, "HELPDESK_WEBHOOK_URL", "") or ""


def webhook_secret() -> str:
    return getattr(settings, "HELPDESK_WEBHOOK_SECRET", "") or ""


def sign(body: bytes, secret: str, *, timestamp: int | None = None) -> str:
    ts = int(time.time()) if timestamp is None else int(timestamp)
    digest = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


def verify(body: bytes, header: str, secret: str, *, now: float | None = None) -> bool:
    if not secret or not header:
        return False
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        ts = int(parts["t"])
        given = parts["v1"]
    except (ValueError, KeyError):
        return False
    now = time.time() if now is None else now
    if abs(now - ts) > SIGNATURE_TOLERANCE:
        return False
    expected = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given)


def encode(payload: dict) -> bytes:
    return json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")).encode()


def post(url: str, body: bytes, *, secret: str, idempotency_key: str, timeout: float = 10) -> int:
    """POST the body; returns the HTTP status. Raises OSError on network failure."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Gilde-helpdesk-webhook/1",
            SIGNATURE_HEADER: sign(body, secret),
            IDEMPOTENCY_HEADER: idempotency_key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - URL set by the operator
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def ticket_payload(ticket, event: str) -> dict:
    return {
        "event": event,
        "ticket": {
            "reference": ticket.reference,
            "id": ticket.pk,
            "external_id": ticket.external_id,
            "status": ticket.status,
            "source": ticket.source,
            "subject": ticket.subject,
            "description": ticket.body,
            "requester_email": ticket.requester_email,
            "assignee_email": ticket.assignee.email if ticket.assignee_id else None,
            "question_url": ticket.question_url or None,
            "created_at": ticket.created_at.isoformat(),
            "updated_at": ticket.updated_at.isoformat(),
            "url": settings.SITE_URL + ticket.get_absolute_url(),
        },
    }


def delivery_metrics():
    """Prometheus gauges (core.metrics): helpdesk webhook deliveries by state."""
    from django.db.models import Count
    from prometheus_client.core import GaugeMetricFamily

    from support.models import WebhookDelivery

    gauge = GaugeMetricFamily("gilde_webhook_deliveries", "Helpdesk webhook deliveries by state", labels=["state"])
    for row in WebhookDelivery.objects.order_by().values("state").annotate(n=Count("pk")):
        gauge.add_metric([row["state"]], row["n"])
    yield gauge
