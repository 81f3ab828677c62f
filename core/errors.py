"""Optional error reporting to Sentry (or a Sentry-compatible server such as
GlitchTip), turned on by ``SENTRY_DSN``. Personal data is kept out: no default
PII, and ``scrub`` removes what Gilde's own events could carry (request bodies,
cookies, query strings, user emails and addresses) before anything is sent."""

from __future__ import annotations

SCRUBBED = "[scrubbed]"
_SENSITIVE_HEADERS = {"cookie", "authorization", "x-forwarded-for", "x-real-ip", "referer"}


def scrub(event: dict, hint=None) -> dict:
    request = event.get("request") or {}
    for key in ("data", "cookies", "query_string", "env"):
        if key in request:
            request[key] = SCRUBBED
    headers = request.get("headers")
    if isinstance(headers, dict):
        for name in list(headers):
            if name.lower() in _SENSITIVE_HEADERS:
                headers[name] = SCRUBBED
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        if crumb.get("category") in {"query", "http"}:
            crumb["data"] = {}
            crumb["message"] = SCRUBBED if crumb.get("message") else crumb.get("message")
    return event


def init(dsn: str, *, environment: str = "production", release: str = "") -> bool:
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,  # a view's locals hold what members typed and who they are
        before_send=scrub,
        max_request_body_size="never",
        traces_sample_rate=0.0,
    )
    return True
