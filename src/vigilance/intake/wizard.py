"""The report form's draft, kept in the browser's server-side session between its steps.

Plain functions: which steps exist and which are finished, checking one step with the rules of
``services.report_validate``, staging evidence, and turning the draft into a ``ReportDraft``.
The session holds only JSON values (strings, booleans, lists), never model instances.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from vigilance.evidence import allowance
from vigilance.evidence.models import Evidence
from vigilance.evidence.services import (
    EvidenceRejected,
    IncomingFile,
    evidence_discard,
    evidence_receive,
    incoming_from_upload,
    safe_display_name,
)
from vigilance.intake import access, services
from vigilance.intake.models import Channel

Session = MutableMapping[str, Any]

STEPS = ("who", "what", "suspects", "loss", "evidence", "review")
FORM_STEPS = STEPS[:-1]
DRAFT_KEY = "report_draft"
FILED_KEY = "report_filed"
PREFILL_KEY = "report_prefill"
CHILD_ABUSE_CATEGORY = "child_sexual_abuse"

# Which step holds each field named by ``services.ReportInvalid`` (the first dotted part).
_FIELD_STEP = {
    "reporter": "who",
    "category": "what",
    "description": "what",
    "incident_date": "what",
    "region": "what",
    "department": "what",
    "suspects": "suspects",
    "loss": "loss",
    "evidence": "evidence",
    "consent": "review",
    "language": "review",
}


def step_label(step: str) -> str:
    labels = {
        "who": _("Who you are"),
        "what": _("What happened"),
        "suspects": _("Who did it"),
        "loss": _("What you lost"),
        "evidence": _("Evidence"),
        "review": _("Check and send"),
    }
    return labels[step]


def previous_step(step: str) -> str | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def next_step(step: str) -> str:
    return STEPS[min(STEPS.index(step) + 1, len(STEPS) - 1)]


# The draft in the session --------------------------------------------------------------------


def draft_get(session: Session) -> dict[str, Any]:
    """The answers given so far, by step; an empty dict for a new form."""
    draft = session.get(DRAFT_KEY)
    return dict(draft) if isinstance(draft, dict) else {}


def step_values(session: Session, step: str) -> dict[str, Any]:
    values = draft_get(session).get(step)
    return dict(values) if isinstance(values, dict) else {}


def step_save(session: Session, step: str, values: Mapping[str, Any]) -> None:
    """Keep a finished step's answers; the session is written at the end of the request."""
    draft = draft_get(session)
    draft[step] = dict(values)
    session[DRAFT_KEY] = draft


def is_finished(session: Session, step: str) -> bool:
    return step in draft_get(session)


def first_unfinished_step(session: Session) -> str:
    """The step to resume at: the first form step without answers, else the review."""
    draft = draft_get(session)
    for step in FORM_STEPS:
        if step not in draft:
            return step
    return "review"


def is_child_abuse(session: Session) -> bool:
    """Child sexual abuse: the form never takes files, only where the material was seen."""
    return step_values(session, "what").get("category") == CHILD_ABUSE_CATEGORY


def draft_clear(session: Session) -> None:
    session.pop(DRAFT_KEY, None)
    session.pop(PREFILL_KEY, None)


def prefill_save(session: Session, suggested: Mapping[str, Mapping[str, Any]]) -> None:
    """Keep values suggested by another page (``intake.prefill``) for steps not yet answered.

    A step shows them until the reporter sends it; a step already answered keeps its answers.
    """
    session[PREFILL_KEY] = {step: dict(values) for step, values in suggested.items()}


def prefill_values(session: Session, step: str) -> dict[str, Any]:
    prefill = session.get(PREFILL_KEY)
    values = prefill.get(step) if isinstance(prefill, dict) else None
    return dict(values) if isinstance(values, dict) else {}


# Checking one step with the service's rules ---------------------------------------------------


def _reporter(values: Mapping[str, Any]) -> services.ReporterInput:
    return services.ReporterInput(
        type=str(values.get("type", "")),
        role=str(values.get("role", "")),
        is_anonymous=bool(values.get("is_anonymous", False)),
        name=str(values.get("name", "")),
        phone=str(values.get("phone", "")),
        email=str(values.get("email", "")),
        victim_is_minor=bool(values.get("victim_is_minor", False)),
    )


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else None


def _identifiers(values: Mapping[str, Any]) -> list[services.IdentifierInput]:
    return [
        services.IdentifierInput(type=str(row["type"]), value=str(row["value"]))
        for row in values.get("identifiers", [])
    ]


