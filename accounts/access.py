"""Server-side permission checks shared by every app."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.querysets import has_verified_email
from accounts.roles import holds, staff_needs_mfa


def permission_required(perm: str):
    """Staff pages: signed in, holding ``accounts.<perm>``, and with MFA on
    (the MFA rule itself is accounts.roles.staff_needs_mfa).

    Anonymous visitors go to the login page, members without the permission
    get 403, staff without MFA are sent to set it up.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not holds(user, perm):
                raise PermissionDenied
            if staff_needs_mfa(user):
                messages.warning(request, _("Staff pages need two-factor authentication. Turn it on to continue."))
                return redirect("mfa_index")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_mfa_for_admin(site) -> None:
    """Django's admin is a staff capability too: an is_staff account without MFA is
    refused by the admin and sent to set MFA up (call before ``site.urls`` is read)."""
    has_permission, login = site.has_permission, site.login

    def has_permission_with_mfa(request):
        return has_permission(request) and not staff_needs_mfa(request.user)

    @wraps(login)
    def login_or_mfa(request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_staff and staff_needs_mfa(request.user):
            messages.warning(request, _("Staff pages need two-factor authentication. Turn it on to continue."))
            return redirect("mfa_index")
        return login(request, *args, **kwargs)

    site.has_permission = has_permission_with_mfa
    site.login = login_or_mfa


def posting_block_reason(user) -> str | None:
    """Why this user may not post right now, or None when they may.

    Every app that creates content asks this before it saves anything.
    """
    if not user.is_authenticated:
        return _("Sign in to post.")
    if not user.is_active:
        return _("This account is deactivated.")
    if not has_verified_email(user):
        return _("Verify your email address before you post. We sent you a link.")
    if user.is_suspended:
        until = formats.date_format(user.suspended_until, "DATETIME_FORMAT")
        return _("You are suspended until %(until)s and cannot post. Reason: %(reason)s") % {
            "until": until,
            "reason": user.suspension_reason or _("not given"),
        }
    return None


def can_post(user) -> bool:
    return posting_block_reason(user) is None


def posting_allowed(view):
    """For views that create content: refuse with 403 and the reason."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        reason = posting_block_reason(request.user)
        if reason:
            raise PermissionDenied(reason)
        return view(request, *args, **kwargs)

    return wrapped
