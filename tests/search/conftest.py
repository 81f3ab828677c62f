import pytest


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the after-commit indexing tasks for whatever the test creates."""

    def make(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return make
