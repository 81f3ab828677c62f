"""In-site notifications and their emails.

A notification row is unique per (recipient, key), so a retried task creates
nothing new; its email is claimed with a conditional UPDATE of ``emailed_at``
before it is sent, so it goes out once.
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from community.models import Notification, NotificationKind

User = get_user_model()
MENTION_RE = re.compile(r"(?<![\w@/])@([\w.\-]{2,40})")
UNSUBSCRIBE_SALT = "community.unsubscribe"
# True while the demo is loaded: content is created without notifying or emailing anyone.
quiet: ContextVar[bool] = ContextVar("community_quiet", default=False)


def unread_cache_key(member_id: int) -> str:
    return f"community:unread:{member_id}"


UNREAD_TTL = 6 * 60 * 60


def unread_count(member, *, fresh: bool = False) -> int:
    """The bell's number. Cached (warmed at sign-in, dropped when it changes), so a
    page usually costs no query and at most one small indexed COUNT."""
    key = unread_cache_key(member.pk)
    count = None if fresh else cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=member, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_TTL)
    return count


_BELL_ICON = (
    '<svg class="bell-icon" aria-hidden="true" focusable="false" width="22" height="22" viewBox="0 0 24 24" '
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
    '<path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9"/><path d="M13.73 21a2 2 0 0 1-3.46 0"/></svg>'
)


@functools.lru_cache(maxsize=8)
def _notifications_url_for(prefix: str) -> str:
    return reverse("community:notifications")


def _notifications_url() -> str:
    return _notifications_url_for(get_script_prefix())


def bell_html(request) -> str:
    """The header's notification bell with the unread count (core.layout header part)."""
    n = unread_count(request.user)
    label = ngettext("Notifications: %(n)s unread", "Notifications: %(n)s unread", n) % {"n": n}
    count = f'<span class="bell-count" aria-hidden="true">{n}</span>' if n else ""
    return (
        f'<a class="bell" href="{_notifications_url()}" title="{escape(gettext("Notifications"))}">'
        f'{_BELL_ICON}{count}<span class="visually-hidden">{escape(label)}</span></a>'
    )


def warm_unread_count(sender, request, user, **kwargs):
    """user_logged_in receiver: count once at sign-in instead of on the first page."""
    unread_count(user, fresh=True)


def handle(user) -> str:
    """How members mention someone: the display name without spaces (``@EmmaClarke``)."""
    return re.sub(r"\W", "", user.name).lower()


def mentioned_member_ids(text: str, *, participants=()) -> set[int]:
    """Members named with ``@handle``: a thread participant's display name without
    spaces, or any member's email name (the part before the @)."""
    names = {m.lower().rstrip(".-") for m in MENTION_RE.findall(text or "")}
    if not names:
        return set()
    found = {p.pk for p in participants if handle(p) in names}
    by_email = Q()
    for name in list(names)[:20]:
        by_email |= Q(email__istartswith=f"{name}@")
    found |= set(User.objects.filter(by_email, is_active=True).values_list("pk", flat=True))
    return found


def notify(*, recipients, kind: str, key: str, title: str, url: str, actor=None) -> None:
    actor_id = getattr(actor, "pk", actor)
    ids = {int(r) for r in recipients if r and r != actor_id}
    if not ids or quiet.get():
        return
    Notification.objects.bulk_create(
        [Notification(recipient_id=r, kind=kind, key=key, title=title[:300], url=url, actor_id=actor_id) for r in ids],
        ignore_conflicts=True,
    )

    from community.tasks import send_notification_email
    from core import jobs

    # The emails are owed in this transaction (outbox rows), not after it: a lost
    # broker or a killed worker cannot drop them.
    pending = Notification.objects.filter(
        key=key,
        recipient_id__in=ids,
        emailed_at__isnull=True,
        recipient__email_notifications="immediately",
    ).values_list("pk", flat=True)
    for pk in pending:
        jobs.enqueue(send_notification_email, pk)
    transaction.on_commit(lambda: cache.delete_many([unread_cache_key(r) for r in ids]))


def message(n: Notification) -> str:
    actor = n.actor.name if n.actor_id and n.actor else _("Someone")
    texts = {
        NotificationKind.ANSWER: _("%(actor)s answered “%(title)s”"),
        NotificationKind.COMMENT: _("%(actor)s commented on “%(title)s”"),
        NotificationKind.MENTION: _("%(actor)s mentioned you in “%(title)s”"),
        NotificationKind.ACCEPTED: _("Your answer to “%(title)s” was accepted"),
        NotificationKind.NEW_QUESTION: _("New question: “%(title)s”"),
        NotificationKind.IDEA_STATUS: _("The status of the idea “%(title)s” changed"),
        NotificationKind.BADGE: _("You earned the badge “%(title)s”"),
    }
    text = texts.get(n.kind, _("Update on “%(title)s”"))
    title = n.title
    if n.kind == NotificationKind.BADGE:
        # The stored title is in the language of the moment it was awarded; name
        # the badge in the reader's language from its key ("badge:first_answer").
        from community.recognition import BADGES

        badge = BADGES.get((n.key or "").removeprefix("badge:"))
        title = str(badge.name) if badge else title
    return text % {"actor": actor, "title": title}


def unsubscribe_token(member) -> str:
    return signing.dumps({"m": member.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def member_for_unsubscribe_token(token: str):
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("m")).first()


def unsubscribe_url(member) -> str:
    return settings.SITE_URL + reverse("community:unsubscribe", args=[unsubscribe_token(member)])


def _headers(member) -> dict:
    url = unsubscribe_url(member)
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def email_one(n: Notification) -> None:
    from django.utils import translation

    from core import emails

    member = n.recipient
    with translation.override(member.language or None):
        text = " ".join(message(n).split())  # one line: it is also the subject
    emails.send(
        "community-notification",
        member.email,
        {
            "member": member,
            "notification": n,
            "text": text,
            "url": settings.SITE_URL + n.url,
            "unsubscribe_url": unsubscribe_url(member),
        },
        language=member.language or None,
        headers=_headers(member),
    )


def email_digest(member, notifications) -> None:
    from django.utils import translation

    from core import emails

    with translation.override(member.language or None):
        items = [{"text": message(n), "url": settings.SITE_URL + n.url} for n in notifications]
    emails.send(
        "community-digest",
        member.email,
        {
            "member": member,
            "items": items,
            "count": len(items),
            "unsubscribe_url": unsubscribe_url(member),
            "notifications_url": settings.SITE_URL + reverse("community:notifications"),
        },
        language=member.language or None,
        headers=_headers(member),
    )
