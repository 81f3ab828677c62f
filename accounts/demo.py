"""Demo members: one per role plus a handful of customers."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import Role, User

DEMO_PASSWORD = "gilde-demo-2026"

ROLE_ACCOUNTS = [
    # email, display name, role, trust level, language
    ("member@example.com", "Sanne de Vries", None, 1, "nl"),
    ("agent@example.com", "Joris Bakker (Velora support)", Role.AGENT, 2, "en"),
    ("moderator@example.com", "Fatima El Amrani", Role.MODERATOR, 3, "nl"),
    ("manager@example.com", "Lotte Visser", Role.MANAGER, 4, "en"),
]
CUSTOMERS = [
    ("pieter@example.com", "Pieter Jansen", 2, "nl"),
    ("emma@example.com", "Emma Clarke", 3, "en"),
    ("daan@example.com", "Daan Mulder", 1, "nl"),
    ("noor@example.com", "Noor Hendriks", 2, "nl"),
    ("liam@example.com", "Liam O'Brien", 1, "en"),
    ("ayla@example.com", "Ayla Demir", 0, "nl"),
    ("tom@example.com", "Tom Peeters", 3, "nl"),
    ("grace@example.com", "Grace Müller", 2, "en"),
]


def _member(email, name, trust, language, role=None) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "trust_level": trust, "language": language}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if role:
            user.groups.add(Group.objects.get(name=role))
    return user, created


def load(out) -> dict:
    made = 0
    for email, name, role, trust, lang in ROLE_ACCOUNTS:
        made += _member(email, name, trust, lang, role)[1]
    for email, name, trust, lang in CUSTOMERS:
        made += _member(email, name, trust, lang)[1]
    out(f"members: {made} created")
    return {"members": made}


def accounts_summary() -> list[tuple[str, str]]:
    return [(role or "Member", email) for email, _name, role, _t, _l in ROLE_ACCOUNTS]
