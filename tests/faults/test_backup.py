"""The documented backup restores (docs/operations.md, "Backups"): a custom-format
pg_dump of a live site, restored into a fresh database, serves the same
question with the same answers from a freshly started gunicorn."""

import subprocess
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from community import services as community
from tests import factories
from tests.conftest_helpers import require_services
from tests.faults.stack import OwnRedis, Stack, Visitor, database_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_dump_restored_into_a_fresh_database_serves_the_same_thread(tmp_path):
    require_services(bool(settings.REDIS_URL) and connection.vendor == "postgresql", "PostgreSQL and Redis")
    topic = community.topic_create(name="Batteries", description="Range and chargers.")
    question = community.question_create(
        author=factories.member(trust_level=2), topic=topic, title="Does the battery like the cold?",
        body="It drains fast in winter.", tags=["battery"],
    )
    answers = [
        community.answer_create(author=factories.member(trust_level=2), question=question,
                                body=f"Answer number {n}: keep it indoors overnight.")
        for n in range(3)
    ]
    dump = tmp_path / "gilde.dump"
    source = database_url(connection.settings_dict["NAME"]).replace("postgres://", "postgresql://")
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "-f", str(dump), source], check=True, timeout=120)

    fresh = f"gilde_restore_{uuid.uuid4().hex[:8]}"
    admin = database_url("postgres").replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{fresh}"')
    redis = OwnRedis()
    stack = None
    try:
        target = database_url(fresh).replace("postgres://", "postgresql://")
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", target, str(dump)], check=True,
                       timeout=300)
        redis.start()
        stack = Stack(tmp=tmp_path / "restored", database_url=database_url(fresh), redis=redis)
        stack.start_web(workers=1)
        status, _h, page = Visitor(stack).get(question.get_absolute_url())
        assert status == 200
        assert question.title in page
        assert all(a.body in page for a in answers)
    finally:
        if stack is not None:
            stack.stop()
        redis.stop()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
