import pytest
from django.contrib.contenttypes.models import ContentType

from tests import factories
from tests.moderation_testapp.models import Post


@pytest.fixture
def make_post(db):
    def make(author=None, body="My battery drains fast after the update, any ideas?", **kwargs):
        return Post.objects.create(author=author or factories.member(), body=body, **kwargs)

    return make


@pytest.fixture
def ct(db):
    return ContentType.objects.get_for_model(Post).pk


@pytest.fixture
def mod_client(client, moderator, staff_mfa_off):
    client.force_login(moderator)
    return client


@pytest.fixture
def manager_client(client, manager, staff_mfa_off):
    client.force_login(manager)
    return client


def flaggers(n, trust_level=1):
    return [factories.member(trust_level=trust_level) for _ in range(n)]
