"""Schemas of the triage API: the queue, the staff view of a report, and the triage actions."""

import datetime as dt
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict


class QueueFilters(Schema):
    category: str = ""
    region: str = ""
    after: str = ""


class QueueItemOut(Schema):
    id: UUID
    reference: str
    received_at: dt.datetime
    category: str
    category_label: str
    region: str
    loss_amount: Decimal | None
    loss_currency: str
    priority: int
    victim_is_minor: bool
    shared_reports: int = Field(
        description="Other reports naming one of this report's identifiers (all of them "
        "counted once), up to 1000; see shared_reports_capped."
    )
    shared_reports_capped: bool = Field(
        False, description="True when more than 1000 other reports share an identifier."
    )
    suggested_unit: str | None
    rule: str | None


class QueueOut(Schema):
    items: list[QueueItemOut]
    next: str | None


class ReportIdentifierOut(Schema):
    type: str
    value: str
    display: str
    role: str
    provider: str


class ReportEvidenceOut(Schema):
    id: UUID
    name: str
    content_type: str
    size: int
    sha256: str


class ReportEventOut(Schema):
    at: dt.datetime
    kind: str
    label: str
    organisation: str | None


class ReporterOut(Schema):
    anonymous: bool
    type: str
    role: str
    name: str
    phone: str
    email: str


class StaffReportOut(Schema):
    id: UUID
    reference: str
    status: str
    status_label: str
    channel: str
    language: str
    category: str
    region: str
    department: str | None
    description: str
    incident_date: dt.date | None
    received_at: dt.datetime
    priority: int
    victim_is_minor: bool
    reporter: ReporterOut
    loss_amount: Decimal | None
    loss_currency: str
    loss_channel: str
    unit: str | None
    rule: str | None
    informed_units: list[str]
    duplicate_of: str | None
    identifiers: list[ReportIdentifierOut]
    evidence: list[ReportEvidenceOut]
    history: list[ReportEventOut]
    related: list[str]


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class RouteIn(_Strict):
    unit: str


class RequalifyIn(_Strict):
    category: str
    reason: str


class DuplicateIn(_Strict):
    original: str
    reason: str


class RejectIn(_Strict):
    reason: str


class OpenCaseIn(_Strict):
    title: str = ""
    tlp: str = "amber"


class OpenedCaseOut(Schema):
    id: UUID
    number: str
