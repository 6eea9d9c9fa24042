"""Partners' values imported as the exchange imports them, for correlation and decision tests."""

import hashlib
import itertools

from vigilance.accounts.models import Organisation, User
from vigilance.exchange.models import ImportSource, PartnerIndicator, SourceKind
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
