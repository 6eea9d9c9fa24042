"""Template helpers shared by every page."""

from django import template
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """The current page in another language, for the FR/EN switch (works without JavaScript)."""
    request: HttpRequest = context["request"]
    return translate_url(request.get_full_path(), language)
