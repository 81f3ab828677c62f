"""Why a post is held, in the reader's language.

A review item's details ("Post 1 of a new member", "Matches the rule …") are
stored as a message id and its arguments, not as text, because the moderator
who reads them may use another language than the member who posted. Mark the
message with ``gettext_noop`` where it is written so makemessages finds it.
Rows written before this change hold plain strings; they are shown as they are.
"""

from django.utils.translation import gettext


def detail(msgid: str, **args) -> dict:
    return {"msgid": str(msgid), "args": args}


def detail_text(value) -> str:
    if isinstance(value, dict) and "msgid" in value:
        try:
            return gettext(value["msgid"]) % value.get("args", {})
        except (KeyError, TypeError, ValueError):
            return value["msgid"]
    return str(value)
