import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from analytics.models import Event
from support import integrations
from support.models import HelpSession, Ticket

SUGGESTIONS = [
    {
        "kind": "article",
        "id": "7",
        "title": "Charging the battery",
        "url": "/help/articles/7-charging/",
        "snippet": "Plug in",
    },
    {"kind": "question", "id": "3", "title": "Battery will not charge", "url": "/community/q/3/", "snippet": ""},
]


@pytest.fixture
def suggest(monkeypatch):
    monkeypatch.setattr(integrations, "suggestions", lambda request, query, limit=6: list(SUGGESTIONS))


def names():
    return list(Event.objects.order_by("pk").values_list("name", flat=True))


@pytest.mark.django_db
def test_page_without_query_starts_no_session(client):
    response = client.get(reverse("support:get_help"))
    assert response.status_code == 200
    assert HelpSession.objects.count() == 0
    assert b"What is the problem?" in response.content


@pytest.mark.django_db
def test_typing_shows_suggestions_and_records_the_session(client, suggest):
    response = client.get(reverse("support:get_help"), {"q": "battery not charging"})
    assert response.status_code == 200
    assert b"Charging the battery" in response.content
    session = HelpSession.objects.get()
    assert session.query == "battery not charging"
    assert [s["title"] for s in session.shown] == ["Charging the battery", "Battery will not charge"]
    assert session.user is None and session.visitor_id
    assert names() == ["help.session_started", "help.suggestions_shown"]
    started = Event.objects.get(name="help.session_started")
    assert started.props["session"] == session.token and started.visitor_id == session.visitor_id


