import pytest
from django.contrib.auth.models import Group

from accounts.models import Role
from accounts.roles import ROLE_PERMISSIONS
from tests import factories

pytestmark = pytest.mark.django_db


def test_roles_exist_with_their_permissions():
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        assert sorted(p.codename for p in group.permissions.all()) == sorted(codenames)


def test_migration_and_roles_table_agree():
    import importlib

    migration = importlib.import_module("accounts.migrations.0002_roles")
    assert {str(k): sorted(v) for k, v in ROLE_PERMISSIONS.items()} == {
        k: sorted(v) for k, v in migration.ROLE_PERMISSIONS.items()
    }


def test_permissions_follow_roles(member, agent, moderator, manager):
    assert not member.has_perm("accounts.answer_officially")
    assert agent.has_perm("accounts.answer_officially") and not agent.has_perm("accounts.moderate")
    assert moderator.has_perm("accounts.moderate") and not moderator.has_perm("accounts.manage_community")
    assert manager.has_perm("accounts.manage_community") and manager.has_perm("accounts.view_metrics")
    assert agent.has_role(Role.AGENT)
    assert not member.has_role(Role.AGENT)


def test_trust_level_defaults_to_new():
    from accounts.models import User

    assert User.objects.create_user("t@example.com", "x-pw-123456").trust_level == 0


def test_staff_page_needs_mfa(client, db, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = True
    client.force_login(factories.manager())
    response = client.get("/manage/brand/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


def test_staff_page_opens_once_mfa_is_on(client, db, settings):
    from allauth.mfa.models import Authenticator

    settings.GILDE_STAFF_MFA_REQUIRED = True
    manager = factories.manager()
    client.force_login(manager)
    assert client.get("/manage/brand/").status_code == 302
    Authenticator.objects.create(user=manager, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get("/manage/brand/").status_code == 200


def test_mfa_requirement_can_be_switched_off(client, db, staff_mfa_off):
    client.force_login(factories.manager())
    assert client.get("/manage/brand/").status_code == 200


def test_member_without_the_role_gets_403(client, member, staff_mfa_off):
    client.force_login(member)
    assert client.get("/manage/brand/").status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/manage/brand/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_lifted_ban_lets_the_member_sign_in_again(client, member):
    from accounts.services import user_deactivate, user_reactivate

    user_deactivate(user=member)
    assert not client.login(email=member.email, password="correct-horse-battery")
    user_reactivate(user=member)
    assert client.login(email=member.email, password="correct-horse-battery")
