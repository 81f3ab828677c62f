from allauth.account.models import EmailAddress


def has_verified_email(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = user._has_verified_email = EmailAddress.objects.filter(user=user, verified=True).exists()
    return cached
