"""Moderators see a member's sanctions on the public profile; nobody else does."""

from accounts.roles import is_moderator
from moderation.models import Sanction


def sanctions_section(request, member):
    user = request.user
    if not is_moderator(user):
        return None
    sanctions = list(Sanction.objects.filter(member=member).select_related("created_by")[:5])
    return "moderation/_profile_section.html", {"member": member, "sanctions": sanctions}
