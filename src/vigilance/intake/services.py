"""Every write on reports: submission, additions by the reporter, completing an anonymous tip."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.audit.batch import audit_batch
from vigilance.audit.services import audit_record
from vigilance.core.models import Department, OffenceCategory, Region
from vigilance.core.report_steps import ReportStep, report_step_taken
from vigilance.core.selectors import category_get_active, department_get, region_get
from vigilance.evidence import allowance
from vigilance.evidence.models import Evidence
from vigilance.evidence.services import (
    EvidenceRejected,
    IncomingFile,
    evidence_receive,
    incoming_from_upload,
)
from vigilance.indicators.normalise import (
    InvalidIdentifier,
    normalise,
    normalise_email,
    normalise_phone,
)
from vigilance.intake import consent, tasks, tracking
from vigilance.intake.arrival import arrival_apply, report_arrival
from vigilance.intake.correlation import (
    extracted_sightings,
    found_in_report_text,
    sightings_link,
    site_sightings,
)
from vigilance.intake.identifier_reports import sightings_save
from vigilance.intake.models import (
    Channel,
    IdentifierRole,
    Language,
    LossChannel,
    Report,
    ReporterRole,
    ReporterType,
    ReportEvent,
    ReportEvidence,
    Sighting,
)
from vigilance.intake.report_rows import numbered_report_and_event_insert

MAX_IDENTIFIERS = 30
MAX_DESCRIPTION = 20_000
MAX_RECEIPT_LENGTH = 2000
MIN_DESCRIPTION = 10
MAX_LOSS = Decimal("1000000000000")
CURRENCIES = ("XAF", "XOF", "EUR", "USD", "NGN", "GBP", "CNY")
# Read on every filing: Django builds ``Choices.values`` again, labels and all, at each read.
REPORTER_TYPES = frozenset(ReporterType.values)
REPORTER_ROLES = frozenset(ReporterRole.values)
IDENTIFIER_ROLES = frozenset(IdentifierRole.values)
LOSS_CHANNELS = frozenset(LossChannel.values)
LANGUAGES = frozenset(Language.values)
CHANNELS = frozenset(Channel.values)


class ReportInvalid(ValueError):
    """A submission with errors, keyed by field (``reporter.email``, ``suspects.2.value``)."""

    def __init__(self, fields: dict[str, list[str]]):
        super().__init__("invalid report")
        self.fields = fields


@dataclass(frozen=True)
class ReporterInput:
    type: str = ReporterType.PERSON
    role: str = ReporterRole.VICTIM
    is_anonymous: bool = False
    name: str = ""
    phone: str = ""
    email: str = ""
    victim_is_minor: bool = False


@dataclass(frozen=True)
class IdentifierInput:
    type: str
    value: str
    role: str = IdentifierRole.SUSPECT


@dataclass(frozen=True)
class LossInput:
    amount: Decimal | None
    currency: str = "XAF"
    channel: str = ""
    # The payment's confirmation SMS, pasted by the victim (kept as written).
    receipt: str = ""


@dataclass(frozen=True)
class ReportDraft:
    category: str
    description: str
    incident_date: dt.date | None
    region: str
    reporter: ReporterInput
    department: str = ""
    identifiers: Sequence[IdentifierInput] = ()
    loss: LossInput | None = None
    language: str = Language.FR
    consent: bool = False


@dataclass
class SubmittedReport:
    report: Report
    tracking_code: str = field(repr=False)


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ReportInvalid(self.fields)


@dataclass
class _Clean:
    category: OffenceCategory | None = None
    region: Region | None = None
    department: Department | None = None
    reporter_phone: str = ""
    reporter_email: str = ""
    identifiers: list[Sighting] = field(default_factory=list)


def _check_reporter(reporter: ReporterInput, errors: _Errors, clean: _Clean) -> None:
    if reporter.type not in REPORTER_TYPES:
        errors.add("reporter.type", _("Choose who you are: a person, a business or a public body."))
    if reporter.role not in REPORTER_ROLES:
        errors.add(
            "reporter.role",
            _("Say whether you are the victim, a witness or reporting for someone else."),
        )
    if reporter.is_anonymous:
        for name in ("name", "phone", "email"):
            if getattr(reporter, name).strip():
                errors.add(
                    f"reporter.{name}",
                    _("An anonymous report cannot carry your name or contact details."),
                )
        return
    if not reporter.name.strip():
        errors.add("reporter.name", _("Give your name, or the name of the business or body."))
    elif len(reporter.name) > 200:
        errors.add("reporter.name", _("This name is too long (200 characters at most)."))
    if not reporter.phone.strip() and not reporter.email.strip():
        errors.add(
            "reporter.phone",
            _("Give a phone number or an e-mail address so that we can reach you."),
        )
    if reporter.phone.strip():
        try:
            clean.reporter_phone = normalise_phone(reporter.phone)
        except InvalidIdentifier as error:
            errors.add("reporter.phone", str(error))
    if reporter.email.strip():
        try:
            clean.reporter_email = normalise_email(reporter.email)
        except InvalidIdentifier as error:
            errors.add("reporter.email", str(error))


def _check_identifiers(
    identifiers: Sequence[IdentifierInput], errors: _Errors, clean: _Clean
) -> None:
    if len(identifiers) > MAX_IDENTIFIERS:
        errors.add(
            "suspects", _("At most %(count)s identifiers per report.") % {"count": MAX_IDENTIFIERS}
        )
        return
    seen: set[tuple[str, str]] = set()
    for index, identifier in enumerate(identifiers):
        if identifier.role not in IDENTIFIER_ROLES:
            errors.add(f"suspects.{index}.role", _("Unknown role."))
            continue
        try:
            normalised = normalise(identifier.type, identifier.value)
        except InvalidIdentifier as error:
            errors.add(f"suspects.{index}.value", str(error))
            continue
        if (normalised.type, normalised.value) in seen:
            continue
        seen.add((normalised.type, normalised.value))
        clean.identifiers.append(
            Sighting(
                type=normalised.type,
                value=normalised.value,
                raw_value=identifier.value.strip()[:500],
                provider=normalised.provider,
                role=identifier.role,
            )
        )


def _check_loss(loss: LossInput | None, errors: _Errors) -> None:
    if loss is None:
        return
    if loss.amount is not None and not (Decimal(0) <= loss.amount <= MAX_LOSS):
        errors.add("loss.amount", _("Give the amount lost as a positive number."))
    if loss.currency not in CURRENCIES:
        errors.add("loss.currency", _("Unknown currency."))
    if loss.channel and loss.channel not in LOSS_CHANNELS:
        errors.add("loss.channel", _("Choose how the money was paid from the list."))


@dataclass(frozen=True)
class ValidReport:
    """What validation made of a draft, ready to be saved."""

    category: OffenceCategory
    region: Region
    department: Department | None
    reporter_phone: str
    reporter_email: str
    identifiers: list[Sighting]


def report_validate(draft: ReportDraft) -> ValidReport:
    """Check every field of a draft; raise ReportInvalid listing all that is wrong at once."""
    errors, clean = _Errors(), _Clean()
    clean.category = category_get_active(draft.category)
    if clean.category is None:
        errors.add("category", _("Choose what happened from the list."))
    description = draft.description.strip()
    if len(description) < MIN_DESCRIPTION:
        errors.add(
            "description",
            _("Describe what happened in at least {count} characters.").format(
                count=MIN_DESCRIPTION
            ),
        )
    elif len(description) > MAX_DESCRIPTION:
        errors.add(
            "description",
            _("This description is too long (%(max)s characters at most).")
            % {"max": MAX_DESCRIPTION},
        )
    if draft.incident_date is not None:
        today = timezone.localdate()
        if draft.incident_date > today:
            errors.add("incident_date", _("The date cannot be in the future."))
        elif draft.incident_date < dt.date(1990, 1, 1):
            errors.add("incident_date", _("This date is too far in the past."))
    clean.region = region_get(draft.region)
    if clean.region is None:
        errors.add("region", _("Choose a region from the list."))
    if draft.department:
        clean.department = department_get(code=draft.department, region_code=draft.region)
        if clean.department is None:
            errors.add("department", _("This department is not in the region chosen."))
    _check_reporter(draft.reporter, errors, clean)
    _check_identifiers(draft.identifiers, errors, clean)
    _check_loss(draft.loss, errors)
    if draft.language not in LANGUAGES:
        errors.add("language", _("Choose French or English."))
    if draft.consent is not True:
        errors.add(
            "consent",
            _("We can only process your report if you accept the notice on personal data."),
        )
    errors.raise_if_any()
    return ValidReport(
        category=cast(OffenceCategory, clean.category),  # both checked above
        region=cast(Region, clean.region),
        department=clean.department,
        reporter_phone=clean.reporter_phone,
        reporter_email=clean.reporter_email,
        identifiers=clean.identifiers,
    )


def _check_evidence_count(count: int) -> None:
    if count > settings.EVIDENCE_MAX_FILES:
        raise ReportInvalid(
            {
                "evidence": [
                    _("At most %(count)s files per report.")
                    % {"count": settings.EVIDENCE_MAX_FILES}
                ]
            }
        )


@transaction.atomic
@audit_batch()
def report_submit(
    *,
    draft: ReportDraft,
    channel: str,
    evidence: Sequence[IncomingFile] = (),
    staged_evidence: Sequence[Evidence] = (),
    filed_by: User | None = None,
) -> SubmittedReport:
    """Validate and record a report, its identifiers and evidence in one transaction.

    Files are written and flushed before the commit; the confirmation goes out after it.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    clean = report_validate(draft)
    clean.identifiers.extend(site_sightings(clean.identifiers))
    _check_evidence_count(len(evidence) + len(staged_evidence))
    stored_evidence = _store_evidence(evidence, staged_evidence, actor=filed_by)
    code = tracking.new_tracking_code()
    loss = draft.loss
    reporter = draft.reporter
    report = Report(
        tracking_code_hash=tracking.hash_tracking_code(code),
        channel=channel,
        language=draft.language,
        category=clean.category,
        description=draft.description.strip(),
        incident_date=draft.incident_date,
        region=clean.region,
        department=clean.department,
        is_anonymous=reporter.is_anonymous,
        reporter_type=reporter.type,
        reporter_role=reporter.role,
        reporter_name=reporter.name.strip(),
        reporter_phone=clean.reporter_phone,
        reporter_email=clean.reporter_email,
        victim_is_minor=reporter.victim_is_minor,
        loss_amount=loss.amount if loss else None,
        loss_currency=loss.currency if loss else "XAF",
        loss_channel=loss.channel if loss else "",
        loss_receipt=loss.receipt.strip()[:MAX_RECEIPT_LENGTH] if loss else "",
        consent_at=timezone.now(),
        consent_notice_version=consent.NOTICE_VERSION,
        filed_by=filed_by,
    )
    arrival = report_arrival(report, ((item.type, item.value) for item in clean.identifiers))
    arrival_apply(report, arrival)
    # What needs no saved report is done before the number: the counter row stays locked from
    # the number to the commit, and every other filing waits for it (decision 0002).
    sightings_link(report=report, sightings=clean.identifiers)
    found = found_in_report_text(report)
    numbered_report_and_event_insert(
        report, ReportEvent(kind=ReportEvent.Kind.SUBMITTED), year=timezone.now().year
    )
    for identifier in clean.identifiers:
        identifier.report = report
    sightings_save(
        [*clean.identifiers, *extracted_sightings(report, found, typed=clean.identifiers)]
    )
    if stored_evidence:
        ReportEvidence.objects.bulk_create(
            ReportEvidence(report=report, evidence=item, sha256=item.sha256)
            for item in stored_evidence
        )
    if arrival.decision.inform:
        # A new report has none yet: written at once, not read first as ``set`` would.
        informed = Report.informed_units.through
        informed.objects.bulk_create(
            informed(report_id=report.pk, unit_id=unit_id)
            for unit_id in dict.fromkeys(rule.unit_id for rule in arrival.decision.inform)
        )
    audit_record(
        actor=filed_by,
        actor_label="reporter",
        action="report.submitted",
        object_type="report",
        object_id=report.reference,
        details={"channel": channel, "unit": report.unit.code if report.unit else ""},
    )
    report_step_taken(
        ReportStep.ARRIVED,
        report_id=report.pk,
        actor_id=filed_by.pk if filed_by else None,
        report=report,
    )
    transaction.on_commit(lambda: tasks.enqueue_report_confirmation(report.pk))
    return SubmittedReport(report=report, tracking_code=code)


