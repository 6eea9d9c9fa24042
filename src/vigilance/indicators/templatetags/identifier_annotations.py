"""``{% include "indicators/_annotations.html" with notes=annotations|annotations_of:identifier %}``:
what other apps know about one identifier of a page (``indicators.annotations``)."""

from typing import Any

from django import template

from vigilance.indicators.annotations import Annotation, Pair

register = template.Library()


@register.filter
def annotations_of(
    annotations: dict[Pair, list[Annotation]] | None, identifier: Any
) -> list[Annotation]:
    """The annotations of ``identifier`` (anything with ``type`` and ``value``)."""
    if not annotations:
        return []
    return annotations.get((str(identifier.type), str(identifier.value)), [])
