"""Which permissions each role has. The migration that creates the groups and
tests read this table; change it here and add a migration that re-applies it."""

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
