"""Editors' Markdown as safe HTML: markdown-it-py with raw HTML off, then an nh3 allow-list.

Links keep only http(s) and mailto targets and open nothing: no script, style or image can
come through, whatever an editor pastes.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote", "code"}


def markdown_html(text: str) -> SafeString:
    html = _MARKDOWN.render(text or "")
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703: cleaned by nh3's allow-list above
