import json
import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.access import permission_required
from accounts.roles import can_handle_tickets, can_write_articles
from core.clientip import client_ip
from core.htmx import render_fragment
from core.throttle import throttle
from moderation.api import honeypot_tripped
from support import integrations, querysets, ratelimit, services, webhooks
from support.access import get_help_session_for, get_ticket_for, recent_help_session_for
from support.forms import AssignForm, ReplyForm, SolveForm, StatusForm, TicketForm
from support.models import HelpSession, InboundWebhook, Ticket

logger = logging.getLogger(__name__)
User = get_user_model()
SENT_KEY = "support_sent_tickets"


def _session_or_none(request, token: str) -> HelpSession | None:
    if not token:
        return None
    try:
        return get_help_session_for(request, token)
    except Http404:
        return None


# --- Get help ------------------------------------------------------------------------------


@throttle("suggest")
def get_help(request):
    """Describe the problem; suggestions appear as you type (htmx) or after
    pressing the button (no JS). Typing starts a help session."""
    query = request.GET.get("q", "").strip()[:500]
    session = _session_or_none(request, request.GET.get("session", ""))
    suggestions = integrations.suggestions(request, query) if query else []
    if query and len(query) >= 3:
        if session is None and not request.GET.get("session"):
            session = recent_help_session_for(request)  # back from a suggestion, or a reload
        if session is None:
            session = services.help_session_start(user=request.user, visitor_id=request.get_visitor_id())
        services.help_session_record(session=session, query=query, shown=suggestions)
    context = {
        "query": query,
        "session": session,
        "suggestions": suggestions,
        "ask_url": integrations.community_ask_url(query) if query else None,
    }
    return render_fragment(request, "support/get_help.html", "results", context)


