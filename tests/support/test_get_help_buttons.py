""""Still stuck?" offers ways forward only; saying a suggestion solved it belongs to that suggestion."""

import pytest
from django.urls import reverse

from support import integrations
from tests.html_parse import parse

SUGGESTIONS = [
    {"kind": "article", "id": "7", "title": "Charging the battery", "url": "/help/articles/7-charging/", "snippet": ""},
]


@pytest.fixture
def suggest(monkeypatch):
    monkeypatch.setattr(integrations, "suggestions", lambda request, query, limit=6: list(SUGGESTIONS))


def _still_stuck(client):
    response = client.get(reverse("support:get_help"), {"q": "battery does not charge"})
    assert response.status_code == 200
    page = parse(response.content)
    return page, page.find("section", cls="still-stuck")


def _primary(section):
    """Buttons and button-styled links that are not the quiet (ghost) kind."""
    return [
        el for el in section.find_all()
        if (el.tag == "button" or "button" in el.classes) and "button-ghost" not in el.classes
    ]


@pytest.mark.django_db
def test_still_stuck_does_not_offer_this_solved_my_problem(client, suggest):
    page, stuck = _still_stuck(client)
    assert "This solved my problem" not in stuck.text()
    assert not list(stuck.find_all("form"))
    # each suggestion keeps its own button
    assert "This solved my problem" in page.find("ol", cls="suggestions").text()


@pytest.mark.django_db
def test_still_stuck_has_one_primary_action_asking_the_community(client, suggest):
    _, stuck = _still_stuck(client)
    primary = _primary(stuck)
    assert [el.text() for el in primary] == ["Ask the community"]
    assert "Contact support" in stuck.text()


@pytest.mark.django_db
def test_contact_support_is_the_primary_action_when_the_community_cannot_be_asked(client, suggest, monkeypatch):
    monkeypatch.setattr(integrations, "community_ask_url", lambda query: None)
    _, stuck = _still_stuck(client)
    assert [el.text() for el in _primary(stuck)] == ["Contact support"]
