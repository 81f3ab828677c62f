"""A real Celery worker process takes a task from Redis and its result lands in PostgreSQL."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from analytics.models import Event
from tests.conftest import require_services

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_real_worker_takes_a_task_from_redis_and_writes_to_postgresql():
    require_services(bool(settings.REDIS_URL) and connection.vendor == "postgresql", "PostgreSQL and Redis")
    from config.celery import app

    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    queue = f"ci-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        marker = f"worker-{uuid.uuid4().hex[:6]}"
        app.send_task("analytics.tasks.heartbeat", args=[marker], queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Event.objects.filter(name="system.heartbeat", props__source=marker).exists():
                break
            if worker.poll() is not None:
                pytest.fail("the worker stopped: " + (worker.stdout.read() or ""))
            time.sleep(0.5)
        else:
            pytest.fail("the worker did not run the task within 60 s")
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert Event.objects.filter(name="system.heartbeat", props__source=marker).count() == 1
