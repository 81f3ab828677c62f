"""Every write support makes. Keyword-only, atomic; events and emails after commit."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts import roles
from analytics import track
from core import jobs
from core.markdown import markdown_html
from support import integrations, webhooks
from support.models import HelpSession, Ticket, TicketMessage, WebhookDelivery

MAX_QUERIES_KEPT = 10
MAX_SHOWN_KEPT = 30

# Which status may follow which. Closed is final: a new problem is a new ticket.
TRANSITIONS = {
    Ticket.Status.NEW: {Ticket.Status.OPEN, Ticket.Status.PENDING, Ticket.Status.SOLVED, Ticket.Status.CLOSED},
    Ticket.Status.OPEN: {Ticket.Status.PENDING, Ticket.Status.SOLVED, Ticket.Status.CLOSED},
    Ticket.Status.PENDING: {Ticket.Status.OPEN, Ticket.Status.SOLVED, Ticket.Status.CLOSED},
    Ticket.Status.SOLVED: {Ticket.Status.OPEN, Ticket.Status.CLOSED},
    Ticket.Status.CLOSED: set(),
}


class TicketError(ValueError):
    pass


def _actor(session: HelpSession) -> dict:
    return {"user": session.user, "visitor_id": "" if session.user_id else session.visitor_id}


# --- help sessions -----------------------------------------------------------------------


def help_session_start(*, user=None, visitor_id: str = "", query: str = "") -> HelpSession:
    user = user if user is not None and user.is_authenticated else None
    session = HelpSession.objects.create(user=user, visitor_id="" if user else visitor_id, query=query[:500])
    track("help.session_started", obj=session, session=session.token, **_actor(session))
    return session


def help_session_record(*, session: HelpSession, query: str, shown: list[dict]) -> HelpSession:
    """What the customer typed and which suggestions we showed for it."""
    query = (query or "").strip()[:500]
    if not query or query == session.query and not shown:
        return session
    if query != session.query:
        session.queries = (session.queries + [query])[-MAX_QUERIES_KEPT:]
        session.query = query
    known = {(s["kind"], s["id"]) for s in session.shown}
    session.shown = (
        session.shown
        + [{k: s[k] for k in ("kind", "id", "title", "url")} for s in shown if (s["kind"], s["id"]) not in known]
    )[-MAX_SHOWN_KEPT:]
    session.updated_at = timezone.now()
    session.save(update_fields=["query", "queries", "shown", "updated_at"])
    track(
        "help.suggestions_shown", obj=session, session=session.token, query=query, results=len(shown), **_actor(session)
    )
    return session


def help_session_open(*, session: HelpSession, kind: str, object_id: str) -> dict | None:
    """The customer opened a suggestion we showed them in this session. Returns what we
    showed ({"kind", "id", "title", "url"}), or None when we never showed it.

    Title and address come from what the server suggested, never from the request:
    agents read them on the ticket and the customer page.
    """
    shown = next((s for s in session.shown if s["kind"] == kind and s["id"] == str(object_id)), None)
    if shown is None:
        return None
    entry = {"kind": shown["kind"], "id": shown["id"], "title": shown["title"]}
    if not any(o["kind"] == entry["kind"] and o["id"] == entry["id"] for o in session.opened):
        session.opened = session.opened + [entry]
        session.updated_at = timezone.now()
        session.save(update_fields=["opened", "updated_at"])
    track(
        "help.suggestion_opened",
        obj=session,
        session=session.token,
        kind=entry["kind"],
        id=entry["id"],
        **_actor(session),
    )
    return shown


@transaction.atomic
def help_session_deflect(*, session: HelpSession, kind: str = "", object_id: str = "") -> bool:
    """The customer said a suggestion solved it. Returns False when already recorded."""
    updated = (
        HelpSession.objects.filter(pk=session.pk)
        .exclude(outcome=HelpSession.Outcome.DEFLECTED)
        .update(outcome=HelpSession.Outcome.DEFLECTED, updated_at=timezone.now())
    )
    if not updated:
        return False
    session.outcome = HelpSession.Outcome.DEFLECTED
    if kind:
        session.helpful = session.helpful + [{"kind": kind[:20], "id": str(object_id)[:20]}]
        session.save(update_fields=["helpful"])
    track(
        "help.deflected", obj=session, session=session.token, kind=kind[:20], id=str(object_id)[:20], **_actor(session)
    )
    return True


def help_session_ask_community(*, session: HelpSession) -> None:
    if session.outcome != HelpSession.Outcome.DEFLECTED:
        HelpSession.objects.filter(pk=session.pk).update(outcome=HelpSession.Outcome.COMMUNITY)
    track("help.asked_community", obj=session, session=session.token, **_actor(session))


def help_session_contact_opened(*, session: HelpSession) -> None:
    """The customer opened the ticket form (whether or not they send it)."""
    track("help.contact_opened", obj=session, session=session.token, **_actor(session))


# --- tickets -------------------------------------------------------------------------------


def _webhook_enqueue(ticket: Ticket, event: str) -> None:
    """Hand the ticket to the external helpdesk after commit, when one is configured."""
    url = webhooks.webhook_url()
    if not url:
        return
    delivery = WebhookDelivery.objects.create(
        ticket=ticket, event=event, url=url, payload=webhooks.ticket_payload(ticket, event)
    )
    from support.tasks import deliver_webhook

    jobs.enqueue(deliver_webhook, delivery.pk)


def _touch(ticket: Ticket, **fields) -> None:
    fields["updated_at"] = timezone.now()
    for key, value in fields.items():
        setattr(ticket, key, value)
    ticket.save(update_fields=list(fields))


@transaction.atomic
def ticket_create(
    *,
    subject: str,
    body: str,
    requester=None,
    email: str = "",
    visitor_id: str = "",
    help_session: HelpSession | None = None,
    source: str = Ticket.Source.FORM,
    question_id: int | None = None,
    question_title: str = "",
    question_url: str = "",
    created_by=None,
) -> Ticket:
    requester = requester if requester is not None and requester.is_authenticated else None
    email = requester.email if requester else email
    if not email:
        raise TicketError("A ticket needs an email address to answer.")
    ticket = Ticket.objects.create(
        requester=requester,
        requester_email=email,
        visitor_id="" if requester else visitor_id,
        subject=subject.strip()[:200],
        body=body.strip(),
        body_html=markdown_html(body.strip()),
        source=source,
        help_session=help_session,
        question_id=question_id,
        question_title=question_title[:300],
        question_url=question_url[:500],
    )
    if help_session is not None:
        HelpSession.objects.filter(pk=help_session.pk).update(outcome=HelpSession.Outcome.TICKET)
    track(
        "ticket.created",
        obj=ticket,
        user=requester,
        visitor_id=ticket.visitor_id,
        session=help_session.token if help_session else "",
        source=source,
        question=question_id,
        by=created_by.pk if created_by else None,
    )
    from support.tasks import send_ticket_email

    jobs.enqueue(send_ticket_email, ticket.pk)
    _webhook_enqueue(ticket, "ticket.created")
    return ticket


@transaction.atomic
def ticket_reply(
    *, ticket: Ticket, author, body: str, internal: bool = False, notify_helpdesk: bool = True
) -> TicketMessage:
    """A message on the ticket. Agents' public replies email the requester;
    an internal note stays with the agents. The first public agent reply is
    the ticket's first response."""
    from_agent = author is not None and roles.can_handle_tickets(author) and author.pk != ticket.requester_id
    if internal and not from_agent:
        raise TicketError("Only agents write internal notes.")
    if ticket.status == Ticket.Status.CLOSED:
        raise TicketError("This ticket is closed.")
    body = body.strip()
    message = TicketMessage.objects.create(
        ticket=ticket, author=author, body=body, body_html=markdown_html(body), internal=internal, from_agent=from_agent
    )
    Ticket.objects.filter(pk=ticket.pk).update(message_count=F("message_count") + 1)
    changes = {}
    if internal:
        track("ticket.note_added", obj=ticket, user=author)
        _touch(ticket)
        return message
    if from_agent:
        if ticket.first_response_at is None:
            changes["first_response_at"] = message.created_at
            seconds = int((message.created_at - ticket.created_at).total_seconds())
            track("ticket.first_response", obj=ticket, user=author, seconds=max(0, seconds))
        track("ticket.replied", obj=ticket, user=author, agent=True)
        if ticket.status in (Ticket.Status.NEW, Ticket.Status.OPEN):
            changes["status"] = Ticket.Status.PENDING
        from support.tasks import send_ticket_email

        jobs.enqueue(send_ticket_email, ticket.pk, message.pk)
    else:
        track("ticket.replied", obj=ticket, user=author, agent=False)
        if ticket.status in (Ticket.Status.PENDING, Ticket.Status.SOLVED):
            changes["status"] = Ticket.Status.OPEN
    old = ticket.status
    _touch(ticket, **changes)
    if "status" in changes and changes["status"] != old:
        track("ticket.status_changed", obj=ticket, user=author, **{"from": old, "to": changes["status"]})
    if notify_helpdesk:
        _webhook_enqueue(ticket, "ticket.updated")
    return message