def _loss(values: Mapping[str, Any]) -> services.LossInput | None:
    if not values.get("has_loss"):
        return None
    amount = values.get("amount")
    return services.LossInput(
        amount=Decimal(str(amount)) if amount not in (None, "") else None,
        currency=str(values.get("currency") or "XAF"),
        channel=str(values.get("channel") or ""),
        receipt=str(values.get("receipt") or ""),
    )


def _partial_draft(draft: Mapping[str, Any]) -> services.ReportDraft:
    """A ReportDraft from whatever steps are present; missing ones are left empty."""
    who, what = draft.get("who", {}), draft.get("what", {})
    return services.ReportDraft(
        category=str(what.get("category", "")),
        description=str(what.get("description", "")),
        incident_date=_date(what.get("incident_date")),
        region=str(what.get("region", "")),
        department=str(what.get("department", "")),
        reporter=_reporter(who),
        identifiers=_identifiers(draft.get("suspects", {})),
        loss=_loss(draft.get("loss", {})),
    )


def step_of_field(name: str) -> str:
    """The step holding a field of ``ReportInvalid.fields`` (``reporter.phone`` -> ``who``)."""
    return _FIELD_STEP.get(name.split(".", 1)[0], "review")


def step_errors(step: str, values: Mapping[str, Any]) -> dict[str, list[str]]:
    """The service's complaints about one step's answers, keyed by the service's field names.

    The other steps are left empty, and what the service says about them is dropped.
    """
    try:
        services.report_validate(_partial_draft({step: values}))
    except services.ReportInvalid as invalid:
        return {name: msgs for name, msgs in invalid.fields.items() if step_of_field(name) == step}
    return {}


# Amounts --------------------------------------------------------------------------------------

_CURRENCY = r"(?:f\s*cfa|cfa|xaf|frs?|f)\.?"
_CURRENCY_WORDS = re.compile(rf"(?i)^\s*{_CURRENCY}\s*|\s*{_CURRENCY}\s*$")


def parse_amount(text: str) -> Decimal:
    """An amount as people write it: "75 000", "75.000", "75,000", "75000 FCFA", "1 500,50".

    A separator followed by exactly three digits groups thousands, as does one used several
    times; otherwise the last separator marks the decimals. Raises ValueError with a message
    for the person.
    """
    value = re.sub(r"[\s\u00a0\u202f']", "", _CURRENCY_WORDS.sub("", text.strip()))
    if value.startswith("-"):
        raise ValueError(_("The amount cannot be negative."))
    not_figures = _("Write the amount in figures, for example 75 000.")
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", value):
        raise ValueError(not_figures)
    separators = re.findall(r"[.,]", value)
    decimals = ""
    if separators:
        last = max(value.rfind("."), value.rfind(","))
        tail, mark = value[last + 1 :], value[last]
        used_once = separators.count(mark) == 1
        if used_once and (len(set(separators)) == 2 or len(tail) != 3):
            decimals, value = tail, value[:last]
    if len(decimals) > 2:
        raise ValueError(not_figures)
    whole = re.sub(r"[.,]", "", value)
    amount = Decimal(f"{whole}.{decimals}" if decimals else whole)
    if amount > services.MAX_LOSS:
        raise ValueError(_("This amount is too large to be real: check the number of zeros."))
    return amount


# Staged evidence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefusedFile:
    name: str
    message: str


def staged_evidence(session: Session) -> list[Evidence]:
    """The files this form has stored so far, in the order they arrived."""
    ids = draft_get(session).get("evidence", {}).get("files", [])
    return list(
        Evidence.objects.filter(public_id__in=ids, is_attached=False, deleted_at__isnull=True)
    )


def _staged_ids(session: Session) -> list[str]:
    return [str(i) for i in draft_get(session).get("evidence", {}).get("files", [])]


def _refusal_of(
    upload: UploadedFile, staged: list[Evidence], *, address: str
) -> tuple[IncomingFile | None, str]:
    """The file read, or why it may not join the form (too big, already there, over a limit)."""
    try:
        incoming = incoming_from_upload(upload)
        size = len(incoming.content)
        allowance.report_check(
            files=len(staged) + 1,
            size=sum(item.size for item in staged) + size,
            max_files=settings.EVIDENCE_MAX_FILES,
        )
        allowance.duplicate_check(
            content=incoming.content, held=((item.sha256, item.original_name) for item in staged)
        )
        allowance.address_check(address=address, size=size)
    except (EvidenceRejected, allowance.AllowanceExceeded) as error:
        return None, str(error)
    return incoming, ""


