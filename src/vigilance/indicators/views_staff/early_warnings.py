"""Early warnings: values the public checks often that no reporter has named yet."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.core.errors import InvalidAction
from vigilance.indicators import analysis, selectors
from vigilance.indicators.forms_staff import EarlyWarningCreateForm
from vigilance.indicators.views_staff import ANALYSE, render_page, shown


@require_GET
@staff_required(ANALYSE)
def early_warning_list(request: HttpRequest) -> HttpResponse:
    context = {
        "rows": [(row, shown(row.type, row.value)) for row in selectors.early_warnings()],
        "days": selectors.EARLY_WARNING_DAYS,
        "threshold": selectors.EARLY_WARNING_THRESHOLD,
    }
    return render_page(request, "indicators/staff/early_warnings.html", context)


@require_POST
@staff_required(ANALYSE)
def early_warning_create(request: HttpRequest) -> HttpResponse:
    form = EarlyWarningCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This value cannot be followed: it is not valid."))
        return redirect("indicators:staff_early_warnings")
    try:
        indicator = analysis.indicator_create_from_lookup(
            actor=signed_in_user(request), **form.cleaned_data
        )
    except InvalidAction as error:
        messages.error(request, error.message)
        return redirect("indicators:staff_early_warnings")
    return redirect("indicators:staff_indicator", indicator_id=indicator.pk)
