"""The real settings with one change: the bench URLconf, which adds the floor page.

Only ``bench/run.py`` uses this module (DJANGO_SETTINGS_MODULE=bench.settings);
everything else (DEBUG off, middleware, cache, database) comes from the
environment exactly as in production.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
