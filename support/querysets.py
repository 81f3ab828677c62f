from support.models import HelpSession, Ticket, TicketMessage, WebhookDelivery


def inbox(*, status: str = "", assignee: str = "", user=None):
    """Agents' inbox. ``status`` "active" (default) hides solved and closed;
    ``assignee`` is "me", "none" or an agent's id."""
    qs = Ticket.objects.select_related("requester", "assignee")
    if status == "active" or not status:
        qs = qs.filter(status__in=[Ticket.Status.NEW, Ticket.Status.OPEN, Ticket.Status.PENDING])
    elif status != "all":
        qs = qs.filter(status=status)
    if assignee == "me" and user is not None:
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee.isdigit():
        qs = qs.filter(assignee_id=int(assignee))
    return qs.order_by("-updated_at", "-pk")


def tickets_of(user):
    """A customer's own tickets: the ones they filed signed in. (Tickets filed as a
    visitor stay with the email address; matching them by address would hand them
    to whoever holds that address later.)"""
    return Ticket.objects.filter(requester=user)


def messages_for(ticket, *, agent: bool):
    qs = TicketMessage.objects.filter(ticket=ticket).select_related("author")
    if not agent:
        qs = qs.filter(internal=False)
    return qs.order_by("created_at", "pk")


def help_trail(session) -> list[dict]:
    """What the customer tried in Get help before writing, for the agent: every suggestion
    we showed ({"kind", "title", "url"}), with ``opened`` and ``helpful`` marks. Only what
    the server suggested is listed (titles and addresses never come from the request)."""
    if session is None:
        return []
    opened = {(o.get("kind"), o.get("id")) for o in session.opened}
    helpful = {(h.get("kind"), h.get("id")) for h in session.helpful}
    return [
        {
            "kind": s["kind"],
            "title": s["title"],
            "url": s["url"],
            "opened": (s["kind"], s["id"]) in opened,
            "helpful": (s["kind"], s["id"]) in helpful,
        }
        for s in session.shown
    ]


def recent_help_sessions(user, *, limit: int = 10):
    return HelpSession.objects.filter(user=user).order_by("-started_at")[:limit]


def deliveries(*, limit: int = 100):
    return WebhookDelivery.objects.select_related("ticket").order_by("-created_at")[:limit]
