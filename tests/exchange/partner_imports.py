"""Partners' values imported as the exchange imports them, for correlation and decision tests."""

import hashlib
import itertools
from collections.abc import Iterator

from django.urls import reverse
from django.utils import translation

from vigilance.accounts.models import Organisation, OrganisationKind, User
from vigilance.exchange.models import ImportBatch, ImportSource, PartnerIndicator, SourceKind
from vigilance.exchange.services.imports import IncomingIndicator, import_batch_run

_counter = itertools.count()


def partner_import(
    partner: Organisation,
    type: str,
    raw_value: str,
    *,
    tlp: str = "amber",
    confidence: int | None = 80,
    uploaded_by: User | None = None,
    source_created_by: User | None = None,
) -> PartnerIndicator:
    """Import one value from ``partner``: uploaded by someone, or polled from a source."""
    source = None
    if source_created_by is not None:
        source = ImportSource.objects.create(
            partner=partner,
            kind=SourceKind.MISP_FEED,
            name=f"{partner.code} feed {next(_counter)}",
            url="https://feed.example.org/misp/",
            created_by=source_created_by,
        )
    batch = import_batch_run(
        partner=partner,
        format="misp",
        sha256=hashlib.sha256(f"{type}{raw_value}{next(_counter)}".encode()).hexdigest(),
        items=[IncomingIndicator(type=type, raw_value=raw_value, tlp=tlp, confidence=confidence)],
        source=source,
        actor=uploaded_by,
    )
    assert batch.status == "imported", batch.error_code
    return PartnerIndicator.objects.get(partner=partner, batch=batch)


def partner_pages(language: str) -> Iterator[tuple[str, str]]:
    """(persona, path) of the analysts' partner-indicator pages, with one import to show."""
    partner, _created = Organisation.objects.get_or_create(
        code="cert-gabon",
        defaults={
            "kind": OrganisationKind.PEER_CIRT,
            "name_fr": "CERT Gabon",
            "name_en": "CERT Gabon",
        },
    )
    row = PartnerIndicator.objects.filter(partner=partner).first()
    if row is None:
        # Written directly: the walk's audit page should not show an import it did not make.
        batch = ImportBatch.objects.create(
            partner=partner, format="misp", sha256="0" * 64, status="imported"
        )
        row = PartnerIndicator.objects.create(
            partner=partner,
            type="phone",
            value="+237699887766",
            raw_value="+237 699 88 77 66",
            tlp="amber",
            confidence=80,
            labels=["Parcel scam wave"],
            batch=batch,
        )
    yield "cirt_analyst", reverse_in(language, "exchange:partner_indicators")
    yield (
        "cirt_analyst",
        reverse_in(language, "exchange:partner_indicator", partner_indicator_id=row.pk),
    )


def reverse_in(language: str, name: str, **kwargs: object) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)
