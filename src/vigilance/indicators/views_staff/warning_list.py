"""The warning list page: entries, adding one, taking one off."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.core.errors import InvalidAction
from vigilance.indicators import analysis, selectors
from vigilance.indicators.forms_staff import WarningListForm
from vigilance.indicators.views_staff import ANALYSE, render_page, show_refusal, shown
from vigilance.indicators.warning_list import reason_label


@require_http_methods(["GET", "POST"])
@staff_required(ANALYSE)
def warning_list(request: HttpRequest) -> HttpResponse:
    form = WarningListForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            entry = analysis.warning_list_add(actor=signed_in_user(request), **form.cleaned_data)
        except InvalidAction as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, _("%(value)s is on the warning list.") % {"value": entry.value}
            )
            return redirect("indicators:staff_warning_list")
    rows = [
        (entry, shown(entry.type, entry.value), reason_label(entry.reason))
        for entry in selectors.warning_list_entries()
    ]
    context = {"form": form, "rows": rows}
    return render_page(request, "indicators/staff/warning_list.html", context)


@require_POST
@staff_required(ANALYSE)
def warning_list_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.warning_list_entry_get(entry_id=entry_id)
    analysis.warning_list_remove(actor=signed_in_user(request), entry=entry)
    messages.success(
        request, _("%(value)s is no longer on the warning list.") % {"value": entry.value}
    )
    return redirect("indicators:staff_warning_list")
