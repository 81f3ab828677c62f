from django.db import transaction
from django.db.models import F

from accounts.models import User


def user_end_sessions(*, user: User) -> None:
    """Log the user out everywhere: every stored session hash stops matching."""
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
    user.refresh_from_db(fields=["session_version"])


@transaction.atomic
def user_suspend(*, user: User, until, reason: str) -> None:
    user.suspended_until = until
    user.suspension_reason = reason
    user.save(update_fields=["suspended_until", "suspension_reason"])
    user_end_sessions(user=user)


@transaction.atomic
def user_lift_suspension(*, user: User) -> None:
    user.suspended_until = None
    user.suspension_reason = ""
    user.save(update_fields=["suspended_until", "suspension_reason"])


@transaction.atomic
def user_deactivate(*, user: User) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_end_sessions(user=user)


def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def user_set_trust_level(*, user: User, level: int) -> None:
    User.objects.filter(pk=user.pk).update(trust_level=level)
    user.trust_level = level



@transaction.atomic
def user_reactivate(*, user: User) -> None:
    """Lift a ban: the member may sign in again (their old sessions stay ended)."""
    user.is_active = True
    user.save(update_fields=["is_active"])


def user_set_email_notifications(*, user: User, preference: str) -> None:
    """How often the member wants email about what they follow (one-click unsubscribe sets "never")."""
    from accounts.models import EmailPreference

    if preference not in EmailPreference.values:
        raise ValueError(f"unknown email preference {preference!r}")
    User.objects.filter(pk=user.pk).update(email_notifications=preference)
    user.email_notifications = preference
