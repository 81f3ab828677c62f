"""90 days of Get help sessions and tickets for the Velora demo (idempotent).

The history is generated from a fixed seed, so every install tells the same
story: the help centre deflects more as the weeks go by, and agents answer
tickets faster.
"""

import datetime as dt
import random
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.utils import timezone

from analytics.models import Event
from core.markdown import markdown_html
from support.models import HelpSession, Ticket, TicketMessage, new_reference, new_token

DAYS = 90
MARKER = "demo.support_history_loaded"

PROBLEMS = [
    ("Battery does not charge", "Accu laadt niet op"),
    ("Display shows error E-21", "Display geeft foutmelding E-21"),
    ("Motor cuts out on hills", "Motor valt uit bergop"),
    ("How do I pair the app?", "Hoe koppel ik de app?"),
    ("Gears slip in the rain", "Versnelling slipt bij regen"),
    ("Frame lock will not open", "Frameslot gaat niet open"),
    ("Range lower than advertised", "Actieradius lager dan verwacht"),
    ("Brake pads squeak", "Remblokken piepen"),
    ("Update firmware", "Firmware bijwerken"),
    ("Warranty on the battery", "Garantie op de accu"),
]
SUGGESTIONS = [
    ("article", "Charging your Velora battery", "Je Velora-accu opladen"),
    ("article", "What the display error codes mean", "Wat de foutcodes op het display betekenen"),
    ("question", "Motor stops on steep hills (solved)", "Motor stopt op steile hellingen (opgelost)"),
    ("article", "Pairing the Velora app", "De Velora-app koppelen"),
    ("article", "Adjusting the gear cable", "De versnellingskabel afstellen"),
]
REPLIES = [
    "Thanks for the details. Could you send a photo of the frame number? It is under the bottom bracket.",
    "Bedankt! Wil je de accu eerst 8 uur volledig laden en daarna de display resetten (aan-knop 10 seconden)?",
    "We have sent a replacement part to your dealer; they will call you to plan the repair.",
]
VISITOR_POOL = [f"demo{n:04d}visitor{n:04d}" for n in range(400)]