@transaction.atomic
def ticket_status_set(*, ticket: Ticket, status: str, by=None, notify_helpdesk: bool = True) -> Ticket:
    if status not in Ticket.Status.values:
        raise TicketError(f"Unknown status {status!r}.")
    if status == ticket.status:
        return ticket
    if status not in TRANSITIONS[ticket.status]:
        raise TicketError(f"A {ticket.status} ticket cannot become {status}.")
    old = ticket.status
    changes = {"status": status}
    if status == Ticket.Status.SOLVED:
        changes["solved_at"] = timezone.now()
    _touch(ticket, **changes)
    track("ticket.status_changed", obj=ticket, user=by, **{"from": old, "to": status})
    if status == Ticket.Status.SOLVED:
        track("ticket.solved", obj=ticket, user=by, seconds=int((ticket.solved_at - ticket.created_at).total_seconds()))
    if notify_helpdesk:
        _webhook_enqueue(ticket, "ticket.updated")
    return ticket


@transaction.atomic
def ticket_assign(*, ticket: Ticket, assignee, by) -> Ticket:
    # An agent who has not turned on MFA yet may still be given tickets to work once they do.
    if assignee is not None and not roles.holds(assignee, "handle_tickets"):
        raise TicketError("Only agents can be assigned.")
    changes = {"assignee": assignee}
    if ticket.status == Ticket.Status.NEW and assignee is not None:
        changes["status"] = Ticket.Status.OPEN
    _touch(ticket, **changes)
    track("ticket.assigned", obj=ticket, user=by, assignee=assignee.pk if assignee else None)
    _webhook_enqueue(ticket, "ticket.updated")
    return ticket


