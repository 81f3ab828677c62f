"""Turn a broken configuration into one clear line instead of a traceback."""

import sys

from django.core.exceptions import ImproperlyConfigured


def fail(message: str) -> None:
    sys.stderr.write("gilde: " + " ".join(message.split()) + "\n")
    raise SystemExit(2)


def run_guarded(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except ImproperlyConfigured as exc:
        fail(f"configuration error: {exc}")


def check_services() -> None:
    """Connect to the database and (when configured) Redis; exit with one line if either fails."""
    from django.conf import settings
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as exc:  # any driver error: say which setting is wrong
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fail(f"cannot connect to the database given by DATABASE_URL ({connection.vendor}): {detail}")
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
        except Exception as exc:
            fail(f"cannot connect to Redis given by REDIS_URL ({settings.REDIS_URL}): {exc}")