def _store_evidence(
    incoming: Sequence[IncomingFile],
    staged: Sequence[Evidence],
    *,
    actor: User | None,
) -> list[Evidence]:
    """Write the new files durably and mark the staged ones attached, before the report exists.

    A new file the report already holds is refused by name; a file staged twice (two tabs of
    one form) is attached once, the copy left unattached for the clean-up of staged files.
    """
    label = "reporter" if actor is None else actor.get_username()
    staged_once: list[Evidence] = []
    for item in staged:
        if all(item.sha256 != kept.sha256 for kept in staged_once):
            staged_once.append(item)
    held = [(item.sha256, item.original_name) for item in staged_once]
    stored: list[Evidence] = []
    for index, file in enumerate(incoming):
        try:
            allowance.duplicate_check(content=file.content, held=held)
            stored.append(evidence_receive(incoming=file, actor=actor, actor_label=label))
        except (EvidenceRejected, allowance.DuplicateFile) as error:
            raise ReportInvalid({f"evidence.{index}": [str(error)]}) from error
        held.append((stored[-1].sha256, stored[-1].original_name))
    for item in staged_once:
        item.is_attached = True
        item.save(update_fields=["is_attached"])
        stored.append(item)
    return stored


@transaction.atomic
@audit_batch()
def report_add_information(*, report: Report, text: str) -> ReportEvent:
    text = text.strip()
    if len(text) < 2:
        raise ReportInvalid({"text": [_("Write what you want to add.")]})
    if len(text) > MAX_DESCRIPTION:
        raise ReportInvalid(
            {
                "text": [
                    _("This text is too long (%(max)s characters at most).")
                    % {"max": MAX_DESCRIPTION}
                ]
            }
        )
    return ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.INFORMATION_ADDED, note=text
    )