@pytest.mark.django_db
def test_htmx_returns_only_the_results_fragment_and_keeps_the_session(client, suggest):
    client.get(reverse("support:get_help"), {"q": "battery"})
    token = HelpSession.objects.get().token
    response = client.get(
        reverse("support:get_help"), {"q": "battery charger", "session": token}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b"<html" not in response.content and b'id="help-results"' in response.content
    session = HelpSession.objects.get()
    assert session.queries == ["battery", "battery charger"]


@pytest.mark.django_db
def test_someone_elses_session_token_is_not_reused(client, suggest, member):
    other = HelpSession.objects.create(user=member, query="x")
    client.get(reverse("support:get_help"), {"q": "battery", "session": other.token})
    assert HelpSession.objects.count() == 2
    other.refresh_from_db()
    assert other.query == "x"


@pytest.mark.django_db
def test_opening_a_suggestion_is_recorded_and_redirects(client, suggest):
    client.get(reverse("support:get_help"), {"q": "battery"})
    session = HelpSession.objects.get()
    url = reverse("support:open_suggestion", args=[session.token])
    response = client.get(url, {"kind": "article", "id": "7"})
    assert response.status_code == 302 and response["Location"] == "/help/articles/7-charging/"
    session.refresh_from_db()
    assert session.opened == [{"kind": "article", "id": "7", "title": "Charging the battery"}]
    assert Event.objects.filter(name="help.suggestion_opened", props__session=session.token).count() == 1


@pytest.mark.django_db
def test_open_ignores_a_next_address_from_the_link(client, suggest):
    client.get(reverse("support:get_help"), {"q": "battery"})
    session = HelpSession.objects.get()
    response = client.get(
        reverse("support:open_suggestion", args=[session.token]),
        {"kind": "article", "id": "7", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == "/help/articles/7-charging/"


@pytest.mark.django_db
def test_this_solved_my_problem_is_an_explicit_deflection_once(client, suggest):
    client.get(reverse("support:get_help"), {"q": "battery"})
    session = HelpSession.objects.get()
    url = reverse("support:solved", args=[session.token])
    assert client.post(url, {"kind": "article", "id": "7"}).status_code == 200
    client.post(url)
    session.refresh_from_db()
    assert session.outcome == "deflected"
    assert session.helpful == [{"kind": "article", "id": "7"}]
    assert Event.objects.filter(name="help.deflected").count() == 1


@pytest.mark.django_db
def test_solved_needs_post_and_the_owner(suggest, member_client):
    member_client.get(reverse("support:get_help"), {"q": "battery"})
    session = HelpSession.objects.get()
    url = reverse("support:solved", args=[session.token])
    assert member_client.get(url).status_code == 405
    assert Client().post(url).status_code == 404  # another visitor
    session.refresh_from_db()
    assert session.outcome == ""


@pytest.mark.django_db
def test_visitor_files_a_ticket_and_gets_a_reference_on_screen_and_by_email(
    client, suggest, django_capture_on_commit_callbacks
):
    client.get(reverse("support:get_help"), {"q": "battery"})
    session = HelpSession.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("support:contact"),
            {
                "subject": "Battery dead",
                "description": "My battery does not charge any more.",
                "email": "visitor@example.com",
                "session": session.token,
                "website": "",
            },
            follow=True,
        )
    ticket = Ticket.objects.get()
    assert ticket.reference.encode() in response.content
    assert ticket.help_session == session and ticket.requester is None
    session.refresh_from_db()
    assert session.outcome == "ticket"
    assert len(mail.outbox) == 1 and ticket.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == ["visitor@example.com"]
    event = Event.objects.get(name="ticket.created")
    assert event.props["session"] == session.token and event.visitor_id == ticket.visitor_id


@pytest.mark.django_db
def test_member_files_a_ticket_without_typing_an_email(member_client, member):
    response = member_client.post(
        reverse("support:contact"),
        {
            "subject": "Display flickers",
            "description": "The display flickers when it rains.",
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.requester == member and ticket.requester_email == member.email


@pytest.mark.django_db
def test_bad_input_shows_clear_errors_and_keeps_the_text(client):
    response = client.post(
        reverse("support:contact"), {"subject": "Battery dead", "description": "short", "email": "nope"}
    )
    assert response.status_code == 400
    assert Ticket.objects.count() == 0
    assert b"Battery dead" in response.content
    assert b"Enter a valid email address" in response.content


@pytest.mark.django_db
def test_honeypot_saves_nothing(client):
    response = client.post(
        reverse("support:contact"),
        {
            "subject": "Cheap pills",
            "description": "Buy cheap pills now please",
            "email": "bot@example.com",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 400
    assert Ticket.objects.count() == 0 and not mail.outbox


@pytest.mark.django_db
def test_rate_limit_answers_429_with_retry_after_and_keeps_the_form(client, settings):
    settings.SUPPORT_TICKET_RATE_LIMIT = (2, 3600)
    data = {"subject": "Battery dead", "description": "My battery does not charge any more.", "email": "v@example.com"}
    assert client.post(reverse("support:contact"), data).status_code == 302
    assert client.post(reverse("support:contact"), data).status_code == 302
    response = client.post(reverse("support:contact"), {**data, "subject": "Third try"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert b"Third try" in response.content
    assert Ticket.objects.count() == 2


@pytest.mark.django_db
def test_sent_page_only_for_who_sent_it(client, other_member):
    data = {"subject": "Battery dead", "description": "My battery does not charge any more.", "email": "v@example.com"}
    response = client.post(reverse("support:contact"), data)
    sent_url = response["Location"]
    assert client.get(sent_url).status_code == 200
    other = Client()
    other.force_login(other_member)
    assert other.get(sent_url).status_code == 404


def test_suggestion_snippets_are_escaped_once():
    from types import SimpleNamespace

    from support.integrations import _suggestion

    item = SimpleNamespace(
        title="Fast charger",
        url="/help/articles/1-x/",
        kind="article",
        object_id=1,
        snippet="our <mark>battery</mark>&#x27;s life &amp; &lt;script&gt;",
    )
    assert _suggestion(item)["snippet"] == "our battery's life & <script>"  # the template escapes it once
