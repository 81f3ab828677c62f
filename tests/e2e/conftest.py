"""Browser tests: fixtures live in tests/browser.py (shared with tests/security)."""

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM, login  # noqa: F401  (imported by the tests)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


