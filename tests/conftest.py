
import pytest
from django.core.cache import cache

from tests import factories
from tests.browser import browser, page, shot  # noqa: E402,F401  (shared browser fixtures)
from tests.conftest_helpers import IN_CI, SERVICES_REQUIRED, require, require_services  # noqa: E402,F401


@pytest.fixture(autouse=True)
def _clean_cache():
    from core import pagecache

    cache.clear()
    pagecache._local.clear()
    yield
    cache.clear()
    pagecache._local.clear()


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


# Staff as they work in production: with two-factor authentication on. Staff without it
# are plain members for every capability (accounts/roles.py): factories.agent() etc.
@pytest.fixture
def agent(db):
    return factories.agent(mfa=True)


@pytest.fixture
def moderator(db):
    return factories.moderator(mfa=True)


@pytest.fixture
def manager(db):
    return factories.manager(mfa=True)


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's admin (and so ``admin_client``), with MFA on as Django's admin requires."""
    from allauth.mfa.models import Authenticator

    user = django_user_model.objects.create_superuser("admin@example.com", "password")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "test"})
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def staff_mfa_off(settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
