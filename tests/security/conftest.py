from tests.e2e.conftest import browser, page, shot  # noqa: F401  (shared browser fixtures)
