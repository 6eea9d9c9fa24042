"""An alert's body: a safe subset of Markdown, rendered then sanitised.

markdown-it (CommonMark, raw HTML off) turns the editor's text into HTML; nh3 then keeps only a
small allow-list of tags, ``href`` on links with http, https, mailto or tel only, and marks every
link ``nofollow noopener``. Nothing else (script, style, event attributes, images) survives.
markdown-it is imported on the first body rendered, not with this module.
"""

from functools import lru_cache
from typing import TYPE_CHECKING

import nh3
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "em", "strong", "ul", "ol", "li", "a", "h2", "h3", "blockquote", "code", "br"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "nofollow noopener"
# Headings of the body sit under the page's own h1: "#" and "##" become h2, "###" and below h3.
_HEADINGS = {"h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3"}


@lru_cache(maxsize=1)
def _parser() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _shift_headings(html: str) -> str:
    for source, target in _HEADINGS.items():
        html = html.replace(f"<{source}>", f"<{target}>").replace(f"</{source}>", f"</{target}>")
    return html


def render_markdown(text: str) -> str:
    """The safe HTML of ``text``; call it on what people typed, never on HTML."""
    html = _shift_headings(_parser().render(text or ""))
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def markdown_html(text: str) -> SafeString:
    """``render_markdown`` marked safe for a template (advice blocks, guides)."""
    return mark_safe(render_markdown(text))  # noqa: S308  # nosec B308 B703: nh3's allow-list


def plain_text(text: str) -> str:
    """The body without its markup (feeds' fallbacks, search snippets)."""
    return nh3.clean(render_markdown(text), tags=set()).strip()
