"""Roles come from the cache, and a change to them applies on the next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)  # a new object: no per-request attribute cache


def test_permissions_are_read_once_then_come_from_the_cache(member):
    assert not _fresh(member).has_perm("accounts.moderate")
    user = _fresh(member)
    with CaptureQueriesContext(connection) as ctx:
        assert not user.has_perm("accounts.moderate")
        assert not user.has_perm("accounts.answer_officially")
    assert len(ctx.captured_queries) == 0


def test_a_role_given_applies_at_once(member):
    assert not _fresh(member).has_perm("accounts.moderate")
    member.groups.add(Group.objects.get(name=Role.MODERATOR))
    assert _fresh(member).has_perm("accounts.moderate")


def test_a_role_taken_away_applies_at_once(moderator):
    assert _fresh(moderator).has_perm("accounts.moderate")
    moderator.groups.clear()
    assert not _fresh(moderator).has_perm("accounts.moderate")


def test_a_permission_removed_from_a_group_applies_at_once(moderator):
    assert _fresh(moderator).has_perm("accounts.moderate")
    group = Group.objects.get(name=Role.MODERATOR)
    group.permissions.remove(Permission.objects.get(codename="moderate", content_type__app_label="accounts"))
    assert not _fresh(moderator).has_perm("accounts.moderate")


def test_superuser_and_deactivated_members_are_not_served_an_old_set(member):
    assert not _fresh(member).has_perm("accounts.moderate")
    User.objects.filter(pk=member.pk).update(is_superuser=True)
    assert _fresh(member).has_perm("accounts.moderate")
    User.objects.filter(pk=member.pk).update(is_active=False, is_superuser=False)
    assert not _fresh(member).has_perm("accounts.moderate")


def test_a_member_page_shows_a_new_role_on_the_next_request(client, member, staff_mfa_off):
    client.force_login(member)
    assert b"Review queue" not in client.get("/").content
    member.groups.add(Group.objects.get(name=Role.MODERATOR))
    assert b"Review queue" in client.get("/").content
