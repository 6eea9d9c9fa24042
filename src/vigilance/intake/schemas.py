"""Request and response schemas of the public reporting API."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """A request body: plain pydantic, since ninja's ``Schema`` wraps every value it validates
    in a getter made for reading ORM objects, and a body is a dict. The OpenAPI document is
    the same."""

    model_config = ConfigDict(extra="forbid")


class ReporterIn(Strict):
    type: Literal["person", "business", "public_body"] = "person"
    role: Literal["victim", "witness", "third_party"] = "victim"
    anonymous: bool = False
    name: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    victim_is_minor: bool = False


class IdentifierIn(Strict):
    type: str = Field(..., min_length=1, max_length=30)
    value: str = Field(..., min_length=1, max_length=500)
    role: Literal["suspect", "victim", "other"] = "suspect"


class LossIn(Strict):
    amount: Decimal | None = Field(None, ge=0, le=Decimal("1000000000000"), decimal_places=2)
    currency: str = Field("XAF", min_length=3, max_length=3)
    channel: str = Field("", max_length=30)
    receipt: str = Field(
        "", max_length=2000, description="The payment's confirmation SMS, pasted as received."
    )


class ReportIn(Strict):
    category: str = Field(..., min_length=1, max_length=60)
    description: str = Field(
        ...,
        min_length=10,
        max_length=20_000,
        # Ten characters once the spaces around are trimmed, as the service requires.
        pattern=r"\S[\s\S]{8,}\S",
        description="What happened: at least 10 characters besides surrounding spaces.",
    )
    incident_date: dt.date | None = None
    region: str = Field(..., min_length=1, max_length=4)
    department: str = Field("", max_length=40)
    reporter: ReporterIn
    suspects: list[IdentifierIn] = Field(default_factory=list, max_length=30)
    loss: LossIn | None = None
    language: Literal["fr", "en"] = "fr"
    consent: bool


class InformationIn(Strict):
    text: str = Field(
        ...,
        min_length=2,
        max_length=20_000,
        pattern=r"\S[\s\S]*\S",
        description="At least 2 characters besides surrounding spaces.",
    )


class ReportCreated(Schema):
    reference: str
    tracking_code: str
    status: str
    receipt_url: str


class EvidenceOut(Schema):
    sha256: str
    size: int
    content_type: str


class EvidenceListed(EvidenceOut):
    name: str
    received_at: dt.datetime


class HistoryEntry(Schema):
    at: dt.datetime
    kind: str
    label: str
    note: str
    agency: str = Field("", description="The agency it was transferred to (kind transferred).")
    outcome: str = Field("", description="How it ended (kind closed), e.g. funds_recovered.")
    outcome_label: str = Field("", description="The outcome in plain words.")


class ReportStatusOut(Schema):
    reference: str
    status: str
    status_label: str
    category: str
    submitted_at: dt.datetime
    is_anonymous: bool
    outcome: str = Field("", description="How the report ended, once closed.")
    outcome_label: str = Field("", description="The outcome in plain words.")
    agency: str = Field("", description="The agency the report was last transferred to.")
    history: list[HistoryEntry]
    evidence: list[EvidenceListed]


class ContactVerificationIn(Strict):
    channel: Literal["phone", "email"] | None = Field(
        None,
        description="How to confirm: a code by SMS (phone) or a link by e-mail. By default the "
        "phone when the report has one, else the e-mail.",
    )


class ContactVerificationSent(Schema):
    channel: Literal["phone", "email"]
    sent_to: str = Field(..., description="The end of the number, or the start of the address.")
    expires_at: dt.datetime


class ContactCodeIn(Strict):
    code: str = Field(..., max_length=20, description="The 6 digits received by SMS.")


class ContactConfirmed(Schema):
    reference: str
    contact_verified_at: dt.datetime
