"""The statistics page of requisitions and freezes, for supervisors (GET form of dates)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import NotFound
from vigilance.requisitions import access
from vigilance.requisitions.forms.stats import StatisticsRangeForm
from vigilance.requisitions.selectors import stats


@staff_required(Permission.VIEW_CASES)
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.may_see_statistics(user):
        raise NotFound
    if not request.GET:
        date_from, date_to = StatisticsRangeForm.default_range()
        form = StatisticsRangeForm(initial={"from": date_from, "to": date_to})
    else:
        form = StatisticsRangeForm(request.GET)
        if not form.is_valid():
            context: dict[str, object] = {"form": form, "nav": "requisition_statistics"}
            return render(request, "requisitions/statistics.html", context, status=400)
        date_from, date_to = form.date_range()
    found = stats.statistics_get(user=user, date_from=date_from, date_to=date_to)
    context = {"form": form, "statistics": found, "nav": "requisition_statistics"}
    return render(request, "requisitions/statistics.html", context)
