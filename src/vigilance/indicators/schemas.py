"""What the identifier endpoints answer (CONTRACT.md shapes)."""

from ninja import Schema


class NormalisedOut(Schema):
    type: str
    value: str
    provider: str
    display: str


class IdentifierTypeOut(Schema):
    type: str
    label: str
    placeholder: str
