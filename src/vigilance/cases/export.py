"""The case file for prosecutors: one signed PDF with everything the case holds.

It gathers the case header, its reports as filed, the identifiers they name, the evidence with
its SHA-256 fingerprints and chain of custody, and the case timeline. It is rendered with
WeasyPrint in the language of the person who exports it and signed by the platform (PAdES),
like the receipt of a report; the TLP marking is printed on every page. Exporting is written in
the case's timeline and in the audit trail, with the fingerprint of the file issued.

WeasyPrint and pyHanko are imported when a file is made, not with this module (see receipts).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.cases import access
from vigilance.cases.models import Case, CaseEvent, CaseStatus
from vigilance.cases.selectors.timeline import timeline_entries
from vigilance.cases.services.lifecycle import case_event_add
from vigilance.evidence.models import CustodyEvent, Evidence
from vigilance.indicators.normalise import defang, provider_label, type_label
from vigilance.intake.models import (
    IdentifierRole,
    LossChannel,
    Outcome,
    Report,
    ReporterRole,
    ReporterType,
)
from vigilance.intake.receipts import format_amount, offline_url_fetcher

SIGNATURE_REASON = "Dossier de procédure / Case file"
DISPLAY_ZONE = ZoneInfo("Africa/Douala")


@dataclass(frozen=True)
class FileReport:
    reference: str
    submitted_at: dt.datetime
    channel: str
    category: str
    region: str
    department: str
    incident_date: dt.date | None
    description: str
    is_anonymous: bool
    reporter_name: str
    reporter_type: str
    reporter_role: str
    reporter_phone: str
    reporter_email: str
    victim_is_minor: bool
    filed_by: str
    loss_amount: str
    loss_channel: str


@dataclass(frozen=True)
class FileIdentifier:
    report: str
    label: str
    value: str
    provider: str
    role: str


@dataclass(frozen=True)
class FileCustody:
    at: dt.datetime
    action: str
    actor: str
    purpose: str


@dataclass(frozen=True)
class FileEvidence:
    name: str
    reports: str
    sha256: str
    size: int
    content_type: str
    received_at: dt.datetime
    deleted_at: dt.datetime | None
    custody: list[FileCustody]


@dataclass(frozen=True)
class FileEvent:
    at: dt.datetime
    kind: str
    actor: str
    summary: str


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _label(choices: type[ReporterType] | type[ReporterRole] | type[LossChannel], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _report_row(report: Report) -> FileReport:
    return FileReport(
        reference=report.reference,
        submitted_at=report.submitted_at,
        channel=report.get_channel_display(),
        category=report.category.name,
        region=report.region.name,
        department=report.department.name if report.department else "",
        incident_date=report.incident_date,
        description=report.description,
        is_anonymous=report.is_anonymous,
        reporter_name=report.reporter_name,
        reporter_type=_label(ReporterType, report.reporter_type),
        reporter_role=_label(ReporterRole, report.reporter_role),
        reporter_phone=report.reporter_phone,
        reporter_email=report.reporter_email,
        victim_is_minor=report.victim_is_minor,
        filed_by=_person(report.filed_by),
        loss_amount=(
            format_amount(report.loss_amount, report.loss_currency)
            if report.loss_amount is not None
            else ""
        ),
        loss_channel=_label(LossChannel, report.loss_channel) if report.loss_channel else "",
    )


def _custody_row(event: CustodyEvent) -> FileCustody:
    return FileCustody(
        at=event.at,
        action=event.get_action_display(),
        actor=_person(event.actor) or event.actor_label,
        purpose=event.purpose,
    )


def _evidence_rows(reports: list[Report]) -> list[FileEvidence]:
    files = (
        Evidence.objects.filter(reports__in=reports)
        .distinct()
        .order_by("received_at", "id")
        .prefetch_related("reports", "custody__actor")
    )
    in_case = {report.pk for report in reports}
    return [
        FileEvidence(
            name=item.original_name,
            reports=", ".join(sorted(r.reference for r in item.reports.all() if r.pk in in_case)),
            sha256=item.sha256,
            size=item.size,
            content_type=item.content_type,
            received_at=item.received_at,
            deleted_at=item.deleted_at,
            custody=[_custody_row(event) for event in item.custody.all()],
        )
        for item in files
    ]


def _context(case: Case, actor: User) -> dict[str, object]:
    reports = list(
        case.reports.select_related("category", "region", "department", "filed_by").order_by(
            "submitted_at", "id"
        )
    )
    identifiers = [
        FileIdentifier(
            report=report.reference,
            label=type_label(item.type),
            value=defang(item.type, item.value),
            provider=provider_label(item.provider),
            role=str(IdentifierRole(item.role).label) if item.role in IdentifierRole.values else "",
        )
        for report in reports
        for item in report.identifiers.order_by("id")
    ]
    events = case.events.select_related("actor").order_by("at", "id")
    return {
        "case": case,
        "status": str(CaseStatus(case.status).label),
        "outcome": str(Outcome(case.outcome).label) if case.outcome in Outcome.values else "",
        "tlp": case.get_tlp_display(),
        "tlp_code": case.tlp,
        "unit": case.owning_unit.name,
        "organisation": case.owning_unit.organisation.name,
        "lead": _person(case.lead),
        "reports": [_report_row(report) for report in reports],
        "identifiers": identifiers,
        "evidence": _evidence_rows(reports),
        "timeline": [
            FileEvent(
                at=entry.event.at,
                kind=entry.label,
                actor=_person(entry.actor),
                summary=entry.summary,
            )
            for entry in timeline_entries(events)
        ],
        "exported_by": _person(actor),
        "exported_at": timezone.now(),
    }


def case_file_html(*, case: Case, actor: User) -> str:
    """The case file's page, in the active language and Douala's time; no checks, no records."""
    with timezone.override(DISPLAY_ZONE):
        return render_to_string("cases/case_file.html", _context(case, actor))


def case_file_render(*, case: Case, actor: User) -> bytes:
    """The case file as an unsigned PDF, in the actor's language; no checks, no records."""
    language = actor.language if actor.language in ("fr", "en") else "fr"
    with translation.override(language):
        html = case_file_html(case=case, actor=actor)
    import weasyprint

    return weasyprint.HTML(string=html, url_fetcher=offline_url_fetcher()).write_pdf()


@transaction.atomic
def case_file_pdf(*, case: Case, actor: User) -> bytes:
    """The signed case file; the export is written in the timeline and the audit trail."""
    access.require_case_action(actor, case, access.CaseAction.EXPORT_CASE_FILE)
    case = Case.objects.select_related("owning_unit__organisation", "lead").get(pk=case.pk)
    event = case_event_add(case=case, kind=CaseEvent.Kind.EXPORTED, actor=actor)
    from vigilance.core.signing import sign_pdf

    pdf = sign_pdf(case_file_render(case=case, actor=actor), reason=SIGNATURE_REASON)
    digest = hashlib.sha256(pdf).hexdigest()
    event.summary = f"SHA-256 {digest}"[:300]
    event.save(update_fields=["summary"])
    audit_record(
        actor=actor,
        action="case.exported",
        object_type="case",
        object_id=case.number,
        details={"sha256": digest, "size": len(pdf), "reports": case.reports.count()},
    )
    return pdf