def report_add_uploaded_evidence(*, report: Report, upload: UploadedFile, address: str) -> Evidence:
    """Add a file sent by the reporter; every refusal, even before reading, is on ``file``."""
    try:
        incoming = incoming_from_upload(upload)
    except EvidenceRejected as error:
        raise ReportInvalid({"file": [str(error)]}) from error
    return report_add_evidence(report=report, incoming=incoming, address=address)


@transaction.atomic
@audit_batch()
def report_add_evidence(*, report: Report, incoming: IncomingFile, address: str) -> Evidence:
    """Attach a file the reporter sent, within the report's and the address's allowances."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    held = report.evidence.aggregate(files=Count("pk"), size=Sum("size"))
    size = len(incoming.content)
    _check_evidence_count(held["files"] + 1)
    try:
        allowance.report_check(
            files=held["files"] + 1,
            size=(held["size"] or 0) + size,
            max_files=settings.EVIDENCE_MAX_FILES,
        )
        allowance.duplicate_check(
            content=incoming.content,
            held=report.evidence.values_list("sha256", "original_name"),
        )
        allowance.address_check(address=address, size=size)
        stored = evidence_receive(incoming=incoming, actor_label="reporter")
    except (EvidenceRejected, allowance.AllowanceExceeded) as error:
        raise ReportInvalid({"file": [str(error)]}) from error
    allowance.address_spend(address=address, size=stored.size)
    ReportEvidence.objects.create(report=report, evidence=stored, sha256=stored.sha256)
    ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.EVIDENCE_ADDED,
        note=f"{stored.original_name} ({stored.sha256})",
    )
    return stored


@transaction.atomic
@audit_batch()
def report_complete_identity(*, report: Report, reporter: ReporterInput) -> Report:
    """Turn an anonymous tip into a complaint by the same person, who holds the tracking code."""
    if not report.is_anonymous:
        raise ReportInvalid({"reporter": [_("This report already names its author.")]})
    if reporter.is_anonymous:
        raise ReportInvalid(
            {"reporter.is_anonymous": [_("Give your identity to turn the tip into a complaint.")]}
        )
    errors, clean = _Errors(), _Clean()
    _check_reporter(reporter, errors, clean)
    errors.raise_if_any()
    report.is_anonymous = False
    report.reporter_type = reporter.type
    report.reporter_role = reporter.role
    report.reporter_name = reporter.name.strip()
    report.reporter_phone = clean.reporter_phone
    report.reporter_email = clean.reporter_email
    report.victim_is_minor = reporter.victim_is_minor
    # The tip had no one to confirm to; now the confirmation goes to the person named.
    report.confirmation_sent_at = None
    report.confirmation_attempts = 0
    report.save(
        update_fields=[
            "is_anonymous",
            "reporter_type",
            "reporter_role",
            "reporter_name",
            "reporter_phone",
            "reporter_email",
            "victim_is_minor",
            "confirmation_sent_at",
            "confirmation_attempts",
        ]
    )
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.IDENTITY_COMPLETED)
    transaction.on_commit(lambda: tasks.enqueue_report_confirmation(report.pk))
    return report
