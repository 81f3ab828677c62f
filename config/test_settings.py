"""Settings for the test suite: the real settings with test-friendly defaults.

Environment variables still win, so CI runs the same suite against PostgreSQL
and Redis by setting DATABASE_URL and REDIS_URL.
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
os.environ.setdefault("GILDE_VAR_DIR", "/tmp/gilde-test-var")

from config.settings import *  # noqa: E402,F403
from config.settings import REDIS_URL  # noqa: E402

DEBUG = False
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# A tiny content app so moderation is tested without depending on community.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.moderation_testapp"]  # noqa: F405
LANGUAGE_CODE = "en"
# Events are written at once in tests (the buffer itself is tested with its own settings).
GILDE_EVENT_BUFFER_SIZE = 0
