"""Why a post is held, in the reader's language.

A review item's details ("Post 1 of a new member", "Matches the rule …") and
the audit log's automatic reasons are stored as a message id and its arguments,
not as text, because the moderator who reads them may use another language than
the member whose post triggered them. Mark a message with ``gettext_noop``
where it is written so makemessages finds it; counted messages live in COUNTED
(ngettext_lazy picks "1 link" or "3 links" from ``n`` when shown).
Rows written before this change hold plain strings; they are shown as they are.
"""

from django.utils.translation import gettext, ngettext_lazy

COUNTED = {
    "links": ngettext_lazy(
        "%(n)d link; new members may post %(max)d", "%(n)d links; new members may post %(max)d", "n"
    ),
    "mentions": ngettext_lazy(
        "%(n)d mention; new members may mention %(max)d", "%(n)d mentions; new members may mention %(max)d", "n"
    ),
    "flagged": ngettext_lazy("%(n)d member flagged this post", "%(n)d members flagged this post", "n"),
}


def detail(msgid: str, **args) -> dict:
    return {"msgid": str(msgid), "args": args}


def counted(key: str, *, n: int, **args) -> dict:
    """A detail from COUNTED, e.g. ``counted("links", n=3, max=1)``."""
    assert key in COUNTED, key
    return {"counted": key, "args": {"n": n, **args}}


def detail_text(value) -> str:
    if isinstance(value, dict):
        args = value.get("args", {})
        try:
            if value.get("counted") in COUNTED:
                return str(COUNTED[value["counted"]] % args)
            if "msgid" in value:
                return gettext(value["msgid"]) % args
        except (KeyError, TypeError, ValueError):
            pass
        return str(value.get("msgid") or value.get("counted") or "")
    return str(value)
