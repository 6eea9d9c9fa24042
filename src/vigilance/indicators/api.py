"""Public identifier endpoints: the types a report can name, live normalisation of a value, the
public check ("check before you pay") and the owner's dispute of a reported value.

The report form calls ``/identifiers/normalise`` while the person types, to show the number or
link as it will be recorded, or why it cannot be.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from vigilance.core.errors import ErrorOut, error_body
from vigilance.core.ratelimit import check_rate, rate_limit
from vigilance.indicators.disputes import DisputeInvalid, dispute_submit
from vigilance.indicators.lookup_endpoint import OPENAPI_PARAMETERS, lookup_response
from vigilance.indicators.normalise import (
    PLACEHOLDERS,
    TYPES,
    InvalidIdentifier,
    display,
    normalise,
)
from vigilance.indicators.schemas import (
    DisputeCreated,
    DisputeIn,
    IdentifierTypeOut,
    LookupOut,
    NormalisedOut,
)

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


@router.get(
    "/lookup",
    response={200: LookupOut, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Check a number, account or address before paying",
    description=(
        "Whether a value was reported by several verified people or confirmed as fraud, as a "
        "count band with dates and categories. Only reporters who proved their contact, or "
        "who filed at a counter or by phone, count: values below the threshold get the same "
        "answer as values nobody reported, whose advice says there are not enough verified "
        "reports to conclude. A link or an e-mail address is also answered from its site's "
        "domain (`site` is then set). Nothing about reporters or victims is ever returned."
    ),
    auth=None,
    openapi_extra={"parameters": OPENAPI_PARAMETERS},
)
def lookup(request: HttpRequest) -> HttpResponse:
    # Written once in lookup_endpoint.py, which the lean WSGI entry calls too.
    return lookup_response(request)


@router.post(
    "/disputes",
    response={201: DisputeCreated, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Dispute a reported number or account that is yours",
    description=(
        "Only values the public check shows as reported or confirmed can be disputed. An "
        "analyst reviews the dispute; filing one does not change the answer of the check."
    ),
    auth=None,
)
def dispute(request: HttpRequest, payload: DisputeIn) -> Status[DisputeCreated | ErrorOut]:
    # It tells reported from not reported: a look-up, limited as one, and a submission.
    check_rate(
        request,
        group="lookup",
        per_ip=settings.RATE_LOOKUP_PER_IP,
        overall=settings.RATE_LOOKUP_GLOBAL,
    )
    check_rate(
        request,
        group="submit",
        per_ip=settings.RATE_SUBMIT_PER_IP,
        overall=settings.RATE_SUBMIT_GLOBAL,
    )
    try:
        filed = dispute_submit(
            type=payload.type,
            value=payload.value,
            name=payload.name,
            contact=payload.contact,
            statement=payload.statement,
            language=payload.language,
        )
    except DisputeInvalid as error:
        return Status(400, ErrorOut(**error_body("invalid", error.message, error.fields)))
    return Status(201, DisputeCreated(status="received", reference=filed.reference))
