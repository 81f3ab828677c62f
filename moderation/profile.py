"""Moderators see a member's sanctions on the public profile; nobody else does."""

from moderation.models import Sanction


def sanctions_section(request, member):
    user = request.user
    if not (user.is_authenticated and user.has_perm("accounts.moderate")):
        return None
    sanctions = list(Sanction.objects.filter(member=member).select_related("created_by")[:5])
    return "moderation/_profile_section.html", {"member": member, "sanctions": sanctions}
