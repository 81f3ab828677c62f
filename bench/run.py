"""``make bench``: Gilde's pages at community scale, compared with a trivial floor page.

1. Builds (or reuses) the scale database: a SQLite file under var/bench/, or
   DATABASE_URL when given (then it must be a database you may fill).
2. Starts gunicorn (2 sync workers, DEBUG off, a throw-away GILDE_VAR_DIR) on
   127.0.0.1 with bench.settings (the real settings + /bench/floor).
3. Loads every page with wrk (Debian's package; installed when missing and
   possible, else a Python load generator), anonymous and signed in (a session
   made with the ORM), bounded in time; reports req/s, p50/p95/p99 and the
   ratio to the floor measured in the same run.
4. In process: the query count of every page, search and suggestion p95, and
   the analytics rollup of one day and of all 90 days.
5. Writes bench/results/<date>-<db>.md and prints it.

Options: ``--scale 0.2`` (smaller data, own SQLite file), ``--seconds 8`` per
page, ``--connections 4``, ``--python-loadgen``, ``--skip-load``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loadgen  # noqa: E402

SECRET = "bench-only-secret-key-not-for-production-0123456789abcdef"
ANON_VISITOR = "bench0000visitor0000000000000001"
CSRF_COOKIE = "benchCsrfToken0000000000000000AB"
SEARCH_QUERIES = [
    "battery",
    "accu laden",
    "display error",
    "brake pads squeak",
    "firmware update",
    "torque sensor",
    "remmen piepen",
    "bluetooth pairing",
    "chain",
    "achterlicht knippert",
    "range winter",
    "kinderzitje",
    "charger",
    "koppelsensor garantie",
    "tyre pressure",
    "velora tour motor",
]
SUGGEST_QUERIES = ["batt", "accu la", "display e", "brake p", "firmw", "remm", "bluet", "achterl", "velora st", "garan"]


def log(text: str) -> None:
    print(f"bench: {text}", flush=True)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1.0")))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "8")))
    p.add_argument("--connections", type=int, default=4)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--python-loadgen", action="store_true", help="use the Python load generator even if wrk exists")
    p.add_argument("--skip-load", action="store_true", help="only the in-process measurements")
    p.add_argument("--skip-inprocess", action="store_true", help="only the load (no search timings, no rollups)")
    p.add_argument("--only", default="", help="comma-separated page keys to load (e.g. q30,search)")
    p.add_argument("--rollup-limit", type=float, default=120, help="stop the one-day rollup after this many s")
    return p.parse_args(argv)


def bench_env(args, var_dir: str) -> dict:
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "GILDE_VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
    }
    if not os.environ.get("DATABASE_URL"):
        name = "gilde-scale-sqlite.sqlite3" if args.scale == 1.0 else f"gilde-scale-sqlite-{args.scale:g}.sqlite3"
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench' / name}"
    return env


# --- the data ------------------------------------------------------------------------------------


def prepare_database(args) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    log("migrate")
    call_command("migrate", interactive=False, verbosity=0)
    if get_user_model().objects.filter(email="member00000@scale.example").exists():
        log("scale data found; reusing it")
    else:
        log(f"seeding scale data (--scale {args.scale}); this takes a few minutes at full scale")
        call_command("seed_scale", scale=args.scale, seed=args.seed)
    log("collectstatic")
    call_command("collectstatic", interactive=False, verbosity=0)


def bench_member():
    """A plain member (no staff role) with an English profile: the signed-in reader."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return (
        User.objects.filter(email__endswith="@scale.example", groups__isnull=True, language__in=["", "en"])
        .order_by("id")
        .first()
    )


