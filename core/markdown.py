"""The one Markdown pipeline every app uses for what members and writers type.

markdown-it-py's ``js-default`` preset keeps raw HTML off; nh3 then sanitises
the output, so neither alone has to be perfect. Call ``render_markdown`` when
content is saved and store the result: pages never render Markdown per request.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from django.utils.text import slugify
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
