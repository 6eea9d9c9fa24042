"""The requisition as a signed PDF: the letter the partner receives, with the platform's PAdES
signature (the certificate that signs receipts, ``core.signing``).

Cameroon writes official letters in both its languages: the letter is bilingual, French first
then English, whatever the addressee's language, so that one signed document serves every
reader (a court, the partner's lawyers) without a translation of doubtful standing.

It is issued once, when the requisition is approved (a Celery job on commit; the first download
issues it if that job was lost), kept encrypted like evidence, and its SHA-256 is written on
the requisition: the same signed bytes are served every time. A draft is never signed: its
drafter and the supervisor who may approve it preview it unsigned, marked DRAFT on every page.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cryptography.fernet import InvalidToken
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from vigilance.accounts.api_keys import api_key_label
from vigilance.accounts.models import ApiKey, Role, User
from vigilance.audit.services import audit_record
from vigilance.core.documents import (
    issued_copies_reencrypt,
    issued_copy_get,
    issued_copy_keep,
    pdf_from_html,
)
from vigilance.core.errors import NotFound
from vigilance.evidence import crypto
from vigilance.indicators.normalise import display, type_label
from vigilance.requisitions import access
from vigilance.requisitions.models import Requisition, RequisitionStatus

TEMPLATE = "requisitions/requisition_pdf.html"
SIGNATURE_REASON = "Réquisition judiciaire / Judicial requisition"
DISPLAY_ZONE = ZoneInfo("Africa/Douala")
LANGUAGES = ("fr", "en")
ISSUER_LABEL = "platform"


@dataclass(frozen=True)
class Signatory:
    name: str
    unit: str
    roles: str


@dataclass(frozen=True)
class Version:
    """What the letter says in one language."""

    language: str
    agency: str
    addressee: str
    kind: str
    urgency: str
    legal_basis: str
    identifiers: list[tuple[str, str]]
    drafter: Signatory
    approver: Signatory | None


def _signatory(person: User) -> Signatory:
    roles = [str(Role(code).label) for code in person.roles or [] if code in Role.values]
    return Signatory(
        name=person.get_full_name() or person.get_username(),
        unit=person.unit.name if person.unit else "",
        roles=", ".join(roles),
    )


def _version(requisition: Requisition, language: str) -> Version:
    with translation.override(language):
        approver = requisition.approved_by
        return Version(
            language=language,
            agency=requisition.case.owning_unit.organisation.name,
            addressee=requisition.addressee.name,
            kind=str(requisition.get_kind_display()),
            urgency=str(requisition.get_urgency_display()),
            legal_basis=requisition.legal_basis.name,
            identifiers=[
                (type_label(item["type"]), display(item["type"], item["value"]))
                for item in requisition.identifiers
            ],
            drafter=_signatory(requisition.drafted_by),
            approver=_signatory(approver) if approver is not None else None,
        )


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment, DISPLAY_ZONE) if moment else None


def requisition_html(requisition: Requisition, *, is_draft: bool) -> str:
    """The letter's HTML in both languages; a draft is marked as such on every page."""
    context = {
        "requisition": requisition,
        "versions": [_version(requisition, language) for language in LANGUAGES],
        "dated": _local(requisition.sent_at or timezone.now()),
        "deadline": _local(requisition.deadline),
        "is_draft": is_draft,
    }
    with translation.override("fr"):
        return render_to_string(TEMPLATE, context)


COPY_PREFIX = "requisition:"


def _copy_name(requisition: Requisition) -> str:
    return f"{COPY_PREFIX}{requisition.public_id}"


def _facts(requisition: Requisition) -> str:
    """Names what the signed letter shows; a sent requisition's facts never change, so every
    caller issuing at once agrees on it and all get the copy kept first."""
    return hashlib.sha256(f"{requisition.reference}\n{requisition.sent_at}".encode()).hexdigest()


def _kept(requisition: Requisition) -> bytes | None:
    stored = issued_copy_get(name=_copy_name(requisition), fingerprint=_facts(requisition))
    if stored is None:
        return None
    try:
        return crypto.decrypt(stored)
    except InvalidToken:
        # Its key was removed before the copy was re-encrypted: only a new issue can be served.
        return None


def requisition_pdf_issue(*, requisition: Requisition) -> bytes:
    """Render, sign and keep the letter of a sent requisition (once: later calls get the copy
    kept first), and write its SHA-256 on the requisition."""
    from vigilance.core.signing import sign_pdf

    if requisition.status == RequisitionStatus.DRAFT:
        raise ValueError("A draft is not signed.")
    kept = _kept(requisition)
    if kept is not None:
        return kept
    pdf = sign_pdf(
        pdf_from_html(requisition_html(requisition, is_draft=False)), reason=SIGNATURE_REASON
    )
    with transaction.atomic():
        stored = crypto.decrypt(
            issued_copy_keep(
                name=_copy_name(requisition),
                fingerprint=_facts(requisition),
                content=crypto.encrypt(pdf),
            )
        )
        digest = hashlib.sha256(stored).hexdigest()
        if (
            Requisition.objects.filter(pk=requisition.pk)
            .exclude(pdf_sha256=digest)
            .update(pdf_sha256=digest)
        ):
            audit_record(
                actor=None,
                actor_label=ISSUER_LABEL,
                action="requisition.pdf_issued",
                object_type="requisition",
                object_id=requisition.reference,
                details={"sha256": digest},
            )
        requisition.pdf_sha256 = digest
    return stored


def requisition_pdf_for(*, actor: User | ApiKey, requisition: Requisition) -> bytes:
    """The letter for someone who may see the requisition (fetched through the gate): the signed
    copy once it is sent, an unsigned DRAFT preview for its drafter and approver before that
    (NotFound for anyone else). Each download is audited."""
    is_draft = requisition.status == RequisitionStatus.DRAFT
    if is_draft:
        if not isinstance(actor, User) or not access.may_read_letter(actor, requisition):
            raise NotFound
        pdf = pdf_from_html(requisition_html(requisition, is_draft=True))
    else:
        pdf = requisition_pdf_issue(requisition=requisition)
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        actor_label="" if isinstance(actor, User) else api_key_label(actor),
        action="requisition.pdf_downloaded",
        object_type="requisition",
        object_id=requisition.reference,
        details={"draft": is_draft},
    )
    return pdf


def pdf_filename(requisition: Requisition) -> str:
    is_draft = requisition.status == RequisitionStatus.DRAFT
    return f"{requisition.reference}{'-DRAFT' if is_draft else ''}.pdf"


def requisition_letters_reencrypt(actor_label: str) -> int:
    """Re-encrypt the kept letters still under an old evidence key (``rotate_evidence_keys``
    calls this), so that the same signed bytes outlive the key; returns how many changed."""

    def audited(name: str) -> None:
        public_id = name.removeprefix(COPY_PREFIX)
        reference = (
            Requisition.objects.filter(public_id=public_id)
            .values_list("reference", flat=True)
            .first()
        )
        audit_record(
            actor=None,
            actor_label=actor_label,
            action="requisition.pdf_reencrypted",
            object_type="requisition",
            object_id=reference or public_id,
        )

    names = issued_copies_reencrypt(
        prefix=COPY_PREFIX,
        is_current=crypto.is_under_current_key,
        reencrypt=crypto.reencrypt,
        on_reencrypted=audited,
    )
    return len(names)
