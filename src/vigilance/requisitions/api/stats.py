"""``GET /api/v1/requisitions/statistics?from=&to=``: the statistics page as JSON, for the same
supervisors (signed-in session). Bad dates answer 400 with the reason in the caller's language."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vigilance.accounts.api_auth import staff_session
from vigilance.accounts.decorators import signed_in_user
from vigilance.core.errors import ErrorOut, NotFound, error_body
from vigilance.requisitions import access
from vigilance.requisitions.forms.stats import StatisticsRangeForm
from vigilance.requisitions.selectors import stats

router = Router(auth=staff_session, tags=["requisitions"])


class RequisitionRowOut(Schema):
    addressee_code: str
    addressee: str
    kind: str
    kind_label: str
    sent: int
    answered_in_time: int
    answered_late: int
    refused: int
    still_open: int
    overdue: int
    median_hours: float | None
    p90_hours: float | None


class FreezeRowOut(Schema):
    issuer_code: str
    issuer: str
    asked: int
    held: int
    amount_asked: int
    amount_held: int
    amount_returned: int
    median_answer_hours: float | None


class StatisticsOut(Schema):
    date_from: str
    date_to: str
    is_national: bool
    requisitions: list[RequisitionRowOut]
    freezes: list[FreezeRowOut]


@router.get(
    "/requisitions/statistics",
    response={200: StatisticsOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
)
def requisition_statistics(request: HttpRequest) -> Status | dict[str, object]:
    user = signed_in_user(request)
    if not access.may_see_statistics(user):
        raise NotFound
    form = StatisticsRangeForm(request.GET)
    if not form.is_valid():
        fields = {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        message = next(iter(fields.values()))[0] if fields else _("Check the dates.")
        return Status(400, error_body("invalid", message, fields))
    date_from, date_to = form.date_range()
    found = stats.statistics_get(user=user, date_from=date_from, date_to=date_to)
    return {
        "date_from": found.date_from.isoformat(),
        "date_to": found.date_to.isoformat(),
        "is_national": found.is_national,
        "requisitions": found.requisitions,
        "freezes": found.freezes,
    }
