"""Issuing the annual report: rendered and signed once per request, kept encrypted as an issued
document (``annual_report:<year>``), audited when issued and each time it is downloaded.

The button of the ministry's page asks for it (``annual_report_request``): a Celery job renders
it after the request commits, since rendering and signing take seconds. ``manage.py
annual_report`` calls ``annual_report_issue`` directly.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.db import transaction

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.core.documents import issued_copy_get, issued_copy_keep
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.core.models import IssuedDocument
from vigilance.evidence import crypto
from vigilance.stats.annual_report.access import may_issue_annual_report
from vigilance.stats.annual_report.document import annual_report_pdf
from vigilance.stats.annual_report.figures import YearNotAvailable, annual_figures, year_check

COPY_PREFIX = "annual_report:"
COMMAND_ACTOR = "command:annual_report"


@dataclass(frozen=True)
class IssuedReport:
    year: int
    sha256: str
    issued_at: dt.datetime
    size: int


def _copy_name(year: int) -> str:
    return f"{COPY_PREFIX}{year}"


def annual_report_issue(
    *, actor: User | None, year: int, actor_label: str = COMMAND_ACTOR
) -> bytes:
    """Render, sign and keep the report of ``year``, replacing the one kept before; the PDF.

    Raises InvalidAction (with the reason in the active language) for a year not covered.
    """
    try:
        figures = annual_figures(year)
    except YearNotAvailable as error:
        raise InvalidAction(str(error), {"year": [str(error)]}) from error
    pdf = annual_report_pdf(figures)
    sha256 = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        issued_copy_keep(name=_copy_name(year), fingerprint=sha256, content=crypto.encrypt(pdf))
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action="annual_report.issued",
            object_type="annual_report",
            object_id=year,
            details={"year": year, "sha256": sha256},
        )
    return pdf


def annual_report_request(*, actor: User, year: int) -> None:
    """Ask for the report of ``year``: checked now, rendered by a job once this commits."""
    from vigilance.stats.tasks import annual_report_issue_job

    if not may_issue_annual_report(actor):
        raise NotAllowed
    try:
        year_check(year)
    except YearNotAvailable as error:
        raise InvalidAction(str(error), {"year": [str(error)]}) from error
    transaction.on_commit(lambda: annual_report_issue_job.delay(year=year, actor_id=actor.pk))


def annual_reports_issued() -> list[IssuedReport]:
    """The reports kept, newest year first, with the SHA-256 of each PDF."""
    found = []
    for copy in IssuedDocument.objects.filter(name__startswith=COPY_PREFIX).order_by("-name"):
        found.append(
            IssuedReport(
                year=int(copy.name.removeprefix(COPY_PREFIX)),
                sha256=copy.fingerprint,
                issued_at=copy.issued_at,
                size=len(copy.content),
            )
        )
    return found


def annual_report_download(*, actor: User, year: int) -> tuple[bytes, str]:
    """The kept PDF of ``year`` and its SHA-256, audited; NotFound when none is kept."""
    if not may_issue_annual_report(actor):
        raise NotFound
    copy = IssuedDocument.objects.filter(name=_copy_name(year)).first()
    if copy is None:
        raise NotFound
    stored = issued_copy_get(name=copy.name, fingerprint=copy.fingerprint)
    try:
        pdf = crypto.decrypt(stored or b"")
    except InvalidToken as error:
        raise NotFound from error
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="annual_report.downloaded",
            object_type="annual_report",
            object_id=year,
            details={"year": year, "sha256": copy.fingerprint},
        )
    return pdf, copy.fingerprint
