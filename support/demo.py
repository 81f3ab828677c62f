"""90 days of Get help sessions and tickets for the Velora demo (idempotent).

The history is generated from a fixed seed, so every install tells the same
story: the help centre deflects more as the weeks go by, and agents answer
tickets faster.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from analytics.models import Event
from core.markdown import markdown_html
from support.models import HelpSession, Ticket, TicketMessage, new_reference

DAYS = 90
MARKER = "demo.support_history_loaded"  # written by earlier versions of this loader
TICKET_BODY = "Since last week my bike shows this problem. Frame number"

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


def _suggestions_for(queries) -> dict[str, list[dict]]:
    """What Get help really suggests for each query (search's suggestions, as a visitor sees them)."""
    from types import SimpleNamespace

    from django.contrib.auth.models import AnonymousUser

    from support import integrations

    visitor = SimpleNamespace(user=AnonymousUser())
    return {q: integrations.suggestions(visitor, q)[:3] for q in queries}


def load(out) -> dict:
    """Help sessions through support's services, each step at its own past moment
    (core.democlock): the suggestions shown and opened are what search suggests for the
    query, so each one is an article or thread that exists. Tickets are written with
    their events at the ticket's time (obj=the ticket), without the emails and helpdesk
    jobs a real ticket would owe."""
    from analytics import track
    from core.democlock import at
    from support import services

    if Event.objects.filter(name=MARKER).exists() or Ticket.objects.filter(body__startswith=TICKET_BODY).exists():
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
        ).order_by("pk")
    )
    agents = list(User.objects.filter(email__in=["agent@example.com", "manager@example.com"]).order_by("email"))
    agent = agents[0] if agents else None
    tz = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate(now)
    suggested = _suggestions_for([q for pair in PROBLEMS for q in pair])
    tickets = []
    n_sessions = 0

    def when(day, lo=7, hi=22):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(lo, hi - 1), rng.randint(0, 59))), tz)
        return min(moment, now - dt.timedelta(minutes=rng.randint(15, 60)))

    for back in range(DAYS - 1, -1, -1):
        day = today - dt.timedelta(days=back)
        progress = 1 - back / DAYS  # 0 -> 1 over the quarter
        weekend = day.weekday() >= 5
        p_deflect = 0.25 + 0.2 * progress  # said "this solved it"
        p_ticket = 0.32 - 0.14 * progress  # still wrote to support
        for _ in range(rng.randint(8, 13) + int(6 * progress) - (3 if weekend else 0)):
            member = rng.choice(customers) if customers and rng.random() < 0.35 else None
            visitor = "" if member else rng.choice(VISITOR_POOL)
            start = when(day)
            en, nl = rng.choice(PROBLEMS)
            query = nl if rng.random() < 0.6 else en
            shown = suggested[query]
            opened = shown[:1] if shown and rng.random() < 0.75 else []
            roll = rng.random()
            with at(start):
                session = services.help_session_start(user=member, visitor_id=visitor)
            with at(start + dt.timedelta(seconds=20)):
                services.help_session_record(session=session, query=query, shown=shown)
            for o in opened:
                with at(start + dt.timedelta(minutes=1)):
                    services.help_session_open(session=session, kind=o["kind"], object_id=o["id"])
            n_sessions += 1
            if opened and roll < p_deflect:
                with at(start + dt.timedelta(minutes=4)):
                    services.help_session_deflect(session=session, kind=opened[0]["kind"], object_id=opened[0]["id"])
            elif roll > 1 - p_ticket:
                tickets.append((session, start + dt.timedelta(minutes=6), query, member, visitor))
        for _ in range(rng.randint(1, 2)):  # straight to the contact form
            member = rng.choice(customers) if customers else None
            tickets.append(
                (None, when(day), rng.choice(PROBLEMS)[0], member, "" if member else rng.choice(VISITOR_POOL))
            )

    made_tickets = 0
    for session, created, subject, member, visitor in tickets:
        back = (today - timezone.localdate(created)).days
        hours = max(0.3, rng.uniform(1, 9) * (0.45 + back / DAYS))  # agents got faster
        first = created + dt.timedelta(hours=hours)
        answered = first < now
        status = Ticket.Status.NEW
        if answered:
            status = rng.choice([Ticket.Status.SOLVED, Ticket.Status.CLOSED]) if back > 3 else Ticket.Status.PENDING
        body = f"{TICKET_BODY} VL-{rng.randint(10000, 99999)}"
        solved_at = first + dt.timedelta(days=1) if status in ("solved", "closed") else None
        with at(created):
            ticket = Ticket.objects.create(
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
                updated_at=first if answered else created,
                first_response_at=first if answered else None,
                solved_at=solved_at,
                message_count=1 if answered else 0,
            )
            made_tickets += 1
            if session is not None:
                HelpSession.objects.filter(pk=session.pk).update(outcome=HelpSession.Outcome.TICKET)
            track(
                "ticket.created",
                obj=ticket,
                user=member,
                visitor_id=ticket.visitor_id,
                session=session.token if session else "",
                source=Ticket.Source.FORM,
                question=None,
            )
        if answered:
            reply = rng.choice(REPLIES)
            with at(first):
                TicketMessage.objects.create(
                    ticket=ticket, author=agent, body=reply, body_html=markdown_html(reply), from_agent=True
                )
                track("ticket.first_response", obj=ticket, user=agent, seconds=int((first - created).total_seconds()))
        if solved_at and solved_at < now:
            with at(solved_at):
                track("ticket.solved", obj=ticket, user=agent, seconds=int((solved_at - created).total_seconds()))
    out(f"support: {n_sessions} help sessions and {made_tickets} tickets over {DAYS} days")
    return {"sessions": n_sessions, "tickets": made_tickets}
