from allauth.account.signals import user_logged_in, user_signed_up
from django.contrib import messages
from django.dispatch import receiver
from django.utils import formats
from django.utils.translation import gettext as _

from analytics import track


@receiver(user_signed_up)
def on_signed_up(request, user, **kwargs):
    track("account.signed_up", user=user, obj=user)


@receiver(user_logged_in)
def on_logged_in(request, user, **kwargs):
    track("account.logged_in", user=user, obj=user)
    if user.is_suspended:
        messages.warning(
            request,
            _("Your account is suspended until %(until)s: you can read but not post. Reason: %(reason)s")
            % {
                "until": formats.date_format(user.suspended_until, "DATETIME_FORMAT"),
                "reason": user.suspension_reason or _("not given"),
            },
        )


# --- cached permissions (accounts/backends.py) ----------------------------------------------------------


def _permissions_changed(sender, **kwargs):
    from accounts.backends import permissions_changed

    permissions_changed()


def _connect_permission_signals():
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from accounts.models import User

    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_permissions_changed, sender=through, dispatch_uid=f"perms-{through.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(_permissions_changed, sender=Group, dispatch_uid=f"perms-group-{signal}")


_connect_permission_signals()


def _email_address_changed(sender, instance, **kwargs):
    from django.core.cache import cache

    from accounts.querysets import verified_cache_key

    cache.delete(verified_cache_key(instance.user_id))


def _connect_email_signals():
    from allauth.account.models import EmailAddress
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_email_address_changed, sender=EmailAddress, dispatch_uid="verified-email-save")
    post_delete.connect(_email_address_changed, sender=EmailAddress, dispatch_uid="verified-email-delete")


_connect_email_signals()


def _authenticator_changed(sender, instance, **kwargs):
    from django.core.cache import cache

    from accounts.roles import mfa_cache_key

    cache.delete(mfa_cache_key(instance.user_id))


def _connect_mfa_signals():
    from allauth.mfa.models import Authenticator
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_authenticator_changed, sender=Authenticator, dispatch_uid="mfa-save")
    post_delete.connect(_authenticator_changed, sender=Authenticator, dispatch_uid="mfa-delete")


_connect_mfa_signals()
