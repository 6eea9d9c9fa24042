"""The full export: one STIX 2.1 bundle of the latest published objects at or under a marking
(never RED), streamed from the stored rows so that a million objects never sit in memory.

The bundle's JSON framing is written here around the bodies as stored; each body is already a
complete STIX object. Who may export (analysts of indicators and the exchange's managers) is
checked here, and each export is audited with its marking.
"""

import uuid
from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.core.tlp import Tlp, tlp_within
from vigilance.exchange.models import ExchangeObject

# The markings an export may go up to: AMBER+STRICT and RED objects are never published.
EXPORT_TLPS = (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER)
CHUNK = 2000
# Bodies joined per piece handed to the response (fewer, larger writes).
PIECE = 500


def can_export(user: User) -> bool:
    return can(user, Permission.MANAGE_EXCHANGE) or can(user, Permission.ANALYSE_INDICATORS)


def export_tlp(value: str) -> str:
    """The marking asked for (``green``, ``TLP:GREEN``, ``amber``...); ``InvalidAction`` for
    RED, AMBER+STRICT or anything unknown."""
    wanted = value.strip().lower().removeprefix("tlp:").replace("+", "_")
    if wanted not in EXPORT_TLPS:
        raise InvalidAction(
            _("Choose TLP:CLEAR, TLP:GREEN or TLP:AMBER: nothing marked RED leaves the platform.")
        )
    return wanted


def export_rows(tlp: str) -> Iterator[str]:
    """The bodies of the latest objects a ``tlp`` export holds: common ones, then the rest."""
    markings = [marking for marking in EXPORT_TLPS if tlp_within(marking, tlp)]
    rows = ExchangeObject.objects.filter(
        Q(is_common=True) | Q(tlp__in=markings), is_latest=True
    ).exclude(tlp=Tlp.RED)
    last = 0
    while True:
        chunk = list(rows.filter(id__gt=last).order_by("id").values_list("id", "body")[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        for _id, body in chunk:
            yield body


def bundle_stream(tlp: str) -> Iterator[str]:
    """The export as pieces of one JSON document: ``{"type": "bundle", ..., "objects": [...]}``."""
    yield f'{{"type":"bundle","id":"bundle--{uuid.uuid4()}","objects":['
    piece: list[str] = []
    first = True
    for body in export_rows(tlp):
        piece.append(body)
        if len(piece) == PIECE:
            yield ("" if first else ",") + ",".join(piece)
            first, piece = False, []
    if piece:
        yield ("" if first else ",") + ",".join(piece)
    yield "]}"


def export_start(*, actor: User | None, tlp: str, via: str) -> Iterator[str]:
    """Check the right to export, audit it, and return the bundle's pieces.

    ``actor`` is None for the management command (``via`` names it)."""
    if actor is not None and not can_export(actor):
        raise NotFound
    marking = export_tlp(tlp)
    audit_record(
        actor=actor,
        actor_label="" if actor is not None else via,
        action="exchange.exported",
        object_type="exchange_export",
        object_id=marking,
        details={"tlp": marking, "via": via},
    )
    return bundle_stream(marking)
