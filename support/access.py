from datetime import timedelta

from django.http import Http404
from django.utils import timezone

from accounts.roles import can_handle_tickets
from support.models import HelpSession, Ticket


def get_ticket_for(user, pk: int) -> Ticket:
    """Agents see every ticket; a customer only their own; everyone else gets 404."""
    ticket = Ticket.objects.select_related("requester", "assignee", "help_session").filter(pk=pk).first()
    if ticket is None or not user.is_authenticated:
        raise Http404
    if can_handle_tickets(user) or ticket.requester_id == user.pk:
        return ticket
    raise Http404


# A visit to Get help that comes back within this time (after opening a suggestion
# and returning, or going to the contact form some other way) is the same visit.
RESUME_WITHIN = timedelta(minutes=30)


def recent_help_session_for(request) -> HelpSession | None:
    """This member's or visitor's help session still open from the last half hour, or None."""
    sessions = HelpSession.objects.filter(
        outcome=HelpSession.Outcome.OPEN, updated_at__gte=timezone.now() - RESUME_WITHIN
    )
    if request.user.is_authenticated:
        sessions = sessions.filter(user=request.user)
    else:
        visitor = request.COOKIES.get("gilde_vid", "")
        if not visitor:
            return None
        sessions = sessions.filter(user__isnull=True, visitor_id=visitor)
    return sessions.order_by("-updated_at").first()


def get_help_session_for(request, token: str) -> HelpSession:
    """The help session of this member or this anonymous visitor, else 404."""
    session = HelpSession.objects.filter(token=token).first()
    if session is None:
        raise Http404
    if request.user.is_authenticated:
        if session.user_id == request.user.pk:
            return session
        # A visitor who signs in halfway keeps the session they started.
        if session.user_id is None and session.visitor_id and session.visitor_id == request.COOKIES.get("gilde_vid"):
            return session
        raise Http404
    if session.user_id is None and session.visitor_id and session.visitor_id == request.get_visitor_id():
        return session
    raise Http404
