"""The disputes queue: open disputes with their statement, and the analyst's decision."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.core.errors import InvalidAction
from vigilance.indicators import analysis, selectors
from vigilance.indicators.forms_staff import DisputeDecisionForm
from vigilance.indicators.models import Dispute
from vigilance.indicators.views_staff import ANALYSE, render_page, show_refusal, shown


def _render_queue(
    request: HttpRequest, failed: Dispute | None = None, form: DisputeDecisionForm | None = None
) -> HttpResponse:
    """Every open dispute with its decision form; the one just refused keeps its errors."""
    rows = [
        (
            dispute,
            form
            if failed is not None and form is not None and dispute.pk == failed.pk
            else DisputeDecisionForm(prefix=f"dispute-{dispute.pk}"),
            shown(dispute.indicator.type, dispute.indicator.value),
        )
        for dispute in selectors.dispute_queue()
    ]
    context = {"rows": rows, "form": form}
    return render_page(request, "indicators/staff/disputes.html", context)


@require_GET
@staff_required(ANALYSE)
def dispute_queue(request: HttpRequest) -> HttpResponse:
    return _render_queue(request)


@require_POST
@staff_required(ANALYSE)
def dispute_decide(request: HttpRequest, dispute_id: int) -> HttpResponse:
    dispute = selectors.dispute_get(dispute_id=dispute_id)
    form = DisputeDecisionForm(request.POST, prefix=f"dispute-{dispute.pk}")
    if form.is_valid():
        try:
            analysis.dispute_decide(
                actor=signed_in_user(request), dispute=dispute, **form.cleaned_data
            )
        except InvalidAction as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The dispute is decided."))
            return redirect("indicators:staff_disputes")
    return _render_queue(request, failed=dispute, form=form)