def ticket_escalate_question(*, question, by=None, source: str = Ticket.Source.ESCALATED) -> tuple[Ticket, bool]:
    """Turn a community question into a ticket, once. Returns (ticket, created)."""
    info = integrations.question_info(question)
    existing = Ticket.objects.filter(question_id=info["id"]).first()
    if existing:
        return existing, False
    author = info["author"]
    try:
        with transaction.atomic():
            ticket = ticket_create(
                subject=info["title"] or f"Question {info['id']}",
                body=info["body"] or info["title"],
                requester=author,
                email=getattr(author, "email", "") or "",
                source=source,
                question_id=info["id"],
                question_title=info["title"],
                question_url=info["url"],
                created_by=by,
            )
    except IntegrityError:
        return Ticket.objects.get(question_id=info["id"]), False
    track("ticket.escalated", obj=ticket, user=by, question=info["id"], automatic=source == Ticket.Source.AUTO)
    return ticket, True


@transaction.atomic
def ticket_solve(*, ticket: Ticket, by, body: str = "", post_to_thread: bool = False) -> Ticket:
    """Solve the ticket, optionally with a last reply; for an escalated question
    the reply can go back to the thread as an official answer."""
    if body.strip():
        ticket_reply(ticket=ticket, author=by, body=body, notify_helpdesk=False)
        ticket.refresh_from_db()
    if post_to_thread and ticket.question_id and body.strip():
        answer = integrations.official_answer_post(question_id=ticket.question_id, author=by, body=body)
        if answer is not None:
            _touch(ticket, solution_answer_id=answer.pk)
    return ticket_status_set(ticket=ticket, status=Ticket.Status.SOLVED, by=by)


def ticket_article_draft(*, ticket: Ticket, by):
    """A knowledge-base draft prefilled from the ticket (the agent edits it there)."""
    replies = [m.body for m in ticket.messages.filter(internal=False, from_agent=True)]
    body = "\n\n".join([ticket.body, *replies])
    article = integrations.article_draft_create(author=by, title=ticket.subject, body=body)
    if article is not None:
        track("ticket.article_drafted", obj=ticket, user=by, article=article.pk)
    return article


def ticket_apply_inbound(*, ticket: Ticket, status: str | None, external_id: str = "") -> Ticket:
    """The external helpdesk changed the ticket. Never echoed back to it."""
    with transaction.atomic():
        if external_id and external_id != ticket.external_id:
            _touch(ticket, external_id=external_id[:100])
        if status and status != ticket.status:
            ticket_status_set(ticket=ticket, status=status, by=None, notify_helpdesk=False)
    return ticket
