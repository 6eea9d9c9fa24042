"""Reads of the partners' feeds pages (``MANAGE_EXCHANGE``)."""

from django.db.models import QuerySet

from vigilance.core.errors import NotFound
from vigilance.exchange.models import ImportSource, SourceKind


def taxii_source_list() -> QuerySet[ImportSource]:
    """Every TAXII source, active first."""
    return (
        ImportSource.objects.filter(kind=SourceKind.TAXII)
        .select_related("partner")
        .order_by("-is_active", "name")
    )


def taxii_source_get(*, source_id: int) -> ImportSource:
    source = (
        ImportSource.objects.filter(kind=SourceKind.TAXII, pk=source_id)
        .select_related("partner")
        .first()
    )
    if source is None:
        raise NotFound
    return source
