"""Every email speaks for the brand from the site's public address, in English
and in Dutch: allauth's (verification, password reset) and Gilde's own."""

from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation

from branding.models import Brand
from branding.services import brand_update
from core import emails
from tests import factories
from tests.i18n.test_dutch_pages import english_matchers

pytestmark = pytest.mark.django_db

SITE = "https://community.velora.example"
EMAILS = sorted(p.name.removesuffix("-subject.txt") for p in (Path(emails.__file__).parents[1] / "templates" /
                                                                "emails").glob("*-subject.txt"))


@pytest.fixture(autouse=True)
def velora(settings):
    settings.SITE_URL = SITE
    brand_update(brand=Brand(name="Velora", support_email="support@velora.example"))


def english_lines(text):
    exact, patterns = english_matchers()
    found = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line in exact or any(regex.match(line) for regex, _ in patterns):
            found.append(line)
    return found


def assert_branded(message, language):
    body = message.body
    assert "Velora" in message.subject or "[" in message.subject, message.subject
    assert "Velora" in body, body
    assert SITE.removeprefix("https://") in body, body
    for host in ("testserver", "127.0.0.1", "example.com/"):
        assert host not in body, (host, body)
    assert message.from_email.startswith("Velora <"), message.from_email
    if language == "nl":
        assert not english_lines(body), english_lines(body)
        assert not english_lines(message.subject), message.subject


@pytest.mark.parametrize("language", ["en", "nl"])
def test_verification_email_names_the_brand_and_the_site(client, language):
    client.cookies["gilde_language"] = language
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42",
         "display_name": "Nieuw Lid"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code in (200, 302)
    (message,) = mail.outbox
    assert_branded(message, language)
    assert message.subject.startswith("[Velora] ")
    assert f"{SITE}/accounts/confirm-email/" in message.body
    greeting = {"en": "Hello from Velora!", "nl": "Hallo van Velora!"}[language]
    assert greeting in message.body


@pytest.mark.parametrize("language", ["en", "nl"])
def test_password_reset_email_links_to_the_site(client, language):
    member = factories.member(email="rider@example.org")
    client.cookies["gilde_language"] = language
    client.post("/accounts/password/reset/", {"email": member.email}, HTTP_ACCEPT_LANGUAGE=language)
    (message,) = mail.outbox
    assert_branded(message, language)
    assert f"{SITE}/accounts/password/reset/key/" in message.body


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("name", EMAILS)
def test_every_gilde_email_names_the_brand_and_the_site(name, language):
    member = factories.member(display_name="Sanne", language=language)
    with translation.override(language):
        emails.send(name, member.email, {"member": member, "count": 2, "waiting": 3, "items": [],
                                         "text": "Nieuw antwoord"}, language=language)
    (message,) = mail.outbox
    assert_branded(message, language)
