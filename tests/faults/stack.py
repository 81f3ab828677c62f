"""Gilde's production recipe on loopback, for fault tests: a Redis of its own
(on a free port, never the machine's shared one), gunicorn with two workers,
a Celery worker, all on the test database, with DEBUG off. Plus a small HTTP
client that signs members in with a real session and posts forms with their
CSRF token, as a browser would.

Everything is started and stopped by the tests; every wait is bounded.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

from deploy.cluster import OwnRedis, free_port, wait_until  # noqa: F401 - re-exported for the fault tests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def database_url(name: str | None = None) -> str:
    """The URL of the test database (or of ``name`` on the same server), for processes we start."""
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name or db['NAME']}"


class Stack:
    def __init__(self, *, tmp: Path, database_url: str, redis: OwnRedis, **env):
        self.tmp = tmp
        self.redis = redis
        self.port = free_port()
        self.database_url = database_url
        self.extra = {k: str(v) for k, v in env.items()}
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.logs = tmp / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    @property
    def env(self) -> dict:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "CELERY_"))}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            # The test process writes members' sessions; their auth hash is keyed on this.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url,
            "GILDE_VAR_DIR": str(self.tmp / "var"),
            "STATIC_ROOT": str(self.tmp / "static"),
            "GILDE_STAFF_MFA_REQUIRED": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
            **self.extra,
        }

    def manage(self, *args, timeout: float = 120) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def collectstatic(self) -> None:
        if not (self.tmp / "static" / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput", "-v", "0")

    # --- web ------------------------------------------------------------------------------

    def start_web(self, workers: int = 2) -> None:
        self.collectstatic()
        self.web = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(workers),
             "--timeout", "60", "--graceful-timeout", "5"],
            cwd=ROOT, env=self.env, stdout=open(self.logs / "web.log", "ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(lambda: self._answers(), timeout=60, what="gunicorn to answer")

    def _answers(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return True
        except OSError:
            return False

    def kill_web(self) -> None:
        """SIGKILL the whole gunicorn (arbiter and workers): nothing gets to clean up."""
        if self.web and self.web.poll() is None:
            os.killpg(self.web.pid, signal.SIGKILL)
            self.web.wait(timeout=10)
        self.web = None

    def stop_web(self) -> None:
        if self.web and self.web.poll() is None:
            os.killpg(self.web.pid, signal.SIGTERM)
            try:
                self.web.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.web.pid, signal.SIGKILL)
                self.web.wait(timeout=10)
        self.web = None

    # --- Celery ----------------------------------------------------------------------------

    def start_worker(self, concurrency: int = 2) -> None:
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", f"--concurrency={concurrency}",
             "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=self.env, stdout=open(self.logs / "worker.log", "ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill_worker(self) -> None:
        """SIGKILL the worker and its pool processes at once, mid-task."""
        if self.worker and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(timeout=10)
        self.worker = None

    def stop_worker(self) -> None:
        if self.worker and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            try:
                self.worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill_worker()
        self.worker = None

    def beat(self, *tasks: str) -> None:
        """What beat does on its schedule: publish each task to the broker."""
        for task in tasks:
            result = subprocess.run(
                [sys.executable, "-m", "celery", "-A", "config", "call", task], cwd=ROOT, env=self.env,
                capture_output=True, text=True, timeout=60,
            )
            if result.returncode != 0:
                raise AssertionError(f"celery call {task} failed: {result.stderr}")

    def stop(self) -> None:
        self.kill_worker()
        self.stop_web()

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    """A browser's worth of HTTP: cookies kept (Secure ones too: the stack is
    plain HTTP on loopback), no redirects followed."""

    def __init__(self, stack: Stack, *, session_key: str | None = None):
        self.stack = stack
        self.cookies: dict[str, str] = {}
        if session_key:
            self.cookies["sessionid"] = session_key

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.stack.port, timeout=30)
        all_headers = {"Host": f"127.0.0.1:{self.stack.port}", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        conn.close()
        return response.status, response.headers, text

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, page: str, action: str, fields: dict):
        """GET ``page`` for a CSRF token, then POST ``fields`` to ``action``."""
        status, _headers, text = self.get(page)
        match = _TOKEN.search(text)
        if status != 200 or not match:
            return status, {}, text
        return self.request("POST", action, {**fields, "csrfmiddlewaretoken": match.group(1)},
                            headers={"Referer": f"http://127.0.0.1:{self.stack.port}{page}"})


def session_for(user) -> str:
    """A real signed-in session in the database (what logging in leaves behind)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key
