"""Community guidelines: Markdown in English and Dutch, edited by managers, shown in the reader's language."""

from django.urls import reverse

from moderation.models import Guidelines, ModerationAction
from tests import factories

URL = "/moderation/guidelines/"


def test_url_name():
    assert reverse("moderation:guidelines") == URL


def test_shown_in_the_readers_language(client, db):
    Guidelines.objects.create(language="en", body="# Be kind", body_html="<h1>Be kind</h1>")
    Guidelines.objects.create(language="nl", body="# Wees vriendelijk", body_html="<h1>Wees vriendelijk</h1>")
    assert b"Be kind" in client.get(URL).content
    client.cookies["gilde_language"] = "nl"
    assert b"Wees vriendelijk" in client.get(URL, HTTP_ACCEPT_LANGUAGE="nl").content


def test_falls_back_to_a_default_text(client, db):
    assert b"Be kind, stay on topic" in client.get(URL).content


def test_manager_edits_both_languages(manager_client, manager):
    response = manager_client.post(reverse("moderation:guidelines_edit"), {
        "body_en": "# Our guidelines\n\nBe helpful. <script>alert(1)</script>",
        "body_nl": "# Onze richtlijnen",
    })
    assert response.status_code == 302
    en = Guidelines.objects.get(language="en")
    assert "<h1" in en.body_html and "<script" not in en.body_html
    assert Guidelines.objects.get(language="nl").body == "# Onze richtlijnen"
    assert ModerationAction.objects.filter(kind="guidelines", actor=manager).count() == 2


def test_moderator_and_member_cannot_edit(client, staff_mfa_off, db):
    for user in (factories.moderator(), factories.member()):
        client.force_login(user)
        assert client.get(reverse("moderation:guidelines_edit")).status_code == 403
        assert client.post(reverse("moderation:guidelines_edit"), {"body_en": "x"}).status_code == 403
    assert not Guidelines.objects.exists()


def test_anonymous_cannot_edit(client, db):
    assert client.post(reverse("moderation:guidelines_edit"), {"body_en": "x"}).status_code == 302
    assert not Guidelines.objects.exists()


def test_saving_unchanged_text_logs_nothing(manager_client):
    data = {"body_en": "same", "body_nl": "zelfde"}
    manager_client.post(reverse("moderation:guidelines_edit"), data)
    manager_client.post(reverse("moderation:guidelines_edit"), data)
    assert ModerationAction.objects.filter(kind="guidelines").count() == 2