def session_cookie(user) -> str:
    """A signed-in session made directly with the session store (no login view)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.CachedPermissionBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def question_list_page_url(page: int) -> str:
    """The question list's page ``page`` (keyset: the cursor of the last row of page - 1)."""
    from community.models import Question
    from community.views.questions import QUESTIONS_PER_PAGE

    base = "/community/questions/"
    # Smaller scale data has fewer pages: the deepest one there is.
    page = min(page, -(-Question.objects.published().count() // QUESTIONS_PER_PAGE))
    if page <= 1:
        return base
    row = (
        Question.objects.published()
        .order_by("-last_activity_at", "-id")
        .values_list("last_activity_at", "id")[(page - 1) * QUESTIONS_PER_PAGE - 1]
    )
    from urllib.parse import urlencode

    return f"{base}?{urlencode({'after': f'{row[0].isoformat()}~{row[1]}'})}"


def pages() -> list[tuple[str, str, str]]:
    """(key, label, path) of every page measured."""
    from community.models import Question
    from knowledge_base.models import Article

    scale_q = Question.objects.published().filter(author__email__endswith="@scale.example")
    q30 = scale_q.filter(answer_count=30).order_by("-id").first()
    q500 = scale_q.filter(answer_count__gte=500).order_by("answer_count", "-id").first()
    article = (
        Article.objects.public()
        .filter(language="en", translation_of__isnull=True, promoted=False)
        .order_by("id")
        .first()
    )
    found = [
        ("floor", "floor (20-item template loop)", "/bench/floor"),
        ("help_home", "help-centre home", "/help/"),
        ("article", "article", article.get_absolute_url() if article else ""),
        ("list_p1", "question list, page 1", question_list_page_url(1)),
        ("list_p200", "question list, page 200", question_list_page_url(200)),
        ("q30", "question, 30 answers", q30.get_absolute_url() if q30 else ""),
        (
            "q500",
            f"question, {q500.answer_count if q500 else 500} answers (page 1)",
            q500.get_absolute_url() if q500 else "",
        ),
        ("search", "search results", "/search/?q=battery+charger"),
        ("suggest", "suggestions (as you type)", "/search/suggest?q=accu+la"),
    ]
    return [(k, label, path) for k, label, path in found if path]


# --- in process ------------------------------------------------------------------------------------


def query_counts(page_list, session_key) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for who in ("anon", "member"):
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["gilde_vid"] = ANON_VISITOR
        if who == "member":
            client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        for key, _, path in page_list:
            client.get(path)  # warm caches, as the load does
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            counts[(key, who)] = (len(ctx.captured_queries), response.status_code)
    return counts


def timed(fn, *args, **kwargs) -> float:
    started = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def search_timings(user=None) -> dict:
    from search.services import search, suggest

    for q in SEARCH_QUERIES[:3]:
        search(q, user=user)  # warm
    s = [timed(search, q, user=user) for _ in range(3) for q in SEARCH_QUERIES]
    g = [timed(suggest, q, user=user) for _ in range(5) for q in SUGGEST_QUERIES]
    return {
        "search_p50": loadgen.percentile(s, 50),
        "search_p95": loadgen.percentile(s, 95),
        "suggest_p50": loadgen.percentile(g, 50),
        "suggest_p95": loadgen.percentile(g, 95),
    }


ROLLUP_CODE = """
import datetime as dt, sys, time
import django
django.setup()
from analytics import rollups
today = rollups.local_today()
started = time.perf_counter()
if sys.argv[1] == "day":
    rollups.rollup_day(today - dt.timedelta(days=1))
else:
    rollups.rollup_range(today - dt.timedelta(days=89), today)
print("ELAPSED", time.perf_counter() - started)
"""


def rollup_timing(which: str, limit: float) -> float | None:
    """Seconds for the rollup of one day ("day") or all 90 days ("all"); None when it ran past ``limit``.

    A child process, so a rollup far over its target cannot hold the whole run hostage.
    """
    try:
        done = subprocess.run(
            [sys.executable, "-c", ROLLUP_CODE, which],
            cwd=ROOT,
            env=os.environ.copy(),
            capture_output=True,
            text=True,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return None
    for line in done.stdout.splitlines():
        if line.startswith("ELAPSED "):
            return float(line.split()[1])
    raise RuntimeError(f"rollup {which} failed:\n{done.stderr[-3000:]}")


def rollup_timings(limit_day: float = 120, limit_all: float = 300) -> dict:
    day = rollup_timing("day", limit_day)
    every = rollup_timing("all", limit_all) if day is not None else None
    return {"rollup_day_s": day, "rollup_90_s": every, "rollup_days": 90, "limits": (limit_day, limit_all)}


def data_sizes() -> dict:
    from django.contrib.auth import get_user_model

    from analytics.models import Event
    from community.models import Answer, Comment, Question, Vote
    from knowledge_base.models import Article
    from search.models import SearchDocument

    return {
        "members": get_user_model().objects.count(),
        "questions": Question.objects.count(),
        "answers": Answer.objects.count(),
        "comments": Comment.objects.count(),
        "votes": Vote.objects.count(),
        "articles": Article.objects.count(),
        "events": Event.objects.count(),
        "search documents": SearchDocument.objects.count(),
    }


# --- over HTTP -----------------------------------------------------------------------------------------


def start_gunicorn(args, env) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    cmd = [
        str(gunicorn),
        "config.wsgi:application",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/bench/floor", timeout=5) as r:
                if r.status == 200:
                    return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
        if proc.poll() is not None:
            raise SystemExit("bench: gunicorn exited at start; see its output above")
    stop_gunicorn(proc)
    raise SystemExit("bench: gunicorn did not answer within 60 s")


def stop_gunicorn(proc) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def cookie_header(who: str, session_key: str) -> dict:
    from django.conf import settings

    cookies = [f"csrftoken={CSRF_COOKIE}"]
    if who == "member":
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session_key}")
    else:
        cookies.append(f"gilde_vid={ANON_VISITOR}")
    return {"Cookie": "; ".join(cookies)}


def check_page(base, path, headers) -> int:
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def load(args, env, page_list, session_key) -> dict:
    use_wrk = not args.python_loadgen and loadgen.try_install_wrk(log)
    if not use_wrk:
        log("wrk not available: using the Python load generator (fewer requests/s of its own overhead)")
    only = {k for k in args.only.split(",") if k}
    base = f"http://127.0.0.1:{args.port}"
    results = {}
    proc = start_gunicorn(args, env)
    try:
        plan = [
            (k, who) for k, _, _ in page_list for who in ("anon", "member") if not only or k in only or k == "floor"
        ]
        plan.append(("floor", "anon-again"))  # the floor again at the end: drift during the run
        paths = {k: path for k, _, path in page_list}
        for key, who in plan:
            headers = cookie_header("member" if who == "member" else "anon", session_key)
            status = check_page(base, paths[key], headers)
            url = base + paths[key]
            # Warm up (templates compiled, caches filled in both workers), then measure.
            warm = max(1, args.seconds // 4)
            if use_wrk:
                loadgen.run_wrk(url, seconds=warm, connections=args.connections, headers=headers)
            else:
                loadgen.run_python(url, seconds=warm, connections=args.connections, headers=headers)
            if use_wrk:
                result = loadgen.run_wrk(url, seconds=args.seconds, connections=args.connections, headers=headers)
            else:
                result = loadgen.run_python(url, seconds=args.seconds, connections=args.connections, headers=headers)
            result.notes.append(f"status {status}")
            results[(key, who)] = result
            log(
                f"{key:10} {who:10} {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f}  p95 {result.p95_ms:6.1f}  "
                f"p99 {result.p99_ms:6.1f} ms  errors {result.errors}  (status {status})"
            )
    finally:
        stop_gunicorn(proc)
    return results


# --- the report ---------------------------------------------------------------------------------------------

TARGETS = {  # page key -> (anonymous ratio, signed-in ratio) to the floor
    "q30": (0.5, 0.25),
    "q500": (0.5, 0.25),
    "list_p1": (0.4, None),
    "list_p200": (0.4, None),
    "help_home": (0.4, None),
    "article": (0.4, None),
}


def _rollup_row(label, seconds, target, limit):
    if seconds is None:
        return [label, f"> {limit:g} s (stopped)", f"≤ {target} s", "NOT met"]
    return [label, f"{seconds:.2f} s", f"≤ {target} s", "met" if seconds <= target else "NOT met"]


def report(args, env, page_list, counts, http, inproc, sizes, elapsed) -> str:
    from django.db import connection

    vendor = connection.vendor
    floor_runs = [http[k].rps for k in (("floor", "anon"), ("floor", "anon-again")) if k in http]
    floor = statistics.mean(floor_runs) if floor_runs else 0.0
    lines = [
        f"# Gilde benchmark, {dt.date.today().isoformat()}, {vendor}",
        "",
        f"Scale {args.scale:g} (seed {args.seed}); {', '.join(f'{v:,} {k}' for k, v in sizes.items())}.",
        f"gunicorn {args.workers} sync workers, DEBUG off, {args.connections} connections, "
        f"{args.seconds} s per page, load generator: {next(iter(http.values())).tool if http else 'none'}; "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        f"Floor: {floor:,.1f} req/s (mean of a run at the start and one at the end: "
        f"{', '.join(f'{r:,.1f}' for r in floor_runs)}).",
        "",
    ]
    rows = []
    for key, label, _path in page_list:
        for who in ("anon", "member"):
            r = http.get((key, who))
            n_queries, status = counts.get((key, who), ("", ""))
            ratio = (r.rps / floor) if (r and floor) else None
            target = TARGETS.get(key, (None, None))[0 if who == "anon" else 1]
            verdict = "" if target is None or ratio is None else ("met" if ratio >= target else "NOT met")
            rows.append(
                [
                    label,
                    "anonymous" if who == "anon" else "signed in",
                    f"{r.rps:,.1f}" if r else "-",
                    f"{ratio:.2f}" if ratio is not None else "-",
                    f"≥ {target}: {verdict}" if target else "",
                    f"{r.p50_ms:.1f}" if r else "-",
                    f"{r.p95_ms:.1f}" if r else "-",
                    f"{r.p99_ms:.1f}" if r else "-",
                    n_queries,
                    status,
                    r.errors if r else "-",
                ]
            )
    lines.append(
        loadgen.markdown_table(
            ["page", "who", "req/s", "÷ floor", "target", "p50 ms", "p95 ms", "p99 ms", "queries", "status", "errors"],
            rows,
        )
    )
    in_rows = [] if not inproc else [
        [
            "search, p95 (p50)",
            f"{inproc['search_p95']:.1f} ms ({inproc['search_p50']:.1f})",
            "≤ 50 ms",
            "met" if inproc["search_p95"] <= 50 else "NOT met",
        ],
        [
            "suggestions, p95 (p50)",
            f"{inproc['suggest_p95']:.1f} ms ({inproc['suggest_p50']:.1f})",
            "≤ 50 ms",
            "met" if inproc["suggest_p95"] <= 50 else "NOT met",
        ],
        _rollup_row("rollup of one day", inproc["rollup_day_s"], 5, inproc["limits"][0]),
        _rollup_row(f"rollup of all {inproc['rollup_days']} days", inproc["rollup_90_s"], 60, inproc["limits"][1])
        if inproc["rollup_day_s"] is not None
        else [
            f"rollup of all {inproc['rollup_days']} days",
            "not run (one day was over its limit)",
            "≤ 60 s",
            "NOT met",
        ],
    ]
    if in_rows:
        lines += ["", "In process (no HTTP):", ""]
        lines.append(loadgen.markdown_table(["measure", "measured", "target", ""], in_rows))
    lines += [
        "",
        f"Queries: counted in process on the second request of each page (caches warm, as under load). "
        f"Whole run: {elapsed / 60:.1f} min. Command: `.venv/bin/python bench/run.py "
        f"{' '.join(sys.argv[1:])}`.",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    began = time.monotonic()
    var_dir = tempfile.mkdtemp(prefix="gilde-bench-var-")
    env = bench_env(args, var_dir)
    os.environ.update(env)
    os.chdir(ROOT)
    import django

    django.setup()
    from django.conf import settings

    prepare_database(args)
    sizes = data_sizes()
    log(f"data: {sizes}")
    page_list = pages()
    if args.only:  # only these pages (and the floor) are measured at all
        wanted = {k for k in args.only.split(",") if k} | {"floor"}
        page_list = [p for p in page_list if p[0] in wanted]
    member = bench_member()
    session_key = session_cookie(member)
    log(f"signed in as {member.email} (session in {settings.SESSION_ENGINE})")
    counts = query_counts(page_list, session_key)
    for (key, who), (n, status) in counts.items():
        log(f"queries {key:10} {who:7} {n:3}  (status {status})")
    from django.db import connections

    connections.close_all()
    http = {} if args.skip_load else load(args, env, page_list, session_key)
    inproc = {}
    if not args.skip_inprocess:
        log("search and suggestions in process")
        inproc = search_timings()
        log(f"search p95 {inproc['search_p95']:.1f} ms, suggestions p95 {inproc['suggest_p95']:.1f} ms")
        log("rollups (one day, then all 90 days)")
        connections.close_all()
        inproc.update(rollup_timings(args.rollup_limit, max(300, args.rollup_limit)))
    text = report(args, env, page_list, counts, http, inproc, sizes, time.monotonic() - began)
    from django.db import connection

    suffix = "" if args.scale == 1.0 else f"-scale{args.scale:g}"
    out = ROOT / "bench" / "results" / f"{dt.datetime.now():%Y-%m-%d-%H%M}-{connection.vendor}{suffix}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print()
    print(text)
    log(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
