import os

import pytest
from django.core.cache import cache

from tests import factories

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, what: str) -> None:
    """Skip locally when a service or browser is missing; in CI, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI needs {what}, and it is not available")
    pytest.skip(f"{what} is not available")


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english(settings):
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def member(db):
    return factories.member()


@pytest.fixture
def other_member(db):
    return factories.member()


@pytest.fixture
def agent(db):
    return factories.agent()


@pytest.fixture
def moderator(db):
    return factories.moderator()


@pytest.fixture
def manager(db):
    return factories.manager()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def staff_mfa_off(settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
