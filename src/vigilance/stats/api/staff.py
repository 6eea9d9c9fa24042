"""``GET /api/v1/stats/dashboard?from=YYYY-MM&to=YYYY-MM&unit=<code>``: the dashboard's figures
as JSON, for the same people (signed-in staff session). Bad months answer 400 with the reason in
the caller's language; a unit outside their scope answers 404."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vigilance.accounts.api_auth import staff_session
from vigilance.accounts.decorators import signed_in_user
from vigilance.core.errors import ErrorOut, NotFound, error_body
from vigilance.core.replica import reads_from_replica
from vigilance.stats import access
from vigilance.stats.forms.dashboard import DashboardForm
from vigilance.stats.selectors.dashboard import DurationFigures, LabelledCount, dashboard_get

router = Router(auth=staff_session, tags=["statistics"])


class MonthOut(Schema):
    month: str
    reports: int
    loss_reported_xaf: int
    held_xaf: int
    returned_xaf: int
    lookups: int


class CountOut(Schema):
    code: str
    label: str
    reports: int


class FiguresOut(Schema):
    """Durations in hours from the report's arrival; null when nothing was measured."""

    count: int
    median_hours: float | None
    p90_hours: float | None


class DurationMonthOut(FiguresOut):
    month: str


class DurationOut(Schema):
    measure: str
    label: str
    overall: FiguresOut
    by_month: list[DurationMonthOut]


class DashboardOut(Schema):
    scope: str
    unit: str | None
    month_from: str
    month_to: str
    total_reports: int
    months: list[MonthOut]
    by_category: list[CountOut]
    by_region: list[CountOut]
    by_channel: list[CountOut]
    outcomes: list[CountOut]
    durations: list[DurationOut]


def _counts(rows: list[LabelledCount]) -> list[dict[str, object]]:
    return [{"code": row.code, "label": row.label, "reports": row.reports} for row in rows]


def _figures(figures: DurationFigures) -> dict[str, object]:
    return {
        "count": figures.count,
        "median_hours": figures.median_hours,
        "p90_hours": figures.p90_hours,
    }


@router.get(
    "/stats/dashboard",
    response={200: DashboardOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
)
@reads_from_replica
def statistics_dashboard(request: HttpRequest) -> Status | dict[str, object]:
    user = signed_in_user(request)
    if not access.may_see_statistics(user):
        raise NotFound
    form = DashboardForm(
        request.GET,
        units=list(access.units_in_scope(user)),
        national=access.sees_national_statistics(user),
    )
    if not form.is_valid():
        fields = {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        message = next(iter(fields.values()))[0] if fields else _("Check the months.")
        return Status(400, error_body("invalid", message, fields))
    month_from, month_to = form.month_range()
    scope = access.scope_get_for_user(user=user, unit_code=form.unit_code())
    found = dashboard_get(scope=scope, month_from=month_from, month_to=month_to)
    return {
        "scope": "national" if scope.is_national else "unit",
        "unit": scope.code or None,
        "month_from": f"{month_from:%Y-%m}",
        "month_to": f"{month_to:%Y-%m}",
        "total_reports": found.total_reports,
        "months": [
            {
                "month": f"{row.month:%Y-%m}",
                "reports": row.reports,
                "loss_reported_xaf": row.loss_reported_xaf,
                "held_xaf": row.held_xaf,
                "returned_xaf": row.returned_xaf,
                "lookups": row.lookups,
            }
            for row in found.months
        ],
        "by_category": _counts(found.by_category),
        "by_region": _counts(found.by_region),
        "by_channel": _counts(found.by_channel),
        "outcomes": _counts(found.outcomes),
        "durations": [
            {
                "measure": duration.measure,
                "label": duration.label,
                "overall": _figures(duration.overall),
                "by_month": [
                    {"month": f"{month:%Y-%m}", **_figures(figures)}
                    for month, figures in duration.by_month.items()
                ],
            }
            for duration in found.durations
        ],
    }
