import email
import ipaddress
import logging
import time
from email import policy
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def home(request):
    from core.home import sections_for

    return render(request, "home.html", {"sections": sections_for(request)})


def _check(func) -> dict:
    started = time.monotonic()
    try:
        func()
    except Exception as exc:
        logger.warning("health check failed: %s", exc)
        return {"ok": False, "error": type(exc).__name__, "ms": round((time.monotonic() - started) * 1000)}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    cache.set("gilde:healthz", "1", 10)
    if cache.get("gilde:healthz") != "1":
        raise RuntimeError("cache did not keep a value")


def _broker():
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


_migrated = False


def _migrations():
    """Readiness: every migration on disk is applied (a deploy that forgot
    ``migrate`` is not ready). Once true, a process remembers it."""
    global _migrated
    if _migrated:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migrations not applied")
    _migrated = True


def _outbox() -> dict:
    """Work owed after writes (core/jobs.py): how much, and how long the oldest has waited.
    Information for operators; a backlog does not fail the check (beat works it off)."""
    from django.utils import timezone

    from core.models import Job

    try:
        pending = Job.objects.filter(done_at__isnull=True, failed_at__isnull=True)
        oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
        return {
            "pending": pending.count(),
            "failed": Job.objects.filter(failed_at__isnull=False).count(),
            "oldest_pending_seconds": round((timezone.now() - oldest).total_seconds()) if oldest else 0,
        }
    except Exception as exc:
        return {"error": type(exc).__name__}


@never_cache
def healthz(request):
    checks = {
        "database": _check(_database),
        "migrations": _check(_migrations),
        "cache": _check(_cache),
        "broker": _check(_broker),
    }
    ok = all(c["ok"] for c in checks.values())
    body = {"status": "ok" if ok else "error", "checks": checks, "outbox": _outbox()}
    return JsonResponse(body, status=200 if ok else 503)


_PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


def _from_this_machine(request) -> bool:
    """The peer is loopback and no proxy forwarded the request: never trusts X-Forwarded-For,
    and a proxy on this machine (whose peer address is loopback for every client) is refused."""
    if any(request.META.get(h) for h in _PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _outbox_dir(request) -> Path:
    # Anyone who can read the outbox can ask a password reset for any address and
    # read the link: only the demo (GILDE_DEMO) shows it, and only to this machine.
    if (
        not settings.GILDE_DEMO
        or not settings.EMAIL_BACKEND.endswith("filebased.EmailBackend")
        or not _from_this_machine(request)
    ):
        raise Http404
    return Path(settings.EMAIL_FILE_PATH)


def _read_messages(path: Path):
    # The file backend appends each message followed by a line of 79 dashes.
    for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
        if chunk.strip():
            yield email.message_from_string(chunk, policy=policy.default)


def _text_of(msg) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part else ""


@never_cache
def outbox(request):
    """The demo only, from this machine only: the emails Gilde would have sent."""
    folder = _outbox_dir(request)
    messages = []
    if folder.exists():
        for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)[:50]:
            for msg in _read_messages(path):
                messages.append({"file": path.name, "to": msg["To"], "subject": msg["Subject"], "date": msg["Date"]})
    return render(request, "core/outbox.html", {"outbox": messages})


@never_cache
def outbox_message(request, name):
    folder = _outbox_dir(request)
    path = folder / name
    if "/" in name or not path.exists():
        raise Http404
    items = [
        {"to": m["To"], "subject": m["Subject"], "date": m["Date"], "body": _text_of(m)} for m in _read_messages(path)
    ]
    return render(request, "core/outbox_message.html", {"items": items})