def open_suggestion(request, token):
    """Records that a suggestion shown in this session was opened, then goes there.
    Only kind and id come from the link; title and address are what we showed."""
    session = get_help_session_for(request, token)
    shown = services.help_session_open(
        session=session, kind=request.GET.get("kind", "article"), object_id=request.GET.get("id", "")
    )
    if shown is None or not url_has_allowed_host_and_scheme(
        shown["url"], allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        raise Http404
    return redirect(shown["url"])


@require_POST
def solved(request, token):
    session = get_help_session_for(request, token)
    services.help_session_deflect(
        session=session, kind=request.POST.get("kind", ""), object_id=request.POST.get("id", "")
    )
    return render(request, "support/solved.html", {"session": session})


def ask_community(request, token):
    session = get_help_session_for(request, token)
    url = integrations.community_ask_url(session.query)
    if url is None:
        raise Http404
    services.help_session_ask_community(session=session)
    return redirect(url)


def contact(request):
    """The ticket form. Visitors give an email address; members' is known.
    Rate-limited per member or visitor and per IP; what was typed is kept on every error."""
    token = request.POST.get("session") or request.GET.get("session", "")
    session = _session_or_none(request, token)
    if session is None and not token and request.method == "GET" and not request.GET.get("q"):
        # Reached the form another way than from Get help: the agent still sees what was tried.
        session = recent_help_session_for(request)
    initial = {"session": session.token if session else ""}
    if session and session.query:
        initial["subject"] = session.query[:200]
    elif request.GET.get("q"):
        initial["subject"] = request.GET["q"][:200]
    form = TicketForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        if honeypot_tripped(request.POST):
            form.add_error(None, _("Your message could not be sent. Please try again."))
            status = 400
        elif form.is_valid():
            who = f"u{request.user.pk}" if request.user.is_authenticated else f"v{request.get_visitor_id()}"
            limit, window = ratelimit.ticket_limit()
            ip_limit, ip_window = ratelimit.ticket_ip_limit()
            try:
                ratelimit.hit(f"ticket:{who}", limit=limit, window=window)
                ratelimit.hit(f"ticket-ip:{client_ip(request)}", limit=ip_limit, window=ip_window)
            except ratelimit.Limited as exc:
                minutes = max(1, round(exc.retry_after / 60))
                form.add_error(
                    None,
                    ngettext(
                        "You have sent several requests in a short time. Please wait about %(minutes)s minute "
                        "and send it again; what you typed is still here.",
                        "You have sent several requests in a short time. Please wait about %(minutes)s minutes "
                        "and send it again; what you typed is still here.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
                response = render(request, "support/contact.html", {"form": form, "session": session}, status=429)
                response["Retry-After"] = str(exc.retry_after)
                return response
            ticket = services.ticket_create(
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["description"],
                requester=request.user,
                email=form.cleaned_data.get("email", ""),
                visitor_id="" if request.user.is_authenticated else request.get_visitor_id(),
                help_session=session,
            )
            sent = request.session.get(SENT_KEY, [])[-9:]
            request.session[SENT_KEY] = sent + [ticket.reference]
            return redirect("support:ticket_sent", reference=ticket.reference)
        else:
            status = 400
    elif session is not None:
        services.help_session_contact_opened(session=session)
    return render(request, "support/contact.html", {"form": form, "session": session}, status=status)


def ticket_sent(request, reference):
    ticket = Ticket.objects.filter(reference=reference).first()
    if ticket is None:
        raise Http404
    mine = request.user.is_authenticated and ticket.requester_id == request.user.pk
    if not mine and reference not in request.session.get(SENT_KEY, []):
        raise Http404
    return render(request, "support/sent.html", {"ticket": ticket})


# --- tickets -------------------------------------------------------------------------------


@login_required
def my_tickets(request):
    tickets = querysets.tickets_of(request.user).select_related("assignee").order_by("-created_at")
    page = Paginator(tickets, 25).get_page(request.GET.get("page"))
    return render(request, "support/my_tickets.html", {"page": page})


@permission_required("handle_tickets")
def inbox(request):
    status = request.GET.get("status", "active")
    assignee = request.GET.get("assignee", "")
    tickets = querysets.inbox(status=status, assignee=assignee, user=request.user)
    page = Paginator(tickets, 25).get_page(request.GET.get("page"))
    agents = _agents()
    return render(
        request,
        "support/inbox.html",
        {
            "page": page,
            "status": status,
            "assignee": assignee,
            "agents": agents,
            "statuses": Ticket.Status.choices,
        },
    )


def _agents():
    from django.db.models import Q

    return list(
        User.objects.filter(
            Q(groups__permissions__codename="handle_tickets") | Q(user_permissions__codename="handle_tickets"),
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "email")
    )


@login_required
def ticket_detail(request, pk):
    ticket = get_ticket_for(request.user, pk)
    agent = can_handle_tickets(request.user)
    context = {
        "ticket": ticket,
        "agent": agent,
        "thread": querysets.messages_for(ticket, agent=agent),
        "reply_form": ReplyForm(agent=agent),
    }
    if agent:
        context.update(
            {
                "status_form": StatusForm(initial={"status": ticket.status}),
                "assign_form": AssignForm(agents=_agents(), initial={"assignee": ticket.assignee_id or ""}),
                "solve_form": SolveForm(),
                "can_draft_article": can_write_articles(request.user),
                "tried": querysets.help_trail(ticket.help_session),
            }
        )
    return render(request, "support/ticket.html", context)


@login_required
@require_POST
def ticket_reply(request, pk):
    ticket = get_ticket_for(request.user, pk)
    agent = can_handle_tickets(request.user)
    form = ReplyForm(request.POST, agent=agent)
    if form.is_valid():
        try:
            services.ticket_reply(
                ticket=ticket,
                author=request.user,
                body=form.cleaned_data["body"],
                internal=form.cleaned_data.get("internal", False),
            )
        except services.TicketError as exc:
            messages.error(request, str(exc))
            return redirect(ticket)
        messages.success(request, _("Note added.") if form.cleaned_data.get("internal") else _("Reply sent."))
        return redirect(ticket)
    return render(
        request,
        "support/ticket.html",
        {
            "ticket": ticket,
            "agent": agent,
            "thread": querysets.messages_for(ticket, agent=agent),
            "reply_form": form,
        },
        status=400,
    )


def _agent_ticket(request, pk) -> Ticket:
    ticket = get_ticket_for(request.user, pk)
    if not can_handle_tickets(request.user):
        raise Http404
    return ticket


@permission_required("handle_tickets")
@require_POST
def ticket_status(request, pk):
    ticket = _agent_ticket(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(ticket)
    try:
        services.ticket_status_set(ticket=ticket, status=form.cleaned_data["status"], by=request.user)
    except services.TicketError:
        messages.error(
            request,
            _("A ticket cannot go from %(old)s to %(new)s.")
            % {"old": ticket.get_status_display(), "new": Ticket.Status(form.cleaned_data["status"]).label},
        )
        return redirect(ticket)
    messages.success(request, _("Status changed to %(status)s.") % {"status": ticket.get_status_display()})
    return redirect(ticket)


@permission_required("handle_tickets")
@require_POST
def ticket_assign(request, pk):
    ticket = _agent_ticket(request, pk)
    agents = _agents()
    form = AssignForm(request.POST, agents=agents)
    if not form.is_valid():
        messages.error(request, _("Choose an agent."))
        return redirect(ticket)
    chosen = form.cleaned_data["assignee"]
    assignee = next((a for a in agents if str(a.pk) == chosen), None)
    services.ticket_assign(ticket=ticket, assignee=assignee, by=request.user)
    messages.success(request, _("Assigned to %(name)s.") % {"name": assignee.name} if assignee else _("Unassigned."))
    return redirect(ticket)


@permission_required("handle_tickets")
@require_POST
def ticket_solve(request, pk):
    ticket = _agent_ticket(request, pk)
    form = SolveForm(request.POST)
    if not form.is_valid() or ticket.status == Ticket.Status.CLOSED:
        messages.error(request, _("This ticket cannot be solved now."))
        return redirect(ticket)
    services.ticket_solve(
        ticket=ticket,
        by=request.user,
        body=form.cleaned_data["body"],
        post_to_thread=form.cleaned_data["post_to_thread"],
    )
    ticket.refresh_from_db()
    if form.cleaned_data["post_to_thread"] and ticket.solution_answer_id:
        messages.success(request, _("Solved, and the solution is now an official answer in the thread."))
    elif form.cleaned_data["post_to_thread"]:
        messages.warning(request, _("Solved. The solution could not be posted to the thread."))
    else:
        messages.success(request, _("Solved."))
    return redirect(ticket)


@permission_required("write_articles")
@require_POST
def ticket_article(request, pk):
    ticket = _agent_ticket(request, pk)
    article = services.ticket_article_draft(ticket=ticket, by=request.user)
    if article is None:
        messages.error(request, _("The knowledge base cannot take drafts yet."))
        return redirect(ticket)
    messages.success(request, _("Draft article started from this ticket."))
    return redirect(integrations.article_edit_url(article))


@permission_required("handle_tickets")
@require_POST
def escalate_question(request, question_id):
    question = integrations.question_get(question_id)
    if question is None:
        raise Http404
    try:
        ticket, created = services.ticket_escalate_question(question=question, by=request.user)
    except (services.TicketError, IntegrityError):
        messages.error(request, _("This question could not be turned into a ticket."))
        return redirect(request.POST.get("next") or "support:inbox")
    if created:
        messages.success(request, _("Ticket %(ref)s created from the question.") % {"ref": ticket.reference})
    else:
        messages.info(request, _("This question already has ticket %(ref)s.") % {"ref": ticket.reference})
    return redirect(ticket)


@permission_required("handle_tickets")
def customer(request, user_id):
    """One view of the customer: community activity, tickets, help sessions."""
    member = get_object_or_404(User, pk=user_id)
    tickets = Ticket.objects.filter(requester=member).select_related("assignee").order_by("-created_at")[:20]
    return render(
        request,
        "support/customer.html",
        {
            "member": member,
            "tickets": tickets,
            "sessions": querysets.recent_help_sessions(member),
            "activity": integrations.member_activity(member),
        },
    )


# --- external helpdesk -------------------------------------------------------------------------


@permission_required("manage_community")
def deliveries(request):
    return render(
        request,
        "support/deliveries.html",
        {
            "deliveries": querysets.deliveries(),
            "configured": bool(webhooks.webhook_url()),
        },
    )


@csrf_exempt  # a server-to-server call: the HMAC signature replaces the CSRF token
@require_POST
def helpdesk_inbound(request):
    """The helpdesk tells us a ticket's new status: {"reference", "status", "external_id"}."""
    secret = webhooks.webhook_secret()
    if not webhooks.verify(request.body, request.headers.get(webhooks.SIGNATURE_HEADER, ""), secret):
        return HttpResponseForbidden("bad signature")
    try:
        data = json.loads(request.body)
        reference = str(data["reference"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "expected JSON with a reference"}, status=400)
    ticket = Ticket.objects.filter(reference=reference).first()
    if ticket is None:
        return JsonResponse({"error": "unknown ticket"}, status=404)
    status = data.get("status") or None
    if status is not None and status not in Ticket.Status.values:
        return JsonResponse({"error": "unknown status"}, status=400)
    key = request.headers.get(webhooks.IDEMPOTENCY_HEADER, "")[:100]
    if key:
        try:
            with transaction.atomic():
                InboundWebhook.objects.create(idempotency_key=key, ticket=ticket, payload=data)
        except IntegrityError:
            return JsonResponse({"ok": True, "duplicate": True})
    try:
        services.ticket_apply_inbound(ticket=ticket, status=status, external_id=str(data.get("external_id") or ""))
    except services.TicketError as exc:
        InboundWebhook.objects.filter(idempotency_key=key).delete() if key else None
        return JsonResponse({"error": str(exc)}, status=409)
    return JsonResponse({"ok": True, "status": ticket.status})
