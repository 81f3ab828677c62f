import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from analytics.models import Event
from support import services
from support.models import Ticket, TicketMessage
from tests import factories


def make_ticket(requester=None, **kw):
    requester = requester or factories.member()
    return services.ticket_create(
        subject=kw.pop("subject", "Battery dead"), body="It does not charge at all.", requester=requester, **kw
    )


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.django_db
def test_permission_matrix_for_a_ticket(staff_mfa_off, member, other_member, agent, manager):
    ticket = make_ticket(member)
    url = reverse("support:ticket", args=[ticket.pk])
    assert Client().get(url).status_code == 302  # anonymous: sign in
    assert client_for(other_member).get(url).status_code == 404  # another customer: not there
    assert client_for(member).get(url).status_code == 200  # the requester
    assert client_for(agent).get(url).status_code == 200
    assert client_for(manager).get(url).status_code == 200
    inbox = reverse("support:inbox")
    assert client_for(member).get(inbox).status_code == 403
    assert client_for(factories.moderator()).get(inbox).status_code == 403
    assert client_for(agent).get(inbox).status_code == 200


@pytest.mark.django_db
def test_customer_sees_only_their_own_tickets_and_no_internal_notes(staff_mfa_off, member, other_member, agent):
    mine = make_ticket(member, subject="My own problem")
    make_ticket(other_member, subject="Someone else's problem")
    services.ticket_reply(ticket=mine, author=agent, body="Internal: check warranty", internal=True)
    services.ticket_reply(ticket=mine, author=agent, body="Please send a photo of the frame number.")
    c = client_for(member)
    listing = c.get(reverse("support:my_tickets")).content.decode()
    assert "My own problem" in listing and "Someone else" not in listing
    page = c.get(reverse("support:ticket", args=[mine.pk])).content.decode()
    assert "photo of the frame number" in page and "check warranty" not in page
    agent_page = client_for(agent).get(reverse("support:ticket", args=[mine.pk])).content.decode()
    assert "check warranty" in agent_page


@pytest.mark.django_db
def test_agent_reply_emails_the_requester_and_records_first_response(
    staff_mfa_off, member, agent, django_capture_on_commit_callbacks
):
    ticket = make_ticket(member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(agent).post(reverse("support:ticket_reply", args=[ticket.pk]), {"body": "Try a reset."})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "pending" and ticket.first_response_at is not None
    assert len(mail.outbox) == 1 and "Try a reset." in mail.outbox[0].body and mail.outbox[0].to == [member.email]
    assert Event.objects.filter(name="ticket.first_response").count() == 1


@pytest.mark.django_db
def test_internal_note_sends_no_email(staff_mfa_off, member, agent, django_capture_on_commit_callbacks):
    ticket = make_ticket(member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent).post(reverse("support:ticket_reply", args=[ticket.pk]), {"body": "Note", "internal": "on"})
    assert not mail.outbox
    assert TicketMessage.objects.get().internal


@pytest.mark.django_db
def test_customer_cannot_write_internal_notes_and_reply_reopens(staff_mfa_off, member, agent):
    ticket = make_ticket(member)
    services.ticket_reply(ticket=ticket, author=agent, body="Any news?")
    client_for(member).post(
        reverse("support:ticket_reply", args=[ticket.pk]), {"body": "Still broken", "internal": "on"}
    )
    message = TicketMessage.objects.filter(author=member).get()
    assert not message.internal
    ticket.refresh_from_db()
    assert ticket.status == "open"


@pytest.mark.django_db
def test_other_member_cannot_reply(staff_mfa_off, member, other_member):
    ticket = make_ticket(member)
    response = client_for(other_member).post(reverse("support:ticket_reply", args=[ticket.pk]), {"body": "hi"})
    assert response.status_code == 404 and not TicketMessage.objects.exists()


@pytest.mark.django_db
def test_empty_reply_is_refused(staff_mfa_off, member):
    ticket = make_ticket(member)
    response = client_for(member).post(reverse("support:ticket_reply", args=[ticket.pk]), {"body": "  "})
    assert response.status_code == 400 and not TicketMessage.objects.exists()


@pytest.mark.django_db
def test_status_flow_and_closed_is_final(staff_mfa_off, member, agent):
    ticket = make_ticket(member)
    c = client_for(agent)
    for status in ["open", "pending", "solved", "closed"]:
        c.post(reverse("support:ticket_status", args=[ticket.pk]), {"status": status})
        ticket.refresh_from_db()
        assert ticket.status == status
    c.post(reverse("support:ticket_status", args=[ticket.pk]), {"status": "open"})
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    c.post(reverse("support:ticket_status", args=[ticket.pk]), {"status": "bogus"})
    ticket.refresh_from_db()
    assert ticket.status == "closed"


@pytest.mark.django_db
def test_customer_cannot_change_status_or_assign(staff_mfa_off, member, agent):
    ticket = make_ticket(member)
    c = client_for(member)
    assert c.post(reverse("support:ticket_status", args=[ticket.pk]), {"status": "solved"}).status_code == 403
    assert c.post(reverse("support:ticket_assign", args=[ticket.pk]), {"assignee": agent.pk}).status_code == 403
    assert c.post(reverse("support:ticket_solve", args=[ticket.pk]), {"body": "x"}).status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == "new" and ticket.assignee is None


@pytest.mark.django_db
def test_assign_and_filter_the_inbox(staff_mfa_off, agent):
    other_agent = factories.agent()
    t1, t2 = make_ticket(subject="First one"), make_ticket(subject="Second one")
    c = client_for(agent)
    c.post(reverse("support:ticket_assign", args=[t1.pk]), {"assignee": agent.pk})
    t1.refresh_from_db()
    assert t1.assignee == agent and t1.status == "open"
    mine = c.get(reverse("support:inbox"), {"assignee": "me"}).content.decode()
    assert "First one" in mine and "Second one" not in mine
    nobody = c.get(reverse("support:inbox"), {"assignee": "none"}).content.decode()
    assert "Second one" in nobody and "First one" not in nobody
    assert "First one" not in c.get(reverse("support:inbox"), {"status": "new"}).content.decode()
    response = c.post(reverse("support:ticket_assign", args=[t2.pk]), {"assignee": factories.member().pk})
    t2.refresh_from_db()
    assert t2.assignee is None and response.status_code == 302
    assert other_agent  # an agent in the list


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 20])
def test_inbox_query_count_does_not_grow(staff_mfa_off, agent, django_assert_max_num_queries, n):
    for i in range(n):
        t = make_ticket(subject=f"Ticket {i}")
        services.ticket_assign(ticket=t, assignee=agent, by=agent)
    c = client_for(agent)
    with django_assert_max_num_queries(12):
        response = c.get(reverse("support:inbox"))
    assert response.status_code == 200 and response.content.count(b"<tr>") >= min(n, 25)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 20])
