"""Who may do what: the one place every view, template, service and queryset asks.

Roles are Django groups holding permissions (``ROLE_PERMISSIONS``; the migration
that creates the groups and the tests read this table: change it here and add a
migration that re-applies it). Every permission in the table is a *staff
capability*. Staff must use MFA (GILDE_STAFF_MFA_REQUIRED): until a staff member
has turned it on, every predicate below treats them as a plain member, so no
view, service or query can hand them a staff capability by forgetting a check.
Staff pages (``accounts.access.permission_required``) send them to set MFA up.

Ask for the capability you need (``can_handle_tickets`` for tickets,
``is_agent`` for speaking for the company), never ``user.has_perm`` directly.
"""

from django.conf import settings
from django.core.cache import cache

from accounts.models import Role

ROLE_PERMISSIONS = {
    Role.AGENT: ["answer_officially", "handle_tickets", "write_articles", "view_internal_articles"],
    Role.MODERATOR: ["moderate", "sanction_members"],
    Role.MANAGER: [
        "manage_community", "view_metrics", "write_articles", "view_internal_articles",
        "moderate", "sanction_members", "answer_officially", "handle_tickets",
    ],
}
STAFF_ROLES = tuple(ROLE_PERMISSIONS)
STAFF_PERMISSIONS = frozenset(codename for codenames in ROLE_PERMISSIONS.values() for codename in codenames)

# Article visibilities (knowledge_base.models / search.registry use the same values;
# accounts imports neither).
EVERYONE, MEMBERS, AGENTS = "everyone", "members", "agents"

MFA_TTL = 10 * 60


def mfa_cache_key(user_id) -> str:
    return f"accounts:mfa:{user_id}"


# --- the two facts everything else is built from ---------------------------------------------------


def holds(user, codename: str) -> bool:
    """The member holds the permission ``accounts.<codename>``, MFA or not.

    Only for deciding *who would be* staff (the MFA redirect, protecting staff
    from sanctions); to decide whether someone may act, use ``may``.
    """
    return bool(user is not None and user.is_authenticated and user.has_perm(f"accounts.{codename}"))


def holds_staff_role(user) -> bool:
    return any(holds(user, codename) for codename in STAFF_PERMISSIONS)


def mfa_enabled(user) -> bool:
    """allauth's answer, memoised on the user and cached (dropped when an
    authenticator is saved or deleted: accounts/signals.py)."""
    cached = getattr(user, "_gilde_mfa", None)
    if cached is None:
        key = mfa_cache_key(user.pk)
        cached = cache.get(key)
        if cached is None:
            from allauth.mfa.utils import is_mfa_enabled

            cached = bool(is_mfa_enabled(user))
            cache.set(key, cached, MFA_TTL)
        user._gilde_mfa = cached
    return cached


def staff_needs_mfa(user) -> bool:
    """True for a staff member (a staff role, or Django's admin) who must turn on MFA
    before using any staff capability."""
    if not settings.GILDE_STAFF_MFA_REQUIRED or not (holds_staff_role(user) or getattr(user, "is_staff", False)):
        return False
    return not mfa_enabled(user)


def may(user, codename: str) -> bool:
    """May this member use the capability ``accounts.<codename>`` now?"""
    if not holds(user, codename):
        return False
    return codename not in STAFF_PERMISSIONS or not staff_needs_mfa(user)


# --- roles -----------------------------------------------------------------------------------------


def is_agent(user) -> bool:
    """Speaks for the company: official answers, accepting for the asker, support badges."""
    return may(user, "answer_officially")


def is_moderator(user) -> bool:
    return may(user, "moderate")


def is_manager(user) -> bool:
    return may(user, "manage_community")


def is_staff(user) -> bool:
    """Moderators, agents and managers (and superusers with MFA): not rate limited or held."""
    return is_moderator(user) or is_agent(user) or is_manager(user)


# --- capabilities ---------------------------------------------------------------------------------


def can_handle_tickets(user) -> bool:
    return may(user, "handle_tickets")


def can_write_articles(user) -> bool:
    return may(user, "write_articles")


def can_read_internal_articles(user) -> bool:
    return may(user, "view_internal_articles")


def can_sanction(user) -> bool:
    return may(user, "sanction_members")


def can_view_metrics(user) -> bool:
    return may(user, "view_metrics")


def can_set_idea_status(user) -> bool:
    return is_agent(user) or is_manager(user)


def article_visibilities(user) -> list[str]:
    """The article visibilities this reader may see (THE rule for articles and search)."""
    if user is None or not user.is_authenticated:
        return [EVERYONE]
    if can_read_internal_articles(user):
        return [EVERYONE, MEMBERS, AGENTS]
    return [EVERYONE, MEMBERS]


def ensure_roles() -> None:
    """(Re)create the role groups with their permissions. The migration does this
    once; tests that flush the database (live-server tests) call it again."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User

    content_type = ContentType.objects.get_for_model(User)
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for codename in codenames:
            perm, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
            )
            perms.append(perm)
        group.permissions.set(perms)
