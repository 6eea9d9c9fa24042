"""Request and response schemas of the staff case API (``/api/v1/cases``)."""

import datetime as dt
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class CaseSummaryOut(Schema):
    id: UUID
    number: str
    title: str
    status: str
    status_label: str
    outcome: str
    priority: int
    tlp: str
    owning_unit: str
    organisation: str
    lead: str | None
    opened_at: dt.datetime
    updated_at: dt.datetime


class CaseListOut(Schema):
    count: int = Field(description="Cases matching the filters, up to 1000 (see count_capped).")
    count_capped: bool = Field(description="True when more than 1000 cases match.")
    next: str | None = Field(
        description="Opaque cursor of the next page (pass it as cursor); null on the last page."
    )
    previous: str | None = Field(
        description="Opaque cursor of the previous page; null on the first page."
    )
    items: list[CaseSummaryOut]


class ReportRefOut(Schema):
    id: UUID
    reference: str
    category: str
    region: str
    status: str


class IdentifierOut(Schema):
    type: str
    value: str
    display: str
    reports: int


class EvidenceOut(Schema):
    name: str
    content_type: str
    size: int
    sha256: str


class TaskOut(Schema):
    id: int
    title: str
    assignee: str | None
    due_date: dt.date | None
    done_at: dt.datetime | None


class NoteOut(Schema):
    id: int
    author: str
    body: str
    created_at: dt.datetime


class EventOut(Schema):
    at: dt.datetime
    kind: str
    label: str
    actor: str | None
    summary: str


class ShareOut(Schema):
    """A share: it always grants reading; the three rights below are what its owner added."""

    id: int
    unit: str | None
    organisation: str | None
    user: str | None
    reason: str
    may_contribute: bool
    may_download_evidence: bool
    may_export_case_file: bool
    expires_at: dt.datetime


class LinkOut(Schema):
    """A linked case; only its organisation when the caller may not see it."""

    visible: bool
    organisation: str
    number: str | None
    id: UUID | None
    title: str | None
    reason: str | None


class CaseOut(CaseSummaryOut):
    reports: list[ReportRefOut] = Field(
        description="The first 50 reports, oldest first; all of them at "
        "/staff/cases/{id}/reports/ when reports_total is larger."
    )
    reports_total: int = Field(description="Reports of the case, up to 1000.")
    reports_total_capped: bool = Field(description="True when the case holds more than 1000.")
    cut: list[str] = Field(
        description="The lists that show only part of the case: reports (the first 50), "
        "identifiers (the 50 most named), evidence (the first 100), timeline (the latest 200)."
    )
    identifiers: list[IdentifierOut]
    evidence: list[EvidenceOut]
    tasks: list[TaskOut]
    notes: list[NoteOut]
    timeline: list[EventOut]
    shares: list[ShareOut]
    links: list[LinkOut]
    actions: list[str] = Field(
        description="What the caller may do on the case: manage_shares, change_status, reopen, "
        "attach_report, change_lead, change_unit, change_priority, link, message_victim, "
        "contribute, download_evidence, export_case_file."
    )


class StatusIn(Strict):
    status: str = Field(..., max_length=30)
    outcome: str = Field("", max_length=30)


class ReopenIn(Strict):
    reason: str = Field(..., max_length=300)


class AttachIn(Strict):
    reference: str = Field(..., max_length=24)


class TaskIn(Strict):
    title: str = Field(..., max_length=200)
    assignee: str | None = Field(None, max_length=150, description="A username.")
    due_date: dt.date | None = None


class NoteIn(Strict):
    body: str = Field(..., max_length=10_000)


class ShareIn(Strict):
    """Exactly one of ``unit`` (code), ``organisation`` (code) and ``user`` (username). The share
    grants reading; each right below is off unless the owner turns it on. Only the unit in
    charge of the case shares it: a recipient never shares further."""

    unit: str | None = Field(None, max_length=60)
    organisation: str | None = Field(None, max_length=40)
    user: str | None = Field(None, max_length=150)
    reason: str = Field(..., max_length=300)
    expires_at: dt.datetime
    may_contribute: bool = Field(False, description="The recipient may add notes and tasks.")
    may_download_evidence: bool = Field(
        False, description="The recipient may download the evidence files of the case's reports."
    )
    may_export_case_file: bool = Field(
        False, description="The recipient may export the signed case file."
    )


class LinkIn(Strict):
    number: str = Field(..., max_length=24)
    reason: str = Field(..., max_length=300)


class MessageIn(Strict):
    reference: str = Field(..., max_length=24)
    text: str = Field(..., max_length=2000)


class MessageOut(Schema):
    reference: str
    sent: bool
