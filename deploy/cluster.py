"""Gilde's production layout on loopback, with one command (`make cluster`).

nginx (Debian's package) in front of two gunicorn nodes, each with its own
local state folder; two Celery workers; one beat; PostgreSQL and Redis (the
machine's own when DATABASE_URL / REDIS_URL are set, else a Redis of its own
and the local PostgreSQL's `gilde_cluster` database). DEBUG is off. The same
shape on real hosts: docs/operations.md ("Production layout").

    python deploy/cluster.py            # start, load the demo, serve until Ctrl-C
    python deploy/cluster.py --no-demo  # an empty site

The fault tests (tests/faults/test_cluster.py) start the same layout on the
test database and break parts of it.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
error_log {state}/nginx-error.log warn;
pid {state}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log {state}/nginx-access.log;
    client_body_temp_path {state}/nginx-tmp/body;
    proxy_temp_path {state}/nginx-tmp/proxy;
    fastcgi_temp_path {state}/nginx-tmp/fastcgi;
    uwsgi_temp_path {state}/nginx-tmp/uwsgi;
    scgi_temp_path {state}/nginx-tmp/scgi;
    # Above every upload limit (avatars and logos: 2 MB); bigger bodies get nginx's
    # 413 without reaching a node.
    client_max_body_size 5m;
    types {{ text/css css; application/javascript js; image/svg+xml svg; image/png png; font/woff2 woff2; }}

    upstream gilde {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location /static/ {{
            alias {static}/;
            expires 30d;
            add_header X-Content-Type-Options nosniff;
        }}
        # Uploaded files, shared by the nodes, never run as a page (docs/operations.md).
        location /media/ {{
            alias {media}/;
            types {{ image/png png; image/jpeg jpg jpeg; image/gif gif; image/webp webp; }}
            default_type application/octet-stream;
            add_header X-Content-Type-Options "nosniff" always;
            add_header Content-Security-Policy "default-src 'none'; img-src 'self'; sandbox" always;
            add_header Cross-Origin-Resource-Policy "same-origin" always;
            set $disposition "attachment";
            if ($uri ~* \.(png|jpe?g|gif|webp)$) {{ set $disposition "inline"; }}
            add_header Content-Disposition $disposition always;
        }}
        location / {{
            proxy_pass http://gilde;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A node that fails or restarts: idempotent requests go to the other
            # one. POSTs are never sent twice (no "non_idempotent").
            proxy_next_upstream error timeout http_502 http_503 http_504;
            proxy_next_upstream_tries 2;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, *, timeout: float, every: float = 0.2, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what() if callable(what) else what}")


def answers(port: int, path: str = "/healthz") -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        conn.getresponse().read()
        return True
    except OSError:
        return False


class OwnRedis:
    """A redis-server of our own on a free port; stop() loses everything in it."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)

        def up():
            try:
                return client.ping()
            except redis.exceptions.ConnectionError:
                return False

        wait_until(up, timeout=15, what="redis-server to answer")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def queued(self) -> int:
        import redis

        return redis.Redis(port=self.port).llen("celery")


