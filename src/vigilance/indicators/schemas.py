"""What the identifier endpoints answer."""

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field


class NormalisedOut(Schema):
    type: str
    value: str
    provider: str
    display: str


class IdentifierTypeOut(Schema):
    type: str
    label: str
    placeholder: str


class LookupOut(Schema):
    """The public check's answer: never anything about reporters or victims."""

    type: str
    value: str
    status: Literal["not_reported", "reported", "confirmed_fraud"]
    reports: Literal["1-4", "5-19", "20+"] | None
    first_reported: date | None
    last_reported: date | None
    categories: list[str]
    category_labels: list[str]
    advice: str
    site: str | None = Field(
        default=None,
        description="When the answer is about the site (domain) the link or address is on",
    )


class DisputeIn(Schema):
    """The owner of a reported number or account says it was wrongly reported."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(min_length=1, max_length=20)
    value: str = Field(min_length=1, max_length=600)
    name: str = Field(max_length=200, pattern=r"\S", description="Not blank")
    contact: str = Field(
        min_length=1, max_length=254, description="A phone number or an e-mail address"
    )
    statement: str = Field(max_length=5000, pattern=r"\S", description="Not blank")
    language: Literal["fr", "en"] = "fr"
    attestation: Literal[True] = Field(
        description="The sender attests that the number or account is theirs"
    )


class DisputeCreated(Schema):
    status: Literal["received"]
    reference: str = Field(description="What the owner quotes when they call: CTS-XXXX-XXXX.")
