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
