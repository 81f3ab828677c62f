"""The contract between moderation and the apps that create content.

Apps that own content (community, later knowledge_base comments) call these
functions; moderation never imports them. Instead each app registers a
ContentAdapter for its models (``moderation.api.register``), and moderation
acts on content only through that adapter.

This file fixes the interface. The moderation issue fills in the behaviour
(rules, rate limits, review queue); until then every post is published.
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
    reasons: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.state == ContentState.PENDING


def check_rate_limit(*, user, action: str, text: str = "") -> None:
    """Call before saving a post. ``action`` is "question", "answer", "comment", "idea" or "flag".

    Raises RateLimited when the member is over a limit for their trust level.
    """
    return None


def screen(*, obj, author, text: str) -> Screening:
    """Call right after a new post is saved (inside the same transaction).

    Returns the state the post must take; when held, moderation has queued it.
    The caller stores ``screening.state`` on the post.
    """
    return Screening()


HONEYPOT_FIELD = "website"


def honeypot_tripped(data) -> bool:
    """Posting forms carry a hidden ``website`` field that people leave empty."""
    return bool((data or {}).get(HONEYPOT_FIELD))
