from django.utils.functional import SimpleLazyObject

from accounts import roles as rules


def roles(request):
    """``can.<capability>`` for templates, from accounts.roles (MFA rule included)."""
    user = getattr(request, "user", None)

    def compute():
        if not user or not user.is_authenticated:
            return {}
        return {
            "agent": rules.is_agent(user),
            "tickets": rules.can_handle_tickets(user),
            "writer": rules.can_write_articles(user),
            "moderator": rules.is_moderator(user),
            "sanction": rules.can_sanction(user),
            "manager": rules.is_manager(user),
            "metrics": rules.can_view_metrics(user),
            # A staff member whose staff tools stay off until they turn on MFA.
            "needs_mfa": rules.staff_needs_mfa(user),
        }

    return {"can": SimpleLazyObject(compute)}
