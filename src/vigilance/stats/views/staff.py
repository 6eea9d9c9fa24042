"""The statistics dashboard for supervisors and the ministry, and its CSV exports."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import NotFound
from vigilance.core.replica import reads_from_replica
from vigilance.stats import access
from vigilance.stats.charts import dashboard_charts
from vigilance.stats.forms.dashboard import DashboardForm, default_range
from vigilance.stats.selectors.dashboard import dashboard_get, dashboard_tables
from vigilance.stats.services.exports import statistics_export


def _form(request: HttpRequest, user: User) -> DashboardForm:
    return DashboardForm(
        request.GET or None,
        units=list(access.units_in_scope(user)),
        national=access.sees_national_statistics(user),
    )


@staff_required(Permission.VIEW_STATISTICS)
@require_GET
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.may_see_statistics(user):
        raise NotFound
    form = _form(request, user)
    context: dict[str, object] = {"form": form, "nav": "statistics"}
    if form.is_bound and not form.is_valid():
        return render(request, "stats/staff/dashboard.html", context, status=400)
    month_from, month_to = form.month_range() if form.is_bound else default_range()
    unit_code = form.unit_code() if form.is_bound else ""
    scope = access.scope_get_for_user(user=user, unit_code=unit_code)
    found = dashboard_get(scope=scope, month_from=month_from, month_to=month_to)
    tables = dashboard_tables(found)
    charts = dashboard_charts(found)
    context["dashboard"] = found
    context["sections"] = [(charts[key], table) for key, table in tables.items()]
    context["query"] = {
        "from": f"{month_from:%Y-%m}",
        "to": f"{month_to:%Y-%m}",
        "unit": scope.code,
    }
    return render(request, "stats/staff/dashboard.html", context)


@staff_required(Permission.VIEW_STATISTICS)
@require_GET
@reads_from_replica
def export(request: HttpRequest, table: str) -> HttpResponse:
    user = signed_in_user(request)
    if not access.may_see_statistics(user):
        raise NotFound
    form = _form(request, user)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "nav": "statistics"}
        return render(request, "stats/staff/dashboard.html", context, status=400)
    month_from, month_to = form.month_range() if form.is_bound else default_range()
    scope = access.scope_get_for_user(
        user=user, unit_code=form.unit_code() if form.is_bound else ""
    )
    tables = dashboard_tables(dashboard_get(scope=scope, month_from=month_from, month_to=month_to))
    if table not in tables:
        raise NotFound
    body = statistics_export(
        actor=user, table=tables[table], scope=scope, month_from=month_from, month_to=month_to
    )
    name = f"statistics-{table}-{month_from:%Y-%m}-{month_to:%Y-%m}"
    if scope.code:
        name += f"-{scope.code}"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