@contextmanager
def _keep_created_at():
    """bulk_create would stamp every Event with now; the demo needs the past."""
    field = Event._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def load(out) -> dict:
    if Event.objects.filter(name=MARKER).exists():
        out("support: demo history already loaded")
        return {"sessions": 0, "tickets": 0}
    rng = random.Random(2026)
    User = get_user_model()
    customers = list(
        User.objects.filter(
            email__in=[
                "pieter@example.com",
                "emma@example.com",
                "daan@example.com",
                "noor@example.com",
                "liam@example.com",
                "ayla@example.com",
                "tom@example.com",
                "grace@example.com",
                "member@example.com",
            ]
        )
    )
    agents = list(User.objects.filter(email__in=["agent@example.com", "manager@example.com"]))
    agent = agents[0] if agents else None
    tz = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate(now)
    sessions, tickets, events, session_events = [], [], [], []

    def when(day, lo=7, hi=22):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(lo, hi - 1), rng.randint(0, 59))), tz)
        return min(moment, now - dt.timedelta(minutes=rng.randint(5, 60)))

    for back in range(DAYS - 1, -1, -1):
        day = today - dt.timedelta(days=back)
        progress = 1 - back / DAYS  # 0 -> 1 over the quarter
        weekend = day.weekday() >= 5
        n_sessions = rng.randint(14, 22) + int(10 * progress) - (5 if weekend else 0)
        p_deflect = 0.25 + 0.2 * progress  # said "this solved it"
        p_ticket = 0.32 - 0.14 * progress  # still wrote to support
        for _ in range(n_sessions):
            member = rng.choice(customers) if customers and rng.random() < 0.35 else None
            visitor = "" if member else rng.choice(VISITOR_POOL)
            start = when(day)
            en, nl = rng.choice(PROBLEMS)
            dutch = rng.random() < 0.6
            query = nl if dutch else en
            shown = [
                {"kind": k, "id": str(i + 1), "title": (t_nl if dutch else t_en), "url": "/help/"}
                for i, (k, t_en, t_nl) in enumerate(rng.sample(SUGGESTIONS, 3))
            ]
            opened = shown[:1] if rng.random() < 0.75 else []
            roll = rng.random()
            outcome = ""
            if opened and roll < p_deflect:
                outcome = HelpSession.Outcome.DEFLECTED
            elif roll > 1 - p_ticket:
                outcome = HelpSession.Outcome.TICKET
            session = HelpSession(
                token=new_token(),
                user=member,
                visitor_id=visitor,
                started_at=start,
                updated_at=start,
                query=query,
                queries=[query],
                shown=shown,
                opened=[{"kind": o["kind"], "id": o["id"], "title": o["title"]} for o in opened],
                outcome=outcome,
            )
            sessions.append(session)
            who = {"user": member, "visitor_id": visitor}
            session_events.append(
                (
                    session,
                    [
                        ("help.session_started", start, {}),
                        ("help.suggestions_shown", start + dt.timedelta(seconds=20), {"query": query, "results": 3}),
                        *[
                            (
                                "help.suggestion_opened",
                                start + dt.timedelta(minutes=1),
                                {"kind": o["kind"], "id": o["id"]},
                            )
                            for o in opened
                        ],
                        *([("help.deflected", start + dt.timedelta(minutes=4), {})] if outcome == "deflected" else []),
                    ],
                    who,
                )
            )
            if outcome == HelpSession.Outcome.TICKET:
                tickets.append((session, start + dt.timedelta(minutes=6), en if not dutch else nl, member, visitor))
        for _ in range(rng.randint(1, 3)):  # straight to the contact form
            member = rng.choice(customers) if customers else None
            tickets.append(
                (None, when(day), rng.choice(PROBLEMS)[0], member, "" if member else rng.choice(VISITOR_POOL))
            )

    HelpSession.objects.bulk_create(sessions)
    for session, items, who in session_events:
        for name, at, props in items:
            events.append(
                Event(
                    name=name,
                    created_at=at,
                    user=who["user"],
                    visitor_id=who["visitor_id"],
                    props={"session": session.token, "demo": True, **props},
                )
            )

    made_tickets, messages = [], []
    for session, created, subject, member, visitor in tickets:
        back = (today - timezone.localdate(created)).days
        hours = max(0.3, rng.uniform(1, 9) * (0.45 + back / DAYS))  # agents got faster
        first = created + dt.timedelta(hours=hours)
        answered = first < now
        status = Ticket.Status.NEW
        if answered:
            status = rng.choice([Ticket.Status.SOLVED, Ticket.Status.CLOSED]) if back > 3 else Ticket.Status.PENDING
        body = "Since last week my bike shows this problem. Frame number VL-" + str(rng.randint(10000, 99999))
        ticket = Ticket(
            reference=new_reference(),
            requester=member,
            visitor_id=visitor,
            requester_email=member.email if member else f"{visitor[:10]}@example.com",
            subject=subject,
            body=body,
            body_html=markdown_html(body),
            status=status,
            assignee=agent if answered else None,
            help_session=session,
            created_at=created,
            updated_at=first if answered else created,
            first_response_at=first if answered else None,
            solved_at=first + dt.timedelta(days=1) if status in ("solved", "closed") else None,
            message_count=1 if answered else 0,
        )
        made_tickets.append(ticket)
    Ticket.objects.bulk_create(made_tickets)
    for ticket in made_tickets:
        who = {"user": ticket.requester, "visitor_id": ticket.visitor_id}
        events.append(
            Event(
                name="ticket.created",
                created_at=ticket.created_at,
                object_id=ticket.pk,
                props={
                    "session": ticket.help_session.token if ticket.help_session else "",
                    "source": "form",
                    "demo": True,
                },
                **who,
            )
        )
        if ticket.first_response_at:
            reply = rng.choice(REPLIES)
            messages.append(
                TicketMessage(
                    ticket=ticket,
                    author=agent,
                    body=reply,
                    body_html=markdown_html(reply),
                    from_agent=True,
                    created_at=ticket.first_response_at,
                )
            )
            seconds = int((ticket.first_response_at - ticket.created_at).total_seconds())
            events.append(
                Event(
                    name="ticket.first_response",
                    created_at=ticket.first_response_at,
                    user=agent,
                    object_id=ticket.pk,
                    props={"seconds": seconds, "demo": True},
                )
            )
        if ticket.solved_at and ticket.solved_at < now:
            events.append(
                Event(
                    name="ticket.solved",
                    created_at=ticket.solved_at,
                    user=agent,
                    object_id=ticket.pk,
                    props={"demo": True},
                )
            )
    TicketMessage.objects.bulk_create(messages)
    events.append(Event(name=MARKER, created_at=now, props={"demo": True}))
    with _keep_created_at():
        Event.objects.bulk_create(events, batch_size=500)
    out(f"support: {len(sessions)} help sessions and {len(made_tickets)} tickets over {DAYS} days")
    return {"sessions": len(sessions), "tickets": len(made_tickets)}
