"""Skip-or-fail helpers for tests that need a service or a browser."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# .ci/run sets this for its run against the real PostgreSQL and Redis.
SERVICES_REQUIRED = os.environ.get("GILDE_REQUIRE_SERVICES", "") == "1"


def require(condition: bool, what: str, *, in_ci: bool = True) -> None:
    """Skip locally when a service or browser is missing; in CI, fail instead."""
    if condition:
        return
    if in_ci and IN_CI:
        pytest.fail(f"CI needs {what}, and it is not available")
    pytest.skip(f"{what} is not available")


def require_services(condition: bool, what: str) -> None:
    """For tests that need the real PostgreSQL and Redis: they run (and must pass)
    in the CI run that provides them, and are skipped in the SQLite run."""
    if condition:
        return
    if SERVICES_REQUIRED:
        pytest.fail(f"this run needs {what}, and it is not available")
    pytest.skip(f"{what}: set DATABASE_URL and REDIS_URL (CI does)")
