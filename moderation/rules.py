"""Rules that need no database: text analysis, settings, and rate limits.

Rate limits live in the shared cache (Redis in production) with atomic
operations only: ``cache.add`` (set-if-absent) and ``cache.incr``. That way the
limits hold when several web processes on several machines serve the site.
The file-based cache used by the single-machine default is shared by the
processes of ONE machine only, and its ``incr`` is not atomic; run Redis
(REDIS_URL) as soon as more than one machine serves the site.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from copy import deepcopy
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Discourse's defaults. Override any part with settings.MODERATION_RATE_LIMITS.
DEFAULT_RATE_LIMITS: dict = {
    # trust level 0: one question per 120 s and 3 on the first day; one answer or comment per 30 s, 10 on day one
    "new": {
        "question": {"interval": 120, "first_day": 3},
        "idea": {"interval": 120, "first_day": 3},
        "answer": {"interval": 30, "first_day": 10},
        "comment": {"interval": 30, "first_day": 10},
    },
    # trust level 1 and up: one question per 15 s and 20 a day; one post per 5 s
    "member": {
        "question": {"interval": 15, "per_day": 20},
        "idea": {"interval": 15, "per_day": 20},
        "answer": {"interval": 5},
        "comment": {"interval": 5},
    },
    "flag": {"per_day": 20},
    # Agents, moderators and managers: far more, but not unlimited (a stolen staff session
    # must not be able to flood the site). No duplicate check: agents paste prepared answers.
    "staff": {
        "question": {"interval": 5, "per_day": 100},
        "idea": {"interval": 5, "per_day": 100},
        "answer": {"interval": 2, "per_day": 500},
        "comment": {"interval": 2, "per_day": 500},
    },
    "staff_flag": {"per_day": 200},
    "duplicate_seconds": 300,
    "max_links_new": 2,
    "max_mentions_new": 2,
}

DAY = 24 * 60 * 60


def _merge(base: dict, override: dict) -> dict:
    merged = deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def rate_limits() -> dict:
    return _merge(DEFAULT_RATE_LIMITS, getattr(settings, "MODERATION_RATE_LIMITS", {}))


def setting(name: str, default):
    return getattr(settings, name, default)


def auto_hide_flags() -> int:
    return setting("MODERATION_AUTO_HIDE_FLAGS", 3)


def auto_hide_min_trust() -> int:
    return setting("MODERATION_AUTO_HIDE_MIN_TRUST_LEVEL", 1)


def new_member_held_posts() -> int:
    return setting("MODERATION_NEW_MEMBER_HELD_POSTS", 2)


def repeat_threshold() -> int:
    """Hold a post when the same text was already posted this many times in a day."""
    return setting("MODERATION_REPEATED_TEXT_THRESHOLD", 2)


def claim_minutes() -> int:
    return setting("MODERATION_CLAIM_MINUTES", 30)


def remind_after_hours() -> int:
    return setting("MODERATION_REMIND_AFTER_HOURS", 24)


# --- text --------------------------------------------------------------------

_WS = re.compile(r"\s+")
_LINK = re.compile(r"(?:https?://|\bwww\.)[^\s<>()\[\]]+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@.])@[\w][\w.-]*", re.UNICODE)


def normalise(text: str) -> str:
    return _WS.sub(" ", (text or "").strip()).casefold()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def count_links(text: str) -> int:
    return len(set(_LINK.findall(text or "")))


def count_mentions(text: str) -> int:
    return len(set(m.lower() for m in _MENTION.findall(text or "")))


def phrase_pattern(phrase: str) -> re.Pattern:
    """A whole-word, case-insensitive pattern: a rule for "cum" never matches "document"."""
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE | re.UNICODE)


@lru_cache(maxsize=32)
def _compiled(phrases: tuple[str, ...]) -> list[tuple[str, re.Pattern]]:
    return [(p, phrase_pattern(p)) for p in phrases if p.strip()]


def matching_phrases(text: str, phrases) -> list[str]:
    return [p for p, pattern in _compiled(tuple(phrases)) if pattern.search(text or "")]


# --- rate limits -------------------------------------------------------------


def now() -> float:
    return time.time()


def _keep_ttl(key: str, ttl: int) -> None:
    # BaseCache.incr is get + set with the default timeout; Redis and LocMem keep the TTL.
    if type(caches["default"]).incr is BaseCache.incr:
        cache.touch(key, ttl)


def _count(key: str, *, window_end: float, t: float) -> int:
    ttl = max(1, math.ceil(window_end - t))
    cache.add(key, 0, ttl)
    try:
        n = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, ttl)
        n = 1
    if n is None:
        return 0  # the cache is unreachable: posting limits fail open (docs/operations.md)
    _keep_ttl(key, ttl)
    return n


def _uncount(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:
        pass


def wait_text(seconds: int) -> str:
    seconds = max(1, int(seconds))
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours, minutes = divmod(minutes, 60)
    text = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    if minutes:
        text += " " + ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return text


def _at(t: float, seconds: int) -> str:
    moment = timezone.localtime(datetime.fromtimestamp(t + seconds, tz=timezone.get_current_timezone()))
    return formats.time_format(moment, "H:i")


class Limited(Exception):
    def __init__(self, retry_after: int, message: str):
        super().__init__(message)
        self.retry_after = retry_after
        self.message = message


def check(*, user, action: str, text: str = "", trust_level: int, joined_at: float, staff: bool = False) -> None:
    """Count one attempt of ``action``; raise Limited when over a limit, counting nothing.

    Order matters: the duplicate check only reads, the interval and daily
    counters roll back when a later check refuses, and the duplicate marker is
    written last, so a member who waits and resubmits the same text is not then
    refused as a duplicate.
    """
    limits = rate_limits()
    t = now()
    uid = user.pk
    dup_seconds = int(limits.get("duplicate_seconds") or 0)
    dup_key = None
    if text and action != "flag" and dup_seconds and not staff:
        dup_key = f"mod:rl:{uid}:dup:{text_hash(text)}"
        until = cache.get(dup_key)
        if until and until > t:
            wait = math.ceil(until - t)
            raise Limited(wait, _(
                "You posted this same text a moment ago. If you meant to post it again, change it or wait "
                "%(wait)s (until %(time)s)."
            ) % {"wait": wait_text(wait), "time": _at(t, wait)})

    if staff:
        rule = (limits.get("staff_flag") if action == "flag" else (limits.get("staff") or {}).get(action)) or {}
    elif action == "flag":
        rule = limits.get("flag") or {}
    else:
        rule = (limits["new"] if trust_level == 0 else limits["member"]).get(action) or {}

    consumed: list[str] = []

    def refuse(wait: int, message: str):
        for key in consumed:
            if key.endswith(":interval"):
                cache.delete(key)
            else:
                _uncount(key)
        raise Limited(wait, message)

    interval = int(rule.get("interval") or 0)
    if interval:
        key = f"mod:rl:{uid}:{action}:interval"
        # add() answers None (not False) when the cache is unreachable: fail open.
        if cache.add(key, t + interval, interval) is False:
            until = cache.get(key) or (t + interval)
            wait = max(1, math.ceil(until - t))
            refuse(wait, _(
                "You are posting too quickly. You can post again in %(wait)s (at %(time)s). "
                "What you typed is kept below."
            ) % {"wait": wait_text(wait), "time": _at(t, wait)})
        consumed.append(key)

    first_day = int(rule.get("first_day") or 0)
    if first_day and t - joined_at < DAY:
        key = f"mod:rl:{uid}:{action}:firstday"
        end = joined_at + DAY
        n = _count(key, window_end=end, t=t)
        consumed.append(key)
        if n > first_day:
            wait = math.ceil(end - t)
            refuse(wait, _(
                "New members can post %(limit)d of these on their first day. You can post again in %(wait)s "
                "(at %(time)s). What you typed is kept below."
            ) % {"limit": first_day, "wait": wait_text(wait), "time": _at(t, wait)})

    per_day = int(rule.get("per_day") or 0)
    if per_day:
        key = f"mod:rl:{uid}:{action}:day"
        end_key = key + ":end"
        cache.add(end_key, t + DAY, DAY)
        end = cache.get(end_key) or (t + DAY)
        n = _count(key, window_end=end, t=t)
        consumed.append(key)
        if n > per_day:
            wait = max(1, math.ceil(end - t))
            if action == "flag":
                message = _("You can flag %(limit)d posts a day. You can flag again in %(wait)s (at %(time)s).")
            else:
                message = _(
                    "You have reached the limit of %(limit)d a day. You can post again in %(wait)s (at %(time)s). "
                    "What you typed is kept below."
                )
            refuse(wait, message % {"limit": per_day, "wait": wait_text(wait), "time": _at(t, wait)})

    if dup_key and cache.add(dup_key, t + dup_seconds, dup_seconds) is False:  # None: cache away, fail open
        refuse(dup_seconds, _("You posted this same text a moment ago."))
