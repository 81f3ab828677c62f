import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.access import can_post, posting_block_reason
from accounts.models import User
from analytics.models import Event

pytestmark = pytest.mark.django_db


def sign_up(client, email="new@example.com", password="a-long-passphrase-9"):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": password, "display_name": "New Rider"},
    )


def test_signup_sends_a_verification_email_and_login_needs_it(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.display_name == "New Rider"
    assert len(mail.outbox) == 1
    assert "new@example.com" in mail.outbox[0].to
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    # Before verification the member cannot post.
    assert not can_post(user)
    client.logout()
    response = client.post("/accounts/login/", {"login": "new@example.com", "password": "a-long-passphrase-9"})
    assert response.status_code == 302 and "confirm-email" in response["Location"]

    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.post("/" + path)
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    response = client.post("/accounts/login/", {"login": "new@example.com", "password": "a-long-passphrase-9"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert can_post(User.objects.get(pk=user.pk))
    assert set(Event.objects.values_list("name", flat=True)) >= {"account.signed_up", "account.logged_in"}


def test_unverified_member_cannot_post(client):
    user = User.objects.create_user("unverified@example.com", "pw-123456789")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    assert "Verify your email" in posting_block_reason(user)


def test_anonymous_cannot_post():
    from django.contrib.auth.models import AnonymousUser

    assert posting_block_reason(AnonymousUser()) == "Sign in to post."


def test_login_rotates_the_session_key(client, member):
    client.get("/")
    client.cookies["sessionid"] = "x"
    before = client.session.session_key
    client.post("/accounts/login/", {"login": member.email, "password": "correct-horse-battery"})
    assert client.session.session_key != before


def test_suspension_ends_sessions_and_the_member_is_told_on_login(client, member):
    import datetime

    from django.utils import timezone

    from accounts.services import user_suspend

    client.post("/accounts/login/", {"login": member.email, "password": "correct-horse-battery"})
    assert client.get("/settings/").status_code == 200
    until = timezone.now() + datetime.timedelta(days=3)
    user_suspend(user=member, until=until, reason="Spam links")
    assert client.get("/settings/").status_code == 302  # logged out
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": "correct-horse-battery"}, follow=True
    )
    assert "suspended until" in response.content.decode()
    assert "Spam links" in response.content.decode()
    assert not can_post(User.objects.get(pk=member.pk))


def test_deactivated_member_sessions_end(client, member):
    from accounts.services import user_deactivate

    client.force_login(member)
    user_deactivate(user=member)
    assert client.get("/settings/").status_code == 302


def test_failed_logins_are_rate_limited(client, member):
    for _ in range(5):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong-password"})
    response = client.post("/accounts/login/", {"login": member.email, "password": "correct-horse-battery"})
    assert "Too many failed login attempts" in response.content.decode()


def test_login_rate_limit_answers_429(client, member):
    statuses = [
        client.post("/accounts/login/", {"login": f"x{i}@example.com", "password": "wrong"}).status_code
        for i in range(35)
    ]
    assert statuses[-1] == 429


def test_password_reset_sends_an_email(client, member):
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_allauth_pages_use_the_gilde_layout(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html and 'id="main"' in html
