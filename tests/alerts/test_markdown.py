"""An alert's body: the Markdown subset kept, and nothing executable ever surviving."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vigilance.alerts.markdown import render_markdown

DANGEROUS = (
    "<script>alert(1)</script>",
    "<style>body{}</style>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="https://x.cm" onclick="steal()">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<svg onload="alert(1)">',
    "![x](https://evil.example/p.png)",
    '<p style="color:red">x</p>',
    "[x](vbscript:msgbox)",
)
FRAGMENTS = st.sampled_from(
    [
        *DANGEROUS,
        "**bold**",
        "*em*",
        "- item",
        "## Title",
        "> quote",
        "`code`",
        "\n\n",
        " ",
        "<",
        '"',
    ]
)


def _unsafe(html: str) -> list[str]:
    found = []
    if re.search(r"<\s*(script|style|iframe|img|svg|object|embed)", html, re.IGNORECASE):
        found.append("tag")
    if re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE):
        found.append("event attribute")
    if re.search(r"<[^>]*\sstyle\s*=", html, re.IGNORECASE):
        found.append("style attribute")
    for href in re.findall(r'href="([^"]*)"', html):
        if not re.match(r"(https?:|mailto:|tel:)", href, re.IGNORECASE):
            found.append(f"href {href}")
    return found


def test_the_allowed_subset_is_kept() -> None:
    html = render_markdown("## Do\n\n- **never** pay\n- *call* [MTN](https://mtn.cm)\n\n> calm")
    assert "<h2>Do</h2>" in html
    assert "<strong>never</strong>" in html
    assert "<em>call</em>" in html
    assert '<a href="https://mtn.cm" rel="nofollow noopener">MTN</a>' in html
    assert "<blockquote>" in html


def test_a_top_level_heading_becomes_a_second_level_one() -> None:
    assert render_markdown("# Title") == "<h2>Title</h2>\n"


def test_a_mailto_link_is_kept_and_a_javascript_one_is_not() -> None:
    assert 'href="mailto:cirt@antic.cm"' in render_markdown("[write](mailto:cirt@antic.cm)")
    assert "href" not in render_markdown("[x](javascript:alert(1))")


def test_raw_html_is_shown_as_text() -> None:
    assert "&lt;script&gt;" in render_markdown("<script>alert(1)</script>")


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=12).map("".join))
def test_no_script_style_or_event_attribute_survives_mixed_fragments(text: str) -> None:
    assert _unsafe(render_markdown(text)) == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_no_script_style_or_event_attribute_survives_any_text(text: str) -> None:
    assert _unsafe(render_markdown(text)) == []