class Cluster:
    def __init__(self, *, state: Path, database_url: str, redis_url: str, nodes: int = 2, workers: int = 2,
                 secret_key: str | None = None, **env):
        self.state = state
        self.database_url = database_url
        self.redis_url = redis_url
        self.port = free_port()
        self.node_ports = [free_port() for _ in range(nodes)]
        self.worker_count = workers
        self.secret_key = secret_key or os.environ.get("SECRET_KEY") or "cluster-on-loopback-" + "k" * 40
        self.extra = {k: str(v) for k, v in env.items()}
        self.nodes: dict[int, subprocess.Popen] = {}
        self.workers: dict[int, subprocess.Popen] = {}
        self.beat_process: subprocess.Popen | None = None
        self.nginx: subprocess.Popen | None = None
        (state / "logs").mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self, node: str = "shared") -> dict:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "CELERY_"))}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "CSRF_TRUSTED_ORIGINS": self.url,
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "GILDE_TRUSTED_PROXY_COUNT": "1",
            "GILDE_VAR_DIR": str(self.state / node),  # each node's own local state
            "STATIC_ROOT": str(self.state / "static"),
            "MEDIA_ROOT": str(self.state / "media"),  # shared by the nodes (S3 on real hosts)
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
            **self.extra,
        }

    def _log(self, name: str):
        return open(self.state / "logs" / f"{name}.log", "ab")

    def log(self, name: str) -> str:
        path = self.state / "logs" / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def manage(self, *args, timeout: float = 600) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True,
                                text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    # --- parts ----------------------------------------------------------------------------------

    def prepare(self, *, migrate: bool = True, demo: bool = False) -> None:
        if migrate:
            self.manage("migrate", "--noinput", "-v", "0")
        if not (self.state / "static" / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput", "-v", "0")
        if demo:
            self._load_demo()

    def _load_demo(self) -> None:
        env = {**self.env(), "GILDE_DEMO": "1"}
        subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True, timeout=900)

    def start_node(self, index: int) -> None:
        port = self.node_ports[index]
        self.nodes[index] = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "60",
             "--graceful-timeout", "10", "--name", f"gilde-node{index + 1}"],
            cwd=ROOT, env=self.env(f"node{index + 1}"), stdout=self._log(f"node{index + 1}"),
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_until(lambda: answers(port), timeout=60, what=lambda: f"node {index + 1}:\n{self.log(f'node{index + 1}')}")

    def node_worker_pids(self, index: int) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.nodes[index].pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def hup_node(self, index: int) -> None:
        """Gunicorn's graceful reload: new workers start, old ones finish their requests."""
        os.kill(self.nodes[index].pid, signal.SIGHUP)

    def stop_node(self, index: int, sig=signal.SIGTERM) -> None:
        process = self.nodes.pop(index, None)
        if process and process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def start_worker(self, index: int) -> None:
        self.workers[index] = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=2", "-n",
             f"worker{index + 1}@%h", "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=self.env(f"worker{index + 1}"), stdout=self._log(f"worker{index + 1}"),
            stderr=subprocess.STDOUT, start_new_session=True,
        )

    def kill_worker(self, index: int) -> None:
        process = self.workers.pop(index, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_worker(self, index: int) -> None:
        process = self.workers.pop(index, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def start_beat(self) -> None:
        (self.state / "beat").mkdir(exist_ok=True)
        self.beat_process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=WARNING",
             "-s", str(self.state / "beat" / "schedule")],
            cwd=ROOT, env=self.env("beat"), stdout=self._log("beat"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError("nginx is not installed (apt-get install nginx)")
        (self.state / "media").mkdir(exist_ok=True)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.state / "nginx-tmp" / sub).mkdir(parents=True, exist_ok=True)
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in self.node_ports)
        conf = self.state / "nginx.conf"
        # Started as root, nginx's workers would run as "nobody" and could not use
        # this private state folder for request bodies: run them as ourselves.
        user = "user root;" if os.geteuid() == 0 else ""
        conf.write_text(NGINX_CONF.format(user=user, state=self.state, servers=servers, port=self.port,
                                          static=self.state / "static", media=self.state / "media"))
        self.nginx = subprocess.Popen([nginx, "-c", str(conf), "-p", str(self.state)], stdout=self._log("nginx"),
                                      stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(lambda: answers(self.port), timeout=30, what=lambda: "nginx:\n" + self.log("nginx"))

    def beat_now(self, *tasks: str) -> None:
        """What beat does on its schedule, at once: publish each task."""
        for task in tasks:
            subprocess.run([sys.executable, "-m", "celery", "-A", "config", "call", task], cwd=ROOT, env=self.env(),
                           capture_output=True, text=True, timeout=60, check=True)

    def start(self, *, beat: bool = True) -> None:
        for i in range(len(self.node_ports)):
            self.start_node(i)
        for i in range(self.worker_count):
            self.start_worker(i)
        if beat:
            self.start_beat()
        self.start_nginx()

    def stop(self) -> None:
        if self.nginx and self.nginx.poll() is None:
            os.killpg(self.nginx.pid, signal.SIGQUIT)
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.nginx.pid, signal.SIGKILL)
        if self.beat_process and self.beat_process.poll() is None:
            os.killpg(self.beat_process.pid, signal.SIGTERM)
            self.beat_process.wait(timeout=20)
        for i in list(self.workers):
            self.stop_worker(i)
        for i in list(self.nodes):
            self.stop_node(i)


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo community")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/gilde_cluster"
    if not database_url.startswith("postgres"):
        sys.exit("make cluster needs PostgreSQL: set DATABASE_URL=postgres://… (SQLite is for one process)")
    _ensure_database(database_url)
    redis = None
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        redis = OwnRedis()
        redis.start()
        redis_url = redis.url
    state = Path(os.environ.get("GILDE_CLUSTER_DIR") or tempfile.mkdtemp(prefix="gilde-cluster-"))
    cluster = Cluster(state=state, database_url=database_url, redis_url=redis_url,
                      GILDE_STAFF_MFA_REQUIRED=os.environ.get("GILDE_STAFF_MFA_REQUIRED", "1"))
    try:
        cluster.prepare(demo=not args.no_demo)
        cluster.start()
        print(f"Gilde cluster: {cluster.url}  (nginx -> nodes on {cluster.node_ports}, 2 workers, 1 beat)")
        print(f"  database {database_url}, redis {redis_url}, state and logs in {state}")
        print("  Ctrl-C stops everything.")
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        cluster.stop()
        if redis:
            redis.stop()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
