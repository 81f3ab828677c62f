"""Sanctions: warning, suspension, ban, lifting, and each member's history."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.access import posting_block_reason
from moderation import services
from moderation.models import ModerationAction, Sanction
from tests import factories


def _future(days=7):
    return (timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_warning_is_recorded_and_emailed(mod_client, member, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(reverse("moderation:member_sanction", args=[member.pk]),
                                   {"kind": "warning", "reason": "Please stay friendly"})
    assert response.status_code == 302
    assert Sanction.objects.get(member=member).kind == "warning"
    assert ModerationAction.objects.get(kind="warn").member == member
    assert "Please stay friendly" in mail.outbox[0].body


def test_suspension_stops_posting_and_ends_sessions(mod_client, member, client):
    before = member.session_version
    mod_client.post(reverse("moderation:member_sanction", args=[member.pk]),
                    {"kind": "suspension", "until": _future(), "reason": "Repeated insults"})
    member.refresh_from_db()
    assert member.is_suspended and member.session_version == before + 1
    assert "Repeated insults" in posting_block_reason(member)
    entry = ModerationAction.objects.get(kind="suspend")
    assert entry.before["suspended_until"] is None and entry.after["suspended_until"]


def test_suspension_needs_a_future_date(mod_client, member):
    response = mod_client.post(reverse("moderation:member_sanction", args=[member.pk]),
                               {"kind": "suspension", "reason": "x"})
    assert response.status_code == 400
    past = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = mod_client.post(reverse("moderation:member_sanction", args=[member.pk]),
                               {"kind": "suspension", "until": past, "reason": "x"})
    assert response.status_code == 400 and b"in the future" in response.content
    assert not Sanction.objects.exists()


def test_ban_deactivates(mod_client, member):
    mod_client.post(reverse("moderation:member_sanction", args=[member.pk]), {"kind": "ban", "reason": "Spam bot"})
    member.refresh_from_db()
    assert not member.is_active
    assert ModerationAction.objects.get(kind="ban").after["is_active"] is False


def test_lifting_a_suspension(mod_client, member, moderator):
    sanction = services.sanction_create(member=member, moderator=moderator, kind="suspension",
                                        reason="cool down", until=timezone.now() + timedelta(days=3))
    mod_client.post(reverse("moderation:sanction_lift", args=[sanction.pk]), {"reason": "apologised"})
    member.refresh_from_db()
    sanction.refresh_from_db()
    assert not member.is_suspended and sanction.lifted_by == moderator and sanction.lift_reason == "apologised"
    assert ModerationAction.objects.filter(kind="lift", member=member).exists()


def test_lifting_twice_is_refused(member, moderator):
    sanction = services.sanction_create(member=member, moderator=moderator, kind="suspension",
                                        reason="x", until=timezone.now() + timedelta(days=3))
    services.sanction_lift(sanction=sanction, moderator=moderator)
    with pytest.raises(services.ModerationError):
        services.sanction_lift(sanction=Sanction.objects.get(pk=sanction.pk), moderator=moderator)


def test_moderator_cannot_sanction_staff_or_self(moderator):
    with pytest.raises(services.ModerationError):
        services.sanction_create(member=moderator, moderator=moderator, kind="warning", reason="x")
    with pytest.raises(services.ModerationError):
        services.sanction_create(member=factories.agent(), moderator=moderator, kind="ban", reason="x")


def test_sanction_pages_need_the_permission(client, member, staff_mfa_off):
    url = reverse("moderation:member", args=[member.pk])
    assert client.get(url).status_code == 302
    client.force_login(factories.member())
    assert client.get(url).status_code == 403
    assert client.post(reverse("moderation:member_sanction", args=[member.pk]),
                       {"kind": "ban", "reason": "x"}).status_code == 403
    client.force_login(factories.agent())
    assert client.get(url).status_code == 403
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.parametrize("rows", [3, 20])
def test_history_page_query_count(mod_client, moderator, rows, django_assert_max_num_queries):
    target = factories.member()
    for i in range(rows):
        services.sanction_create(member=target, moderator=moderator, kind="warning", reason=f"warning {i}")
    with django_assert_max_num_queries(14):
        response = mod_client.get(reverse("moderation:member", args=[target.pk]))
    assert response.content.decode().count('class="sanction"') == rows


def test_moderators_see_sanctions_on_the_profile(mod_client, moderator, member, client):
    services.sanction_create(member=member, moderator=moderator, kind="warning", reason="Be nice")
    assert b"Be nice" in mod_client.get(member.get_absolute_url()).content
    other = factories.member()
    client.force_login(other)
    assert b"Be nice" not in client.get(member.get_absolute_url()).content
