"""The contract between moderation and the apps that create content.

Apps that own content (community, later knowledge_base comments) call these
functions; moderation never imports them. Instead each app registers a
ContentAdapter for its models (``moderation.api.register``), and moderation
acts on content only through that adapter.

Besides the required adapter methods, an adapter MAY define:

- ``state(obj) -> str``: the content's ContentState (default: ``obj.state``,
  else PUBLISHED);
- ``queryset() -> QuerySet``: the model's rows including hidden and pending
  ones, with what ``text``/``url`` need select_related (default:
  ``model._base_manager.all()``); the review queue loads content through it;
- ``title(obj) -> str``: a short label (default: the first line of ``text``);
- ``topic_choices() -> list[(id, name)]``: topics for the queue filter and the
  move form (default: none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class ContentState:
    PUBLISHED = "published"  # visible to everyone who may see its thread
    PENDING = "pending"      # held for review: visible to its author only, marked "awaiting review"
    HIDDEN = "hidden"        # hidden by a moderator or by flags: visible to its author and moderators


class ContentAdapter(Protocol):
    """What moderation needs to know about, and may do to, one kind of content."""

    kind: str  # "question", "answer", "comment", "idea"
    kind_label: str  # the kind in the reader's language (a lazy translation)

    def author(self, obj) -> Any: ...
    def text(self, obj) -> str: ...            # title + body as the member typed it
    def url(self, obj) -> str: ...
    def topic_id(self, obj) -> int | None: ...
    def set_state(self, obj, state: str) -> None: ...   # one of ContentState
    def edit(self, obj, *, body: str, editor, reason: str) -> None: ...  # keeps a revision
    # Thread-level actions; adapters for kinds that lack them raise NotImplementedError.
    def lock(self, obj, *, locked: bool, by) -> None: ...
    def pin(self, obj, *, pinned: bool, by) -> None: ...
    def move(self, obj, *, topic_id: int, by) -> None: ...
    def merge(self, obj, *, into, by) -> None: ...


_registry: dict[type, ContentAdapter] = {}


def register(model: type, adapter: ContentAdapter) -> None:
    _registry[model] = adapter


def adapter_for(obj_or_model) -> ContentAdapter:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return _registry[model]


def registered_models() -> list[type]:
    return list(_registry)


class RateLimited(Exception):
    """Raised by ``check_rate_limit``; views answer 429 with Retry-After and keep the form."""

    def __init__(self, retry_after: int, message: str):
        super().__init__(message)
        self.retry_after = retry_after
        self.message = message


@dataclass
class Screening:
    state: str = ContentState.PUBLISHED
    reasons: list[str] = field(default_factory=list)  # moderation.models.QueueReason values
    details: list[str] = field(default_factory=list)  # human-readable: the rule matched
    review_item_id: int | None = None

    @property
    def held(self) -> bool:
        return self.state == ContentState.PENDING


def check_rate_limit(*, user, action: str, text: str = "") -> None:
    """Call before saving a post. ``action`` is "question", "answer", "comment", "idea" or "flag".

    Raises RateLimited when the member is over a limit for their trust level
    (``retry_after`` in seconds, ``message`` saying when they may post again);
    a refused attempt is not counted. Staff have their own, higher limits (the
    "staff" rules). The limits are ``moderation.rules.DEFAULT_RATE_LIMITS``
    (Discourse's), overridable with settings.MODERATION_RATE_LIMITS, and count
    in the shared cache.
    """
    from moderation import rules

    joined = user.date_joined.timestamp() if getattr(user, "date_joined", None) else 0.0
    try:
        rules.check(
            user=user, action=action, text=text, trust_level=user.trust_level, joined_at=joined, staff=is_staff(user)
        )
    except rules.Limited as exc:
        raise RateLimited(exc.retry_after, exc.message) from None
    return None


def screen(*, obj, author, text: str) -> Screening:
    """Call right after a new post is saved (inside the same transaction).

    Returns the state the post must take; when held, moderation has queued it.
    The caller stores ``screening.state`` on the post.
    Held: the first posts of a trust-level-0 member, too many links or
    mentions for trust level 0, a banned phrase (whole words), text posted again
    and again. Staff are never held.
    """
    from moderation.services import post_screen

    return post_screen(obj=obj, author=author, text=text)


HONEYPOT_FIELD = "website"


def honeypot_tripped(data) -> bool:
    """Posting forms carry a hidden ``website`` field that people leave empty."""
    return bool((data or {}).get(HONEYPOT_FIELD))


# --- helpers for content apps and templates (added by the moderation issue) ---------


def is_staff(user) -> bool:
    """Moderators, managers and agents (with MFA on) are not rate limited or held."""
    from accounts.roles import is_staff as staff

    return staff(user)


def queryset_for(model):
    adapter = _registry[model]
    custom = getattr(adapter, "queryset", None)
    return custom() if custom else model._base_manager.all()


def content_state(obj) -> str:
    adapter = adapter_for(obj)
    custom = getattr(adapter, "state", None)
    if custom:
        return custom(obj)
    return getattr(obj, "state", None) or ContentState.PUBLISHED


def content_title(obj) -> str:
    adapter = adapter_for(obj)
    custom = getattr(adapter, "title", None)
    if custom:
        return custom(obj)
    first = (adapter.text(obj) or "").strip().splitlines()
    line = first[0] if first else ""
    return line if len(line) <= 80 else line[:79] + "…"


def kind_label(kind: str) -> str:
    """The translated name of a content kind ("question" -> "vraag"), from its adapter's ``kind_label``."""
    for adapter in _registry.values():
        if adapter.kind == kind:
            return str(getattr(adapter, "kind_label", "") or kind)
    return kind


def topic_choices() -> list[tuple[int, str]]:
    for adapter in _registry.values():
        custom = getattr(adapter, "topic_choices", None)
        if custom:
            return list(custom())
    return []


def _ct_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(type(obj)).pk


def flag_url(obj) -> str:
    """Where a member flags this post (a plain form; link to it from the post)."""
    from django.urls import reverse

    return reverse("moderation:flag", args=[_ct_id(obj), obj.pk])


def appeal_url(obj) -> str:
    from django.urls import reverse

    return reverse("moderation:appeal", args=[_ct_id(obj), obj.pk])


def moderate_url(obj) -> str:
    """The moderators' page for this post: state, history, hide/restore/edit/lock/pin/move/merge."""
    from django.urls import reverse

    return reverse("moderation:content", args=[_ct_id(obj), obj.pk])


def guidelines_url() -> str:
    from django.urls import reverse

    return reverse("moderation:guidelines")


def hide_notice(obj):
    """The latest notice telling the author why ``obj`` was hidden (reason, created_at), or None.

    Show it to the author next to a hidden post, with ``appeal_url(obj)``.
    """
    from moderation.models import Notice

    return Notice.objects.filter(content_type_id=_ct_id(obj), object_id=obj.pk, kind="hide").first()


def queue_size() -> int:
    """Open items in the review queue (cached for a minute; for the navigation)."""
    from django.core.cache import cache

    from moderation.models import ReviewItem

    size = cache.get("moderation:queue_size")
    if size is None:
        size = ReviewItem.objects.filter(state="open").count()
        cache.set("moderation:queue_size", size, 60)
    return size
