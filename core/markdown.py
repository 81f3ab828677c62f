"""The one Markdown pipeline every app uses for what members and writers type.

markdown-it-py's ``js-default`` preset keeps raw HTML off; nh3 then sanitises
the output, so neither alone has to be perfect. Call ``render_markdown`` when
content is saved and store the result: pages never render Markdown per request.
"""

import html as html_lib
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"style"}, "td": {"style"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "nofollow ugc noopener"


@dataclass
class Heading:
    level: int
    text: str
    anchor: str


@dataclass
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)


def _slug(text: str) -> str:
    return slugify(text) or "section"


def _is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def _build() -> MarkdownIt:
    md = MarkdownIt("js-default", {"linkify": True}).enable("linkify")
    anchors_plugin(md, min_level=1, max_level=4, slug_func=_slug)

    def link_open(renderer, tokens, idx, options, env):
        href = tokens[idx].attrGet("href") or ""
        if _is_external(href):
            tokens[idx].attrSet("rel", EXTERNAL_REL)
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


_md = _build()


def _keep_style(tag: str, attr: str, value: str) -> str | None:
    # Tables may align their cells; nothing else may carry a style.
    if attr == "style":
        return value if value in {"text-align:left", "text-align:center", "text-align:right"} else None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        attribute_filter=_keep_style,
        strip_comments=True,
    )


def render_markdown(text: str) -> Rendered:
    tokens = _md.parse(text or "")
    headings = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            headings.append(Heading(int(token.tag[1]), inline.content, token.attrGet("id") or ""))
    html = _md.renderer.render(tokens, _md.options, {})
    return Rendered(sanitise(html), headings)


def markdown_html(text: str) -> str:
    return render_markdown(text).html


# --- remote images ------------------------------------------------------------------
# An image from another host is a request every reader's browser makes to that host:
# a post could log the address of everyone who reads it, moderators included. Unless
# the community manager allows them (branding: "Show images from other websites"),
# they are shown as links. This is applied when stored HTML is shown (the
# ``stored_html`` filter), not when it is saved, so a change of the setting applies
# to every post at once, old ones included, and no stored HTML needs re-rendering.

_remote_images_policy = lambda: False  # noqa: E731 - branding replaces it (branding/apps.py)

_ATTRS = r"(?:\s+[a-zA-Z-]+(?:=\"[^\"]*\")?)*"
# nh3 writes every attribute value in double quotes, with " escaped: these patterns
# match its output exactly, and "<img" in text or code is always escaped as "&lt;img".
_TAG = re.compile(rf"<a{_ATTRS}\s*>|</a>|<img{_ATTRS}\s*/?>")
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def set_remote_images_policy(policy) -> None:
    """``policy()`` answers whether images from other hosts are shown as images."""
    global _remote_images_policy
    _remote_images_policy = policy


def remote_images_allowed() -> bool:
    """The manager's choice; strict (False) when it cannot be read (the database is away)."""
    try:
        return bool(_remote_images_policy())
    except Exception:  # noqa: BLE001 - a page or /healthz must still answer
        return False


def local_image_sources() -> list[str]:
    """CSP img-src when remote images are off: this site, data: URLs, and the media host if it is another."""
    sources = ["'self'", "data:"]
    media = urlsplit(settings.MEDIA_URL)
    if media.scheme and media.netloc:
        sources.append(f"{media.scheme}://{media.netloc}")
    return sources


def _local_hosts() -> set[str]:
    hosts = {urlsplit(settings.SITE_URL).netloc.lower()}
    media = urlsplit(settings.MEDIA_URL)
    if media.netloc:
        hosts.add(media.netloc.lower())
    return hosts - {""}


def is_remote(src: str) -> bool:
    parts = urlsplit(html_lib.unescape(src).strip())
    if not parts.scheme and not parts.netloc:
        return False  # a path on this site
    return parts.netloc.lower() not in _local_hosts()


def without_remote_images(html: str) -> str:
    """Stored HTML with each image from another host replaced by a link to it
    (by its description, inside a link already)."""
    if "<img" not in html:
        return html
    out, last, depth, changed = [], 0, 0, False
    for match in _TAG.finditer(html):
        tag = match.group(0)
        if tag.startswith("<a"):
            depth += 1
            continue
        if tag == "</a>":
            depth = max(0, depth - 1)
            continue
        attrs = dict(_ATTR.findall(tag))
        src = attrs.get("src", "")
        if not is_remote(src):
            continue
        alt = html_lib.unescape(attrs.get("alt", "")).strip()
        label = alt or urlsplit(html_lib.unescape(src)).netloc
        text = gettext("Image: %(description)s") % {"description": label}
        if depth:
            replacement = format_html('<span class="remote-image">{}</span>', text)
        else:
            replacement = format_html(
                '<a href="{}" rel="{}" class="remote-image">{}</a>', html_lib.unescape(src), EXTERNAL_REL, text
            )
        out.append(html[last : match.start()])
        out.append(replacement)
        last = match.end()
        changed = True
    if not changed:
        return html
    out.append(html[last:])
    return "".join(out)


def shown_html(html: str) -> str:
    """Stored HTML as readers see it: remote images as the manager's setting says."""
    html = html or ""
    if "<img" in html and not remote_images_allowed():
        return without_remote_images(html)
    return html