def evidence_stage(
    session: Session, uploads: Iterable[UploadedFile], *, address: str
) -> list[RefusedFile]:
    """Store each file at once, encrypted, as staged evidence; return the ones refused.

    A form holds at most ``EVIDENCE_MAX_FILES`` files and ``allowance.REPORT_MAX_BYTES``, and
    an address sends at most its hourly allowance, whatever the form. Each file is its own
    transaction, so a refused file never costs the accepted ones. With no file, the step is
    simply marked as answered.
    """
    staged = staged_evidence(session)
    refused: list[RefusedFile] = []
    for upload in uploads:
        name = safe_display_name(upload.name or "")
        incoming, reason = _refusal_of(upload, staged, address=address)
        if incoming is None:
            refused.append(RefusedFile(name, reason))
            continue
        try:
            with transaction.atomic():
                evidence = evidence_receive(
                    incoming=incoming, actor_label="reporter", is_attached=False
                )
        except EvidenceRejected as error:
            refused.append(RefusedFile(name, str(error)))
            continue
        allowance.address_spend(address=address, size=evidence.size)
        staged.append(evidence)
    values = step_values(session, "evidence")
    values["files"] = [str(item.public_id) for item in staged]
    step_save(session, "evidence", values)
    return refused


def evidence_unstage(session: Session, public_id: str) -> None:
    """Take a file off the form and delete its stored copy at once.

    Only a file of this form: another form's file, or one already in a report, stays as it is.
    """
    ids = _staged_ids(session)
    if public_id not in ids:
        return
    for evidence in Evidence.objects.filter(public_id=public_id):
        evidence_discard(evidence=evidence, actor_label="reporter")
    values = step_values(session, "evidence")
    values["files"] = [i for i in ids if i != public_id]
    step_save(session, "evidence", values)


def evidence_save_place(session: Session, place: str) -> None:
    """Keep where child abuse material was seen (a link or a place), instead of any file."""
    values = step_values(session, "evidence")
    values["files"] = _staged_ids(session)
    values["seen_at"] = place.strip()
    step_save(session, "evidence", values)


# Submitting -----------------------------------------------------------------------------------


def _looks_like_link(text: str) -> bool:
    return bool(re.match(r"(?i)^(https?://|www\.)\S+$", text))


def report_draft(session: Session, *, language: str, consent: bool) -> services.ReportDraft:
    """The session's answers as the service's ReportDraft.

    For child sexual abuse, the place where the material was seen is added to the account, and
    kept as a link identifier when it is one, so that it can be correlated with other reports.
    """
    draft = draft_get(session)
    partial = _partial_draft(draft)
    description = partial.description
    identifiers = list(partial.identifiers)
    seen_at = str(draft.get("evidence", {}).get("seen_at", "")).strip()
    if seen_at and partial.category == CHILD_ABUSE_CATEGORY:
        description = f"{description.strip()}\n\n{_('Where it was seen:')} {seen_at}"
        if _looks_like_link(seen_at):
            identifiers.append(services.IdentifierInput(type="url", value=seen_at))
    return services.ReportDraft(
        category=partial.category,
        description=description,
        incident_date=partial.incident_date,
        region=partial.region,
        department=partial.department,
        reporter=partial.reporter,
        identifiers=identifiers,
        loss=partial.loss,
        language=language,
        consent=consent,
    )


def report_file(session: Session, *, language: str, consent: bool) -> services.SubmittedReport:
    """File the draft through ``services.report_submit``; the session then remembers the filing.

    Raises ``services.ReportInvalid`` as the service does.
    """
    evidence = [] if is_child_abuse(session) else staged_evidence(session)
    submitted = services.report_submit(
        draft=report_draft(session, language=language, consent=consent),
        channel=Channel.WEB,
        staged_evidence=evidence,
    )
    reference = submitted.report.reference
    session[FILED_KEY] = {"reference": reference, "tracking_code": submitted.tracking_code}
    access.receipt_grant(session, reference)
    draft_clear(session)
    return submitted


@dataclass(frozen=True)
class Filed:
    reference: str
    tracking_code: str  # empty once it has been shown


def filed_take(session: Session) -> Filed | None:
    """The last filing of this session; its tracking code is given once, then forgotten."""
    filed = session.get(FILED_KEY)
    if not isinstance(filed, dict):
        return None
    code = str(filed.get("tracking_code", ""))
    if code:
        session[FILED_KEY] = {"reference": filed["reference"], "tracking_code": ""}
    return Filed(reference=str(filed["reference"]), tracking_code=code)
