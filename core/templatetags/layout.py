"""``{% site_header %}`` and ``{% site_footer %}``: the layout around every page, rendered once per process.

The header is the same for every reader with the same language, role set and
brand; only a few values are a reader's own (their name, initials and profile
link, the CSRF token of the language and sign-out forms, the current path for
``next``, the search words, the notification bell, the review-queue count).
Those are rendered as markers once and replaced per request, in one pass, with
escaped values (a value that happens to look like a marker is never scanned
again). This takes ~14 ``reverse()`` calls and ~20 translations off every page.
"""

import re
from urllib.parse import quote

from django import template
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.layout import header_part
from core.pagecache import ProcessMemo
from core.templatetags.gilde import avatar, initials

register = template.Library()

_MARKS = {
    name: f"gildelayout{name.replace('_', '')}mark"
    for name in ("q", "path", "path_q", "name", "initials", "avatar", "profile_url", "bell", "queue", "csrf")
}
_FIND = re.compile("|".join(re.escape(m) for m in _MARKS.values()))
_BY_MARK = {mark: name for name, mark in _MARKS.items()}
_rendered = ProcessMemo(size=256)
_HOUR = 3600


def _memo(key, render) -> str:
    return _rendered.get_or_set(key, render, _HOUR)


# What the header shows by role (accounts.context_processors: ``can``).
_ROLE_KEYS = ("writer", "moderator", "agent", "manager", "needs_mfa")


def _roles(context) -> tuple:
    can = context.get("can") or {}
    return tuple(bool(can.get(role)) for role in _ROLE_KEYS)


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context["request"]
    user = request.user
    member = user.is_authenticated
    brand = context["brand"]
    roles = _roles(context) if member else ()
    key = ("header", get_language(), member, roles, brand.name, str(brand.logo or ""))

    def render() -> str:
        marks = {**_MARKS, "member": member}
        can = dict(zip(_ROLE_KEYS, roles, strict=False))
        return get_template("partials/_header.html").render(
            {"header": marks, "can": can, "brand": brand, "csrf_token": _MARKS["csrf"]}
        )

    html = _memo(key, render)
    values: dict = {}

    def value(match) -> str:
        name = _BY_MARK[match.group(0)]
        if name not in values:
            values[name] = _value(name, request, user, context)
        return values[name]

    return mark_safe(_FIND.sub(value, html))  # noqa: S308 - our template, every value escaped in _value


def _value(name: str, request, user, context) -> str:
    if name == "csrf":  # the page's own token (the one in <body hx-headers>), not a second masking
        return str(context.get("csrf_token") or get_token(request))
    if name == "path":
        return escape(request.get_full_path())
    if name == "path_q":
        return escape(quote(request.get_full_path(), safe="/"))
    if name == "q":
        return escape(request.GET.get("q", ""))
    if name == "name":
        return escape(user.name)
    if name == "initials":
        return escape(initials(user.name))
    if name == "avatar":
        return avatar(user, "sm")  # format_html: escaped
    if name == "profile_url":
        return escape(user.get_absolute_url())
    if name == "bell":
        return header_part("bell", request)
    if name == "queue":
        return get_template("partials/_queue_count.html").render({"request": request})
    return ""


@register.simple_tag(takes_context=True)
def site_footer(context):
    brand = context["brand"]
    # A link's label in the reader's language: "label_nl" on Dutch pages when the manager wrote one.
    links = tuple(
        {"label": localized_label(link), "url": link.get("url", "")} for link in (brand.footer_links or [])
    )
    key = ("footer", get_language(), brand.name, brand.tagline, brand.tagline_nl, brand.support_email,
           tuple((link["label"], link["url"]) for link in links))
    html = _memo(key, lambda: get_template("partials/_footer.html").render({"brand": brand, "links": links}))
    return mark_safe(html)  # noqa: S308 - our template, rendered with autoescape


def localized_label(link: dict) -> str:
    from core.i18n import dutch_active

    return (dutch_active() and link.get("label_nl")) or link.get("label", "")
