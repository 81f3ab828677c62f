"""Mixed load through the production layout (issue 14): never part of `make test`.

Starts `deploy/cluster.py` (nginx, two gunicorn nodes, two workers) on its own
PostgreSQL database and a Redis of its own, loads the demo community, and
drives it for a few minutes from many simulated people at once: visitors and
signed-in members, 90 % reads (home, lists, question pages, articles, search)
and 10 % writes (answers, votes, flags). Writes a table of p50/p95/p99 and
errors per page to bench/results/<time>-mixed.md.

    .venv/bin/python bench/mixed.py --seconds 180 --clients 16
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadgen import percentile  # noqa: E402
from deploy.cluster import Cluster, OwnRedis, _ensure_database  # noqa: E402
from tests.faults.stack import Visitor  # noqa: E402  (a browser's worth of HTTP: cookies, CSRF)

SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import User
from community.models import Question
from knowledge_base.models import Article
members = list(User.objects.filter(groups__isnull=True, is_active=True, trust_level__gte=1)[:40])
sessions = []
for m in members:
    s = SessionStore()
    s[SESSION_KEY], s[BACKEND_SESSION_KEY], s[HASH_SESSION_KEY] = str(m.pk), \\
        "allauth.account.auth_backends.AuthenticationBackend", m.get_session_auth_hash()
    s.create()
    sessions.append(s.session_key)
visible = Question.objects.filter(status__in=["open", "answered", "solved"])[:60]
questions = [(q.pk, q.get_absolute_url()) for q in visible]
articles = [a.get_absolute_url() for a in Article.objects.filter(status="published", visibility="everyone")[:40]]
from django.contrib.contenttypes.models import ContentType
ct = ContentType.objects.get_for_model(Question).pk
print(json.dumps({"sessions": sessions, "questions": questions, "articles": articles, "ct": ct}))
"""

WORDS = ["battery", "accu", "motor", "display", "charger", "winter", "range", "brakes", "app", "tyres"]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.limited: dict[str, int] = defaultdict(int)

    def add(self, page: str, seconds: float, status: int) -> None:
        with self.lock:
            self.times[page].append(seconds * 1000)
            if status >= 500 or status == 599:
                self.errors[page] += 1
            elif status == 429:
                self.limited[page] += 1


def person(cluster, site, session: str | None, recorder: Recorder, stop: threading.Event, rng: random.Random):
    visitor = Visitor(cluster, session_key=session)

    def timed(page, method, *args):
        started = time.perf_counter()
        try:
            status = method(*args)[0]
        except OSError:
            status = 599
        recorder.add(page, time.perf_counter() - started, status)

    while not stop.is_set():
        pk, url = rng.choice(site["questions"])
        if session and rng.random() < 0.10:  # a write: answer 40 %, vote 50 %, flag 10 %
            kind = rng.random()
            if kind < 0.4:
                body = f"From the mixed benchmark: try {rng.choice(WORDS)} settings ({rng.random():.6f})."
                timed("POST answer", visitor.post_form, url, f"/community/q/{pk}/answer", {"body": body})
            elif kind < 0.9:
                timed("POST vote", visitor.post_form, url, f"/community/vote/question/{pk}",
                      {"value": rng.choice(["up", "down"])})
            else:
                timed("POST flag", visitor.post_form, url, f"/moderation/flag/{site['ct']}/{pk}/",
                      {"reason": "spam", "note": "benchmark"})
            continue
        page = rng.choices(["home", "questions", "question", "article", "search"], [1, 2, 4, 2, 1])[0]
        path = {
            "home": "/",
            "questions": "/community/questions/",
            "question": url,
            "article": rng.choice(site["articles"]) if site["articles"] else "/help/",
            "search": f"/search/?q={rng.choice(WORDS)}",
        }[page]
        timed(("member " if session else "visitor ") + page, visitor.get, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--clients", type=int, default=16, help="simulated people at once (half of them members)")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/gilde_bench_mixed")
    args = parser.parse_args()

    _ensure_database(args.database)
    redis = OwnRedis()
    redis.start()
    state = Path(tempfile.mkdtemp(prefix="gilde-mixed-"))
    cluster = Cluster(state=state, database_url=args.database, redis_url=redis.url, GILDE_STAFF_MFA_REQUIRED=0)
    try:
        print("preparing (migrate, static, demo)…", flush=True)
        cluster.prepare(demo=True)
        site = json.loads(cluster.manage("shell", "-c", SETUP).strip().splitlines()[-1])
        cluster.start()
        recorder, stop = Recorder(), threading.Event()
        people = []
        for i in range(args.clients):
            session = site["sessions"][i % len(site["sessions"])] if i % 2 else None
            rng = random.Random(i)
            t = threading.Thread(target=person, args=(cluster, site, session, recorder, stop, rng), daemon=True)
            people.append(t)
        print(f"driving {args.clients} people for {args.seconds} s through nginx…", flush=True)
        started = time.monotonic()
        for t in people:
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in people:
            t.join(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        cluster.stop()
        redis.stop()

    total = sum(len(v) for v in recorder.times.values())
    lines = [
        f"# Mixed load through nginx — {datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"deploy/cluster.py layout (nginx, 2 gunicorn nodes × 2 workers, 2 Celery workers, PostgreSQL, Redis) on "
        f"{os.cpu_count()} cores; {args.clients} simulated people (half signed in), {args.seconds} s, "
        f"{total} requests ({total / elapsed:.0f}/s), reads ~90 %, writes ~10 % of members' actions.",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms | 5xx/failed | 429 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in sorted(recorder.times):
        t = recorder.times[page]
        lines.append(
            f"| {page} | {len(t)} | {percentile(t, 50):.0f} | {percentile(t, 95):.0f} | {percentile(t, 99):.0f} "
            f"| {recorder.errors[page]} | {recorder.limited[page]} |"
        )
    lines += [
        "",
        "POST rows time the whole action as a browser does it: the page's GET (for its CSRF token) and the POST.",
        "429: members' posting limits (one answer per 5 s per member) and the search limit (30 a minute per",
        "client), expected under this load.",
    ]
    out = ROOT / "bench" / "results" / f"{datetime.now():%Y-%m-%d-%H%M}-mixed.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
