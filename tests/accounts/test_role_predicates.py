"""accounts.roles: the one answer to "who may do what", MFA rule included."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser

from accounts import roles
from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)  # a new request's user: no memo on the object


def test_each_role_answers_its_own_questions(member, agent, moderator, manager):
    assert not roles.is_staff(member) and roles.article_visibilities(member) == ["everyone", "members"]
    assert roles.is_agent(agent) and roles.can_handle_tickets(agent) and roles.can_write_articles(agent)
    assert not roles.is_moderator(agent) and not roles.is_manager(agent) and not roles.can_view_metrics(agent)
    assert roles.is_moderator(moderator) and roles.can_sanction(moderator) and not roles.is_agent(moderator)
    assert roles.is_manager(manager) and roles.is_agent(manager) and roles.is_moderator(manager)
    assert roles.can_set_idea_status(agent) and roles.can_set_idea_status(manager)
    assert not roles.can_set_idea_status(moderator) and not roles.can_set_idea_status(member)
    assert roles.article_visibilities(agent) == ["everyone", "members", "agents"]
    assert roles.article_visibilities(moderator) == ["everyone", "members"]


def test_visitors_may_nothing():
    visitor = AnonymousUser()
    assert not roles.is_staff(visitor) and not roles.may(visitor, "handle_tickets")
    assert roles.article_visibilities(visitor) == ["everyone"] and roles.article_visibilities(None) == ["everyone"]


@pytest.mark.parametrize("make", [factories.agent, factories.moderator, factories.manager])
def test_staff_without_mfa_hold_their_role_but_may_use_none_of_it(make, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = True
    user = make()
    assert roles.holds_staff_role(user) and roles.staff_needs_mfa(user)
    assert not any(roles.may(user, codename) for codename in roles.STAFF_PERMISSIONS)
    assert not roles.is_staff(user) and roles.article_visibilities(user) == ["everyone", "members"]


def test_the_requirement_can_be_switched_off(settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    agent = factories.agent()
    assert not roles.staff_needs_mfa(agent) and roles.is_agent(agent)


def test_members_never_need_mfa(member, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = True
    assert not roles.staff_needs_mfa(member)


def test_turning_mfa_on_or_off_applies_on_the_next_request(settings):
    settings.GILDE_STAFF_MFA_REQUIRED = True
    agent = factories.agent()
    assert not roles.is_agent(fresh(agent))
    authenticator = Authenticator.objects.create(user=agent, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert roles.is_agent(fresh(agent))
    assert roles.is_agent(fresh(agent))  # now from the cache
    authenticator.delete()
    assert not roles.is_agent(fresh(agent))


def test_the_mfa_flag_costs_no_query_once_cached(settings, agent, django_assert_num_queries):
    settings.GILDE_STAFF_MFA_REQUIRED = True
    assert roles.is_agent(fresh(agent))
    user = fresh(agent)
    with django_assert_num_queries(0):
        assert roles.is_agent(user) and roles.can_handle_tickets(user) and roles.is_staff(user)
