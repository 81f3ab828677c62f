import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_public_profile_shows_name_initials_and_role(client, agent):
    agent.bio = "I fix motors."
    agent.save()
    html = client.get(f"/members/{agent.pk}/").content.decode()
    assert agent.display_name in html
    assert "I fix motors." in html
    assert "Agent" in html
    assert "Member since" in html


def test_profile_escapes_what_the_member_wrote(client, member):
    member.display_name = "<script>alert(1)</script>"
    member.bio = "<img src=x onerror=alert(1)>"
    member.save()
    html = client.get(f"/members/{member.pk}/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html


def test_settings_saves_profile(member_client, member):
    response = member_client.post(
        "/settings/",
        {"display_name": "Sanne", "bio": "Commuter", "language": "nl", "email_notifications": "daily"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.language, member.email_notifications) == ("Sanne", "nl", "daily")


def test_settings_bad_input_saves_nothing(member_client, member):
    response = member_client.post("/settings/", {"display_name": "x" * 200, "email_notifications": "sometimes"})
    assert response.status_code == 400
    assert "Please correct the errors" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name != "x" * 200


def test_settings_needs_login(client):
    assert client.get("/settings/").status_code == 302


def test_visitor_language_switch_is_remembered_in_a_cookie(client):
    response = client.post("/language/", {"language": "nl", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["gilde_language"].value == "nl"
    html = client.get("/").content.decode()
    assert "Kennisbank" in html
    assert '<html lang="nl">' in html


def test_member_language_is_remembered_on_the_profile(client, member):
    client.force_login(member)
    client.post("/language/", {"language": "nl", "next": "/"})
    assert User.objects.get(pk=member.pk).language == "nl"
    client.cookies.clear()
    client.force_login(member)
    assert "Kennisbank" in client.get("/").content.decode()


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post("/language/", {"language": "nl", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_unknown_language_changes_nothing(client):
    response = client.post("/language/", {"language": "xx", "next": "/"})
    assert "gilde_language" not in response.cookies
