import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "community.example.com",
    "SITE_URL": "https://community.example.com",
    "DATABASE_URL": "sqlite:////tmp/gilde-settings-test.sqlite3",
    "GILDE_VAR_DIR": "/tmp/gilde-settings-test-var",
}


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], PROD_ENV)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    env = {**PROD_ENV, "SECRET_KEY": "k3Y-" + "x9Qz!v7Lm#2Rt$8Wp@5Nd^1Hs&6Gf*4Jc" * 2}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_wrong_database_url_gives_one_clear_line():
    env = {**PROD_ENV, "DEBUG": "1", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"}
    result = run(["manage.py", "migrate"], env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DATABASE_URL" in lines[0]


def test_malformed_database_url_gives_one_clear_line():
    env = {**PROD_ENV, "DEBUG": "1", "DATABASE_URL": "nosuchdb://x"}
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "DATABASE_URL" in result.stderr


def test_wrong_redis_url_gives_one_clear_line():
    env = {**PROD_ENV, "DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:1/0"}
    result = run(["manage.py", "migrate"], env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "REDIS_URL" in lines[0]


def test_redis_url_makes_redis_the_cache_and_broker_and_sessions_stay_in_the_database():
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.CELERY_BROKER_URL)"
    )
    env = {**PROD_ENV, "DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/3"}
    result = run(["-c", code], env)
    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",  # a Redis restart signs nobody out
        "redis://127.0.0.1:6379/3",
    ]


def test_without_redis_the_broker_needs_no_server():
    code = "import django;django.setup();from django.conf import settings as s;print(s.CELERY_BROKER_URL)"
    result = run(["-c", code], {**PROD_ENV, "DEBUG": "1"})
    assert result.stdout.strip() == "filesystem://"


def test_celery_is_configured_for_safe_delivery():
    from config.celery import app

    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit and conf.task_soft_time_limit
