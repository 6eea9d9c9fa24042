"""Public identifier endpoints: the types a report can name, and live normalisation of a value.

The report form calls ``/identifiers/normalise`` while the person types, to show the number or
link as it will be recorded, or why it cannot be.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from vigilance.core.errors import ErrorOut, error_body
from vigilance.core.ratelimit import rate_limit
from vigilance.indicators.normalise import (
    PLACEHOLDERS,
    TYPES,
    InvalidIdentifier,
    display,
    normalise,
)
from vigilance.indicators.schemas import IdentifierTypeOut, NormalisedOut

router = Router(tags=["identifiers"])


@router.get(
    "/identifiers/types",
    response={200: list[IdentifierTypeOut], 429: ErrorOut},
    summary="The types of identifier a report can name",
    auth=None,
)
@rate_limit("lookup", per_ip="RATE_LOOKUP_PER_IP", overall="RATE_LOOKUP_GLOBAL")
def identifier_types(request: HttpRequest) -> list[IdentifierTypeOut]:
    return [
        IdentifierTypeOut(type=type, label=str(label), placeholder=PLACEHOLDERS[type])
        for type, label in TYPES.items()
    ]


@router.get(
    "/identifiers/normalise",
    response={200: NormalisedOut, 422: ErrorOut, 429: ErrorOut},
    summary="The normal form of an identifier, or why it is not valid",
    auth=None,
)
@rate_limit("lookup", per_ip="RATE_LOOKUP_PER_IP", overall="RATE_LOOKUP_GLOBAL")
def normalise_identifier(
    request: HttpRequest, type: str, value: str
) -> NormalisedOut | Status[ErrorOut]:
    if type not in TYPES:
        return _invalid("type", _("Unknown type of identifier."))
    try:
        normalised = normalise(type, value)
    except InvalidIdentifier as error:
        return _invalid("value", str(error))
    return NormalisedOut(
        type=normalised.type,
        value=normalised.value,
        provider=normalised.provider,
        display=display(normalised.type, normalised.value),
    )


def _invalid(field: str, message: str) -> Status[ErrorOut]:
    return Status(
        422,
        ErrorOut(**error_body("invalid", _("Some fields are not valid."), {field: [message]})),
    )
