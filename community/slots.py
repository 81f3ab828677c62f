"""The viewer's own controls on a question page, filled into the shared rendering.

The thread (question, answers, comments, authors, badges) is the same for
every reader who sees only published posts, so it is rendered once per
question, answer page, language and version and shared by visitors and members
alike (community/pagecache.py). What differs per reader is small: the vote
buttons and whether they are pressed, edit/delete/flag/moderate/accept links,
the follow and lock forms, the comment and answer forms, and the CSRF token in
each form. The template leaves a marker where such a control goes::

    <!--gs:vote:answer:123:45:7-->        kind, pk, author id, score
    <!--gs:aactions:123:45:vad-->        answer pk, author id, flags (visible, deleted, accepted)

and ``Compiled.fill()`` replaces every marker with this reader's HTML, built here with
plain string formatting (no template rendering per answer: that was ~80 % of
the page's time). Markers are HTML comments: Markdown is rendered with raw
HTML off and sanitised (comments stripped) and titles are escaped, so a marker
can only come from our template.

Every control that changes data is still checked on the server by its view;
these are only the links and forms a reader is shown.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

MARKER = re.compile(r"<!--gs:(\w+)((?::[\w-]*)*)-->")
_SENTINEL = 987654321


@lru_cache(maxsize=256)
def _pattern(prefix: str, name: str, *before) -> str:
    return reverse(name, args=[*before, _SENTINEL])


_SENTINEL_TEXT = str(_SENTINEL)


@lru_cache(maxsize=4)
def _content_type_ids() -> dict:
    from django.contrib.contenttypes.models import ContentType

    from community.models import Answer, Comment, Question

    return {kind: ContentType.objects.get_for_model(m).pk for kind, m in
            (("question", Question), ("answer", Answer), ("comment", Comment))}




@dataclass
class Viewer:
    """What the controls depend on: who reads, with which rights, and their own votes."""

    request: object
    question: object
    member_id: int | None = None
    moderator: bool = False
    agent: bool = False
    can_post: bool = False
    can_accept: bool = False
    following: bool = False
    votes: dict = field(default_factory=dict)  # ("q"|"a", pk) -> 1 / -1
    answer_form_html: str = ""
    comment_error_for: object = None
    rate_limit_message: str = ""

    def __post_init__(self):
        self._token = None
        self._honeypot = None
        self.labels = _labels(get_language() or "")
        self._prefix = get_script_prefix()  # a thread-local lookup: once per page, not per link

    def url(self, name: str, pk, *before) -> str:
        """reverse(name, args=[*before, pk]) from a cached pattern (reverse() costs ~25 µs a call)."""
        return _pattern(self._prefix, name, *before).replace(_SENTINEL_TEXT, str(pk))

    def moderation_url(self, name: str, kind: str, pk) -> str:
        return self.url(name, pk, _content_type_ids()[kind])

    @property
    def csrf_token(self) -> str:
        """One token for every form on the page (the answer form uses it too)."""
        token = getattr(self.request, "_gilde_csrf_token", None)
        if token is None:
            token = self.request._gilde_csrf_token = get_token(self.request)
        return token

    @property
    def honeypot(self) -> str:
        if self._honeypot is None:
            self._honeypot = honeypot_html(self)
        return self._honeypot

    @property
    def csrf(self) -> str:
        if self._token is None:
            self._token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf_token}">'
        return self._token

    @property
    def can_answer(self) -> bool:
        return not self.question.is_locked and self.question.is_visible

    def login_url(self) -> str:
        """The sign-in page, back here afterwards (as ``{% url 'account_login' %}?next={{ path|urlencode }}``)."""
        return escape(f"{_url_plain('account_login')}?next={quote(self.request.get_full_path(), safe='/')}")


@lru_cache(maxsize=8)
def _url_plain(name: str) -> str:
    return reverse(name)


@lru_cache(maxsize=8)
def _labels(language: str) -> dict:
    """The translated, escaped labels of the controls (one lookup per language and process)."""
    words = {
        "useful": _("This is useful"),
        "not_useful": _("This is not useful"),
        "vote_up": _("Vote up"),
        "vote_down": _("Vote down"),
        "score": _("Score"),
        "sign_in_vote": _("Sign in to vote"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "restore": _("Restore"),
        "history": _("History"),
        "flag": _("Flag"),
        "moderate": _("Moderate"),
        "follow": _("Follow"),
        "unfollow": _("Unfollow"),
        "lock": _("Lock"),
        "unlock": _("Unlock"),
        "ticket": _("Support ticket (open or create)"),
        "mark_support": _("Mark “answered by support”"),
        "unmark_support": _("Unmark “answered by support”"),
        "accept": _("Accept as solution"),
        "unaccept": _("Unaccept"),
        "add_comment": _("Add a comment"),
        "comment": _("Comment"),
        "honeypot": _("Leave this field empty"),
        "locked": _("This question is locked: it takes no new answers or comments."),
        "sign_in_answer": _("Sign in to answer."),
        "cannot_post": _("You cannot post right now."),
        "your_answer": _("Your answer"),
    }
    return {k: escape(v) for k, v in words.items()}


# --- the controls ---------------------------------------------------------------------------------------


def vote_html(v: Viewer, kind: str, pk, author_id, score, my_vote: int = 0) -> str:
    """The score with up/down buttons for members who are not the author (also ``{% vote_widget %}``)."""
    L = v.labels
    box = f"vote-{kind}-{pk}"
    if v.member_id and v.member_id != author_id:
        action = v.url("community:vote", pk, kind)
        up = " voted" if my_vote == 1 else ""
        down = " voted" if my_vote == -1 else ""
        down_button = (
            ""
            if kind == "idea"
            else f'<button type="submit" name="value" value="down" class="vote-btn{down}" '
            f'aria-pressed="{"true" if my_vote == -1 else "false"}" title="{L["not_useful"]}"><span aria-hidden="true">'
            f'▼</span><span class="visually-hidden">{L["vote_down"]}</span></button>'
        )
        return (
            f'<div class="vote" id="{box}"><form method="post" action="{action}" hx-post="{action}" '
            f'hx-target="#{box}" hx-swap="outerHTML">{v.csrf}'
            f'<button type="submit" name="value" value="up" class="vote-btn{up}" '
            f'aria-pressed="{"true" if my_vote == 1 else "false"}" title="{L["useful"]}"><span aria-hidden="true">▲'
            f'</span><span class="visually-hidden">{L["vote_up"]}</span></button>'
            f'<span class="vote-score" aria-live="polite"><span class="visually-hidden">{L["score"]} </span>'
            f"{score}</span>"
            f"{down_button}</form></div>"
        )
    sign_in = "" if v.member_id else f'<a class="muted small" href="{v.login_url()}">{L["sign_in_vote"]}</a>'
    return (
        f'<div class="vote" id="{box}"><span class="vote-score"><span class="visually-hidden">{L["score"]} </span>'
        f"{score}</span>{sign_in}</div>"
    )


def _post_form(v: Viewer, action: str, button: str, *, hidden: dict | None = None, button_class="link-button") -> str:
    fields = "".join(f'<input type="hidden" name="{k}" value="{val}">' for k, val in (hidden or {}).items())
    return (
        f'<form method="post" action="{action}" class="inline-form">{v.csrf}{fields}'
        f'<button type="submit" class="{button_class}">{button}</button></form>'
    )


def _edit_delete(v: Viewer, kind: str, pk, deleted: bool, *, small: bool = False) -> str:
    L = v.labels
    cls = "link-button small" if small else "link-button"
    link_cls = ' class="small"' if small else ""
    delete = (
        _post_form(v, v.url("community:delete", pk, kind), L["restore"], hidden={"restore": "1"}, button_class=cls)
        if deleted
        else _post_form(v, v.url("community:delete", pk, kind), L["delete"], button_class=cls)
    )
    return f'<a{link_cls} href="{v.url("community:edit", pk, kind)}">{L["edit"]}</a> {delete}'


def question_actions_html(v: Viewer) -> str:
    L = v.labels
    q = v.question
    parts = []
    if v.member_id:
        on = "0" if v.following else "1"
        label = L["unfollow"] if v.following else L["follow"]
        parts.append(_post_form(v, v.url("community:question_follow", q.pk), label, hidden={"on": on}))
    if v.member_id and (q.author_id == v.member_id or v.moderator):
        parts.append(_edit_delete(v, "question", q.pk, q.is_deleted))
    parts.append(f'<a href="{v.url("community:history", q.pk, "question")}">{L["history"]}</a>')
    if v.member_id and v.member_id != q.author_id:
        parts.append(f'<a href="{v.moderation_url("moderation:flag", "question", q.pk)}">{L["flag"]}</a>')
    if v.moderator:
        parts.append(f'<a href="{v.moderation_url("moderation:content", "question", q.pk)}">{L["moderate"]}</a>')
        locked = q.is_locked
        parts.append(
            _post_form(v, v.url("community:question_lock", q.pk), L["unlock"] if locked else L["lock"],
                       hidden={"locked": "0" if locked else "1"})
        )
    if v.agent:
        parts.append(_post_form(v, v.url("support:escalate_question", q.pk), L["ticket"]))
        by_support = q.answered_by_support
        parts.append(
            _post_form(v, v.url("community:question_support", q.pk),
                       L["unmark_support"] if by_support else L["mark_support"],
                       hidden={"value": "0" if by_support else "1"})
        )
    return " ".join(parts)


def answer_actions_html(v: Viewer, pk, author_id, flags: str) -> str:
    L = v.labels
    visible, deleted, accepted = "v" in flags, "d" in flags, "a" in flags
    parts = []
    if v.can_accept and visible:
        parts.append(
            _post_form(v, v.url("community:answer_accept", pk), L["unaccept"] if accepted else L["accept"],
                       button_class="button-ghost" if accepted else "button-accept")
        )
    if v.member_id and (author_id == v.member_id or v.moderator):
        parts.append(_edit_delete(v, "answer", pk, deleted))
    parts.append(f'<a href="{v.url("community:history", pk, "answer")}">{L["history"]}</a>')
    if v.member_id and v.member_id != author_id:
        parts.append(f'<a href="{v.moderation_url("moderation:flag", "answer", pk)}">{L["flag"]}</a>')
    if v.moderator:
        parts.append(f'<a href="{v.moderation_url("moderation:content", "answer", pk)}">{L["moderate"]}</a>')
    return " ".join(parts)


def comment_actions_html(v: Viewer, pk, author_id, flags: str) -> str:
    if not (v.member_id and (v.member_id == author_id or v.moderator)):
        return ""
    return _edit_delete(v, "comment", pk, "d" in flags, small=True)


def comment_form_html(v: Viewer, on: str, target_pk, prefix: str, target_id) -> str:
    if not (v.can_answer and v.can_post):
        return ""
    L = v.labels
    action = v.url("community:question_comment" if on == "q" else "community:answer_comment", target_pk)
    is_open = " open" if v.comment_error_for is not None and str(v.comment_error_for) == str(target_id) else ""
    return (
        f'<details class="comment-add"{is_open}><summary>{L["add_comment"]}</summary>'
        f'<form method="post" action="{action}">{v.csrf}{v.honeypot}'
        f'<label for="comment-body-{prefix}">{L["comment"]}</label>'
        f'<textarea id="comment-body-{prefix}" name="body" rows="2" maxlength="1000" required minlength="2"></textarea>'
        f'<button type="submit">{L["add_comment"]}</button></form></details>'
    )


def honeypot_html(v: Viewer) -> str:
    from moderation import api as moderation

    return (
        f'<div class="hp-field" aria-hidden="true"><label>{v.labels["honeypot"]} '
        f'<input type="text" name="{escape(moderation.HONEYPOT_FIELD)}" tabindex="-1" autocomplete="off"></label></div>'
    )


def answer_section_html(v: Viewer) -> str:
    """The "Your answer" card, or nothing at all where no answer can be posted (a question
    still waiting for a moderator, a hidden one): never an empty card."""
    L = v.labels
    if v.question.is_locked:
        body = f"<p>{L['locked']}</p>"
    elif not v.question.is_visible:
        return ""
    elif not v.member_id:
        body = f'<p><a href="{v.login_url()}">{L["sign_in_answer"]}</a></p>'
    elif not v.can_post:
        body = f"<p>{L['cannot_post']}</p>"
    elif v.answer_form_html:
        body = v.answer_form_html
    else:
        return ""
    return (
        f'<section class="card answer-form" aria-labelledby="your-answer-h">'
        f'<h2 id="your-answer-h">{L["your_answer"]}</h2>{body}</section>'
    )


# --- filling ------------------------------------------------------------------------------------------------


class Compiled:
    """A rendered thread split once into its text and its markers; ``fill`` joins
    them with one reader's controls (no regular expression per request)."""

    def __init__(self, html: str):
        self.parts: list = []  # str, then (name, args), then str, ...
        last = 0
        for match in MARKER.finditer(html):
            self.parts.append(html[last : match.start()])
            raw = match.group(2)
            self.parts.append((match.group(1), tuple(raw[1:].split(":")) if raw else ()))
            last = match.end()
        self.parts.append(html[last:])
        self.answer_ids = [
            int(args[1]) for name, args in self.parts[1::2] if name == "vote" and args[0] == "answer"
        ]

    def fill(self, v: Viewer) -> str:
        out = []
        for i, part in enumerate(self.parts):
            out.append(part if i % 2 == 0 else _control(v, *part))
        return "".join(out)


def compile(html: str) -> Compiled:  # noqa: A001 - the template sense of the word
    return Compiled(html)


def _control(v: Viewer, name: str, args: tuple) -> str:
    if name == "vote":
        kind, pk, author, score = args
        key = ("q", v.question.pk) if kind == "question" else ("a", int(pk))
        return vote_html(v, kind, int(pk), int(author), score, v.votes.get(key, 0))
    if name == "qactions":
        return question_actions_html(v)
    if name == "aactions":
        return answer_actions_html(v, int(args[0]), int(args[1]), args[2] if len(args) > 2 else "")
    if name == "cactions":
        return comment_actions_html(v, int(args[0]), int(args[1]), args[2] if len(args) > 2 else "")
    if name == "cform":
        return comment_form_html(v, args[0], args[1], args[2], args[3])
    if name == "answerform":
        return answer_section_html(v)
    if name == "notice":
        msg = v.rate_limit_message
        return f'<p class="message message-warning" role="alert">{escape(msg)}</p>' if msg else ""
    return ""
