"""Demonstration data of the exchange: a partner CERT's MISP event naming a number the
demonstration's reports name too, so that investigators see "also known to" beside it, and a
link shortener, kept but never correlated. Safe to run again: the same event changes nothing."""

import datetime as dt
import hashlib
import json
import tempfile
from pathlib import Path
from typing import TextIO

from pymisp import MISPEvent

from vigilance.accounts.models import Organisation
from vigilance.core.tlp import Tlp
from vigilance.exchange.misp_in import parse_event_file
from vigilance.exchange.models import ImportBatch, ImportFormat
from vigilance.exchange.services.imports import import_batch_run
from vigilance.indicators.models import Indicator

PARTNER_CODE = "demo-cert-gabon"
EVENT_UUID = "5d1e7a52-6c1b-4f0e-9a53-0c3b9d1f4a01"


def _most_reported_number() -> Indicator | None:
    return (
        Indicator.objects.filter(type__in=("phone", "momo_account"), is_warning_listed=False)
        .order_by("-report_count", "id")
        .first()
    )


def _event(number: str) -> MISPEvent:
    event = MISPEvent()
    event.uuid = EVENT_UUID
    event.info = "Escroqueries au transfert d'argent mobile (démonstration)"
    event.date = dt.date(2026, 11, 20)
    event.add_tag("tlp:amber")
    event.add_attribute("phone-number", number, to_ids=True, comment="Seen in 14 complaints")
    event.add_attribute("domain", "colis-express-livraison.ga", to_ids=True)
    event.add_attribute("url", "https://bit.ly/3xDemo42", to_ids=False, comment="Link shortener")
    return event


def seed(stdout: TextIO) -> None:
    partner = Organisation.objects.filter(code=PARTNER_CODE).first()
    number = _most_reported_number()
    if partner is None or number is None:
        stdout.write("Partner import: no demonstration partner or number yet, skipped.\n")
        return
    if ImportBatch.objects.filter(partner=partner).exists():
        stdout.write("Partner import: already done.\n")
        return
    content = json.dumps(
        {"Event": json.loads(_event(number.value).to_json())}, sort_keys=True
    ).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{EVENT_UUID}.json"
        path.write_bytes(content)
        batch = import_batch_run(
            partner=partner,
            format=ImportFormat.MISP,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            filename=path.name,
            items=parse_event_file(path, default_tlp=Tlp.AMBER, confidence=70),
        )
    stdout.write(
        f"Partner import: {batch.created_count} values from {partner.code} "
        f"({batch.warning_listed_count} on a warning list).\n"
    )
