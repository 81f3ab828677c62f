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
