"""MISP events written with pymisp, as partners' MISP instances write them."""

import json
from pathlib import Path
from typing import Any

from pymisp import MISPEvent, MISPObject, MISPOrganisation


def misp_event(
    info: str = "Parcel scam wave",
    *,
    tags: tuple[str, ...] = ("tlp:amber",),
    attributes: tuple[tuple[str, str], ...] = (("phone-number", "+237 677 12 34 56"),),
    timestamp: int | None = None,
) -> MISPEvent:
    event = MISPEvent()
    event.info = info
    organisation = MISPOrganisation()
    organisation.name = "CERT Gabon"
    organisation.uuid = "5b8a3a1e-0000-4000-8000-000000000001"
    event.Orgc = organisation
    for tag in tags:
        event.add_tag(tag)
    for kind, value in attributes:
        event.add_attribute(kind, value)
    if timestamp is not None:
        event.timestamp = timestamp
    return event


def with_bank_object(event: MISPEvent, iban: str) -> MISPEvent:
    account = MISPObject("bank-account")
    account.add_attribute("iban", value=iban)
    event.add_object(account)
    return event


def write(path: Path, content: Any) -> Path:
    path.write_text(json.dumps(content, default=str), encoding="utf-8")
    return path