def test_ticket_page_query_count_does_not_grow(staff_mfa_off, member, agent, django_assert_max_num_queries, n):
    ticket = make_ticket(member)
    for i in range(n):
        services.ticket_reply(
            ticket=ticket, author=agent if i % 2 else member, body=f"message {i}", internal=i % 3 == 0 and i % 2 == 1
        )
    c = client_for(agent)
    with django_assert_max_num_queries(16):
        assert c.get(reverse("support:ticket", args=[ticket.pk])).status_code == 200


@pytest.mark.django_db
def test_solve_posts_the_solution_to_the_thread_when_linked(staff_mfa_off, member, agent, monkeypatch):
    from support import integrations

    posted = {}

    class FakeAnswer:
        pk = 77

    def fake_post(*, question_id, author, body):
        posted.update(question_id=question_id, author=author, body=body)
        return FakeAnswer()

    monkeypatch.setattr(integrations, "official_answer_post", fake_post)
    ticket = make_ticket(member, question_id=5, question_title="Gear slips")
    client_for(agent).post(
        reverse("support:ticket_solve", args=[ticket.pk]),
        {"body": "Tighten the cable by half a turn.", "post_to_thread": "on"},
    )
    ticket.refresh_from_db()
    assert ticket.status == "solved" and ticket.solution_answer_id == 77
    assert posted == {"question_id": 5, "author": agent, "body": "Tighten the cable by half a turn."}


@pytest.mark.django_db
def test_customer_view_for_agents_only(staff_mfa_off, member, agent):
    make_ticket(member, subject="Brake squeaks")
    services.help_session_start(user=member)
    url = reverse("support:customer", args=[member.pk])
    assert client_for(member).get(url).status_code == 403
    page = client_for(agent).get(url).content.decode()
    assert "Brake squeaks" in page


@pytest.mark.django_db
def test_escalating_an_unknown_question_is_404(staff_mfa_off, agent):
    assert client_for(agent).post(reverse("support:escalate_question", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_escalation_is_once_per_question(agent):
    class Q:
        pk = 42
        title = "Motor cuts out"
        body = "On hills the motor stops."
        author = None

        def get_absolute_url(self):
            return "/community/q/42/"

    q = Q()
    q.author = factories.member()
    t1, created1 = services.ticket_escalate_question(question=q, by=agent)
    t2, created2 = services.ticket_escalate_question(question=q, by=agent)
    assert created1 and not created2 and t1 == t2
    assert t1.source == "escalated" and t1.question_url == "/community/q/42/" and t1.requester == q.author
    assert Ticket.objects.count() == 1


def test_question_page_links_agents_to_its_ticket_both_ways(staff_mfa_off, agent, member):
    from community import services as community

    topic = community.topic_create(name="Motors", description="Drive units.")
    question = community.question_create(
        author=member, topic=topic, title="Motor cuts out on hills", body="It stops on every climb.", tags=()
    )
    client = client_for(agent)
    page = client.get(question.get_absolute_url()).content.decode()
    action = reverse("support:escalate_question", args=[question.pk])
    assert f'action="{action}"' in page
    first = client.post(action)
    ticket = Ticket.objects.get()
    assert first["Location"] == ticket.get_absolute_url()
    assert question.get_absolute_url() in client.get(ticket.get_absolute_url()).content.decode()
    assert client.post(action)["Location"] == ticket.get_absolute_url()  # the same ticket, not a new one
    assert Ticket.objects.count() == 1
    # Members do not see the ticket link.
    assert f'action="{action}"' not in client_for(factories.member()).get(question.get_absolute_url()).content.decode()
