"""The agent sees what the customer tried in Get help (what we suggested, what they opened),
and every title there is the one the server suggested, never one from a link."""

import pytest
from django.test import Client
from django.urls import reverse

from support import integrations
from support.models import HelpSession, Ticket

pytestmark = pytest.mark.django_db

SUGGESTIONS = [
    {"kind": "article", "id": "7", "title": "Charging the battery", "url": "/help/articles/7-charging/", "snippet": ""},
    {"kind": "question", "id": "3", "title": "Battery will not charge", "url": "/community/q/3/", "snippet": ""},
]
FORGED = "Agent: refund this customer 500 EUR"


@pytest.fixture
def suggest(monkeypatch):
    monkeypatch.setattr(integrations, "suggestions", lambda request, query, limit=6: [dict(s) for s in SUGGESTIONS])


def visitor_files_a_ticket(client, *, opened=(), query="battery not charging"):
    client.get(reverse("support:get_help"), {"q": query})
    session = HelpSession.objects.latest("pk")
    for params in opened:
        client.get(reverse("support:open_suggestion", args=[session.token]), params)
    client.post(
        reverse("support:contact"),
        {"subject": "Battery dead", "description": "It does not charge.", "email": "v@example.com",
         "session": session.token},
    )
    return session, Ticket.objects.latest("pk")


def agent_page(agent, ticket):
    c = Client()
    c.force_login(agent)
    response = c.get(reverse("support:ticket", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_forged_title_in_the_link_never_reaches_the_agent(client, suggest, agent):
    session, ticket = visitor_files_a_ticket(
        client, opened=[{"kind": "article", "id": "7", "title": FORGED, "next": "/evil/"}]
    )
    session.refresh_from_db()
    assert session.opened == [{"kind": "article", "id": "7", "title": "Charging the battery"}]
    page = agent_page(agent, ticket)
    assert FORGED not in page and "Charging the battery" in page


def test_a_forged_title_never_reaches_the_agents_customer_view(suggest, member, agent):
    c = Client()
    c.force_login(member)
    visitor_files_a_ticket(c, opened=[{"kind": "question", "id": "3", "title": FORGED}])
    staff = Client()
    staff.force_login(agent)
    page = staff.get(reverse("support:customer", args=[member.pk])).content.decode()
    assert FORGED not in page and "Battery will not charge" in page


def test_opening_something_never_suggested_is_404_and_not_recorded(client, suggest):
    client.get(reverse("support:get_help"), {"q": "battery"})
    session = HelpSession.objects.get()
    url = reverse("support:open_suggestion", args=[session.token])
    response = client.get(url, {"kind": "article", "id": "999", "title": FORGED, "next": "/help/"})
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.opened == []


def test_someone_elses_session_cannot_be_written(suggest, member):
    visitor = Client()
    visitor.get(reverse("support:get_help"), {"q": "battery"})
    session = HelpSession.objects.get()
    other = Client()
    other.force_login(member)
    response = other.get(reverse("support:open_suggestion", args=[session.token]), {"kind": "article", "id": "7"})
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.opened == []


def test_the_agent_sees_what_was_suggested_and_what_was_opened(client, suggest, agent):
    _, ticket = visitor_files_a_ticket(client, opened=[{"kind": "question", "id": "3"}])
    page = agent_page(agent, ticket)
    assert "What we suggested before they wrote" in page
    assert 'href="/help/articles/7-charging/">Charging the battery</a>' in page
    assert 'href="/community/q/3/">Battery will not charge</a>' in page
    tried = page[page.index("What we suggested"):]
    article, question = tried.split("Charging the battery", 1)[1], tried.split("Battery will not charge", 1)[1]
    assert article.index("not opened") < article.index("</li>")
    question_item = question[: question.index("</li>")]
    assert "Opened" in question_item and "not opened" not in question_item


def test_a_ticket_without_suggestions_says_so(client, monkeypatch, agent):
    monkeypatch.setattr(integrations, "suggestions", lambda request, query, limit=6: [])
    _, ticket = visitor_files_a_ticket(client)
    assert "No suggestions were shown." in agent_page(agent, ticket)


def test_the_customer_does_not_see_the_agents_side_panel(suggest, member):
    c = Client()
    c.force_login(member)
    _, ticket = visitor_files_a_ticket(c, opened=[{"kind": "article", "id": "7"}])
    page = c.get(reverse("support:ticket", args=[ticket.pk])).content.decode()
    assert "What we suggested before they wrote" not in page


def test_the_agents_ticket_page_queries_do_not_grow_with_the_suggestions(
    client, monkeypatch, agent, django_assert_max_num_queries
):
    many = [{"kind": "article", "id": str(n), "title": f"Article {n}", "url": f"/help/articles/{n}-a/", "snippet": ""}
            for n in range(1, 25)]
    monkeypatch.setattr(integrations, "suggestions", lambda request, query, limit=6: [dict(s) for s in many])
    _, ticket = visitor_files_a_ticket(client, opened=[{"kind": "article", "id": str(n)} for n in range(1, 10)])
    c = Client()
    c.force_login(agent)
    c.get(reverse("support:ticket", args=[ticket.pk]))  # warm the per-process caches
    with django_assert_max_num_queries(4):
        response = c.get(reverse("support:ticket", args=[ticket.pk]))
    assert response.content.decode().count("not opened") == 24 - 9


def test_coming_back_from_a_suggestion_continues_the_same_visit(client, suggest, agent):
    """Back (or a reload) loads /support/?q=… without the session: the open visit goes on."""
    client.get(reverse("support:get_help"), {"q": "battery not charging"})
    session = HelpSession.objects.get()
    client.get(reverse("support:open_suggestion", args=[session.token]), {"kind": "question", "id": "3"})
    page = client.get(reverse("support:get_help"), {"q": "battery not charging"})
    assert HelpSession.objects.count() == 1
    assert session.token in page.content.decode()
    data = {"subject": "Battery", "description": "Still dead.", "email": "v@example.com", "session": session.token}
    client.post(reverse("support:contact"), data)
    assert "Opened" in agent_page(agent, Ticket.objects.get())


def test_the_contact_form_reached_directly_still_carries_the_visit(client, suggest, agent):
    client.get(reverse("support:get_help"), {"q": "battery not charging"})
    session = HelpSession.objects.get()
    form = client.get(reverse("support:contact"))
    assert f'value="{session.token}"' in form.content.decode()


def test_a_finished_or_old_visit_is_not_continued(client, suggest):
    from datetime import timedelta

    from django.utils import timezone

    client.get(reverse("support:get_help"), {"q": "battery not charging"})
    HelpSession.objects.update(outcome=HelpSession.Outcome.DEFLECTED)
    client.get(reverse("support:get_help"), {"q": "battery not charging"})
    assert HelpSession.objects.count() == 2
    HelpSession.objects.update(outcome=HelpSession.Outcome.OPEN, updated_at=timezone.now() - timedelta(hours=1))
    client.get(reverse("support:get_help"), {"q": "battery not charging"})
    assert HelpSession.objects.count() == 3


def test_another_visitors_open_visit_is_never_continued(suggest):
    Client().get(reverse("support:get_help"), {"q": "battery not charging"})
    Client().get(reverse("support:get_help"), {"q": "battery not charging"})
    assert HelpSession.objects.count() == 2
