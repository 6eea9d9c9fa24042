"""Template filters for evidence files: their kind in words, never a MIME type."""

from django import template

from vigilance.evidence.filetypes import kind_label

register = template.Library()


@register.filter
def file_kind(content_type: str) -> str:
    """``{{ file.content_type|file_kind }}``: "PNG image", "Image PNG" in French."""
    return kind_label(content_type)
