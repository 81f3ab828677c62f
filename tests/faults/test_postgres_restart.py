"""PostgreSQL restarted under load (issue 14, fault 4): errors only during the
restart, the site reconnects by itself, and no POST is half-applied.

The database here is a PostgreSQL of the test's own (initdb in a temporary
folder, on a free port): restarting the machine's shared server would take
every other test's connection with it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from deploy.cluster import free_port
from tests.conftest_helpers import require_services
from tests.faults.stack import OwnRedis, Stack, Visitor

pytestmark = [pytest.mark.services]

PG_BIN = Path("/usr/lib/postgresql")


def _pg_tool(name: str) -> str:
    found = sorted(PG_BIN.glob(f"*/bin/{name}"))
    if not found:
        raise RuntimeError(f"{name} not found under {PG_BIN} (apt-get install postgresql)")
    return str(found[-1])


class OwnPostgres:
    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()

    def _run(self, *args, **kwargs):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, timeout=120, **kwargs)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        if not self.data.exists():
            self._run(_pg_tool("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self._pg_ctl("start")
        conn = psycopg.connect(self.url("postgres").replace("postgres://", "postgresql://"), autocommit=True)
        with conn:
            conn.execute("CREATE DATABASE gilde")

    def _pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(_pg_tool("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "pg.log"),
                  "-m", "fast", "-w", action)

    def restart(self) -> None:
        self._pg_ctl("restart")

    def stop(self) -> None:
        try:
            self._pg_ctl("stop")
        except subprocess.CalledProcessError:
            pass

    def url(self, name: str = "gilde") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from community import services
from tests import factories
topic = services.topic_create(name="Batteries", description="Range and chargers.")
q = services.question_create(author=factories.member(trust_level=2), topic=topic, title="Cold batteries?",
                             body="It drains fast in winter.", tags=["battery"])
keys = []
for _ in range(12):
    m = factories.member(trust_level=2)
    s = SessionStore()
    s[SESSION_KEY], s[BACKEND_SESSION_KEY], s[HASH_SESSION_KEY] = str(m.pk), \
        "allauth.account.auth_backends.AuthenticationBackend", m.get_session_auth_hash()
    s.create()
    keys.append(s.session_key)
print(json.dumps({"url": q.get_absolute_url(), "pk": q.pk, "sessions": keys}))
"""


@pytest.mark.django_db
def test_a_postgresql_restart_under_load_half_applies_nothing(tmp_path):
    require_services(bool(settings.REDIS_URL) and connection.vendor == "postgresql", "PostgreSQL and Redis")
    # Outside pytest's private (root-only) tmp folder: the server runs as the postgres user.
    pg_folder = Path(tempfile.mkdtemp(prefix="gilde-pg-"))
    pg_folder.chmod(0o755)
    pg = OwnPostgres(pg_folder / "pg")
    redis = OwnRedis()
    stack = None
    try:
        pg.start()
        redis.start()
        stack = Stack(tmp=Path(tmp_path) / "stack", database_url=pg.url(), redis=redis)
        stack.manage("migrate", "--noinput", "-v", "0", timeout=300)
        site = json.loads(stack.manage("shell", "-c", SETUP).strip().splitlines()[-1])
        stack.start_web()
        stack.start_worker()

        events: list[tuple[float, str, int, str]] = []  # (time, kind, status, body)
        lock, stop = threading.Lock(), threading.Event()

        def member(i: int, key: str):
            visitor = Visitor(stack, session_key=key)
            n = 0
            while not stop.is_set():
                body = f"Answer {i}-{n}: charge the battery indoors, at room temperature."
                try:
                    status, _h, _t = visitor.post_form(site["url"], f"/community/q/{site['pk']}/answer",
                                                       {"body": body})
                except OSError:
                    status = 599
                with lock:
                    events.append((time.monotonic(), "post", status, body))
                n += 1
                time.sleep(5.2)  # a member may post an answer every 5 s (moderation's posting limits)

        def reader():
            visitor = Visitor(stack)
            while not stop.is_set():
                try:
                    status = visitor.get(site["url"])[0]
                except OSError:
                    status = 599
                with lock:
                    events.append((time.monotonic(), "get", status, ""))

        threads = [threading.Thread(target=member, args=(i, k)) for i, k in enumerate(site["sessions"])]
        threads.append(threading.Thread(target=reader))
        for t in threads:
            t.start()
            time.sleep(0.4)  # spread the members over the 5 s interval
        time.sleep(2)
        window_start = time.monotonic()
        pg.restart()
        window_end = time.monotonic()
        time.sleep(6)
        stop.set()
        for t in threads:
            t.join(timeout=60)

        # After the window, the site answers again without anyone restarting it.
        after = [s for at, kind, s, _ in events if at > window_end + 2]
        errors_outside = [(round(at - window_start, 1), kind, s) for at, kind, s, _ in events
                          if s >= 500 and not (window_start - 1 <= at <= window_end + 2)]
        errors = [s for _at, _k, s, _b in events if s >= 500]

        with psycopg.connect(pg.url().replace("postgres://", "postgresql://")) as conn:
            answers = {row[0]: row[1] for row in conn.execute(
                "SELECT body, id FROM community_answer WHERE question_id = %s", [site["pk"]])}
            count = conn.execute("SELECT answer_count FROM community_question WHERE id = %s",
                                 [site["pk"]]).fetchone()[0]
            ct = conn.execute("SELECT id FROM django_content_type WHERE app_label='community' AND model='answer'"
                              ).fetchone()[0]
            revised = {row[0] for row in conn.execute(
                "SELECT object_id FROM community_revision WHERE content_type_id = %s", [ct])}
            owed = {json.loads(row[0])[0] if isinstance(row[0], str) else row[0][0] for row in conn.execute(
                "SELECT args FROM core_job WHERE task = 'community.tasks.notify_answer'")}
        posted_ok = {body for _at, kind, s, body in events if kind == "post" and s == 302}
        print(f"\nFAULT postgresql restarted: requests={len(events)}, posts={sum(1 for e in events if e[1] == 'post')}"
              f", posts_saved={len(answers)}, 5xx={len(errors)}, 5xx_outside_window={len(errors_outside)}, "
              f"restart_seconds={round(window_end - window_start, 1)}")
        assert after and all(s < 500 for s in after), "the site did not reconnect by itself"
        assert not errors_outside, errors_outside
        assert posted_ok <= set(answers)  # every answer confirmed to its author is there
        # Nothing half-applied: every saved answer has its revision, its owed
        # notification, and is counted on the question.
        assert count == len(answers)
        assert set(answers.values()) <= revised
        assert set(answers.values()) <= owed
    finally:
        if stack is not None:
            stack.stop()
        redis.stop()
        pg.stop()
        shutil.rmtree(pg_folder, ignore_errors=True)
