from django.http import Http404

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
