from allauth.account.models import EmailAddress
from django.core.cache import cache

VERIFIED_TTL = 10 * 60


def verified_cache_key(user_id) -> str:
    return f"accounts:verified-email:{user_id}"


def has_verified_email(user) -> bool:
    """Whether the member has a verified address (the posting gate asks on every page).

    Only a yes is cached (10 minutes, dropped whenever one of their addresses is
    saved or deleted: accounts/signals.py), so a member who just verified can
    post at once.
    """
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        key = verified_cache_key(user.pk)
        cached = bool(cache.get(key))
        if not cached:
            cached = EmailAddress.objects.filter(user=user, verified=True).exists()
            if cached:
                cache.set(key, True, VERIFIED_TTL)
        user._has_verified_email = cached
    return cached
