"""The reports of a cluster as the page shows them: their rows read as plain values in one
statement, who holds each one, and which of their cases the reader may see."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import get_language

from vigilance.accounts.models import Organisation, OrganisationKind
from vigilance.cases import access
from vigilance.cases.models import Case
from vigilance.intake.models import Report


@dataclass(frozen=True)
class ReportRow:
    """What the cluster shows of a report, read as plain values (no model instances: a walk
    holds up to 200 reports, each with five related rows)."""

    pk: int
    reference: str
    public_id: str
    category: str
    region: str
    submitted_at: dt.datetime
    unit: str
    unit_organisation: str
    case_id: int | None
    case_number: str
    case_public_id: str
    case_unit_id: int | None
    case_unit: str
    case_unit_organisation: str


def report_rows(report_ids: list[int]) -> dict[int, ReportRow]:
    """The walk's reports in one statement, names in the active language."""
    lang = "en" if (get_language() or "fr").startswith("en") else "fr"
    case = "case_link__case__"
    rows = Report.objects.filter(pk__in=report_ids).values_list(
        "pk",
        "reference",
        "public_id",
        f"category__name_{lang}",
        f"region__name_{lang}",
        "submitted_at",
        f"unit__name_{lang}",
        f"unit__organisation__name_{lang}",
        f"{case}id",
        f"{case}number",
        f"{case}public_id",
        f"{case}owning_unit_id",
        f"{case}owning_unit__name_{lang}",
        f"{case}owning_unit__organisation__name_{lang}",
    )
    loaded = {}
    for row in rows:
        (pk, reference, public_id, category, region, submitted_at, unit, unit_organisation,
         case_id, case_number, case_public_id, case_unit_id, case_unit,
         case_unit_organisation) = row  # fmt: skip
        loaded[pk] = ReportRow(
            pk=pk,
            reference=reference,
            public_id=str(public_id),
            category=category,
            region=region,
            submitted_at=submitted_at,
            unit=unit or "",
            unit_organisation=unit_organisation or "",
            case_id=case_id,
            case_number=case_number or "",
            case_public_id=str(case_public_id) if case_public_id else "",
            case_unit_id=case_unit_id,
            case_unit=case_unit or "",
            case_unit_organisation=case_unit_organisation or "",
        )
    return loaded


def report_owner(report: ReportRow, centre: str) -> tuple[str, str]:
    """Who holds the report: the case's owning unit, else the unit it was routed to, else the
    coordination centre (still in triage)."""
    if report.case_id is not None:
        organisation, unit = report.case_unit_organisation, report.case_unit
    else:
        organisation, unit = report.unit_organisation, report.unit
    return (organisation, unit) if unit else (centre, "")


def coordination_centre_name() -> str:
    """Who holds the reports still in triage."""
    centre = Organisation.objects.filter(kind=OrganisationKind.COORDINATION_CENTRE).first()
    return centre.name if centre is not None else ""


def cases_visible_among(reader: access.Reader, reports: Iterable[ReportRow]) -> set[int]:
    """Which of the walk's cases the reader may see, from the cases read with their reports:
    only the shared ones not of the reader's units need the share list."""
    owning = {report.case_id: report.case_unit_id for report in reports if report.case_id}
    if reader.sees_nothing or not owning:
        return set()
    if reader.sees_everything:
        return set(owning)
    units = set(reader.unit_ids)
    owned = {case_id for case_id, unit_id in owning.items() if unit_id in units}
    rest = set(owning) - owned
    if not rest:
        return owned
    shared = reader.shared_case_ids
    if isinstance(shared, list):
        return owned | (rest & set(shared))
    return owned | set(
        Case.objects.filter(pk__in=rest).filter(pk__in=shared).values_list("pk", flat=True)
    )
