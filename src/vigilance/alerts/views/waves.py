"""Thin pages of scam-wave detection: the findings with their evidence, and dismissing one.

Editors and analysts reach them; a dismissal without a reason re-renders the page (400), one
the person's role does not allow answers 403, one already made 409.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import User
from vigilance.alerts import access_waves as access
from vigilance.alerts.forms.waves import WaveDismissForm
from vigilance.alerts.selectors import waves as selectors
from vigilance.alerts.services import waves as services
from vigilance.alerts.sparkline import sparkline_svg
from vigilance.core.errors import InvalidAction, NotAllowed


def _page(
    request: HttpRequest,
    user: User,
    *,
    form: WaveDismissForm | None = None,
    form_for: int | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    rows = [
        {
            "view": view,
            "sparkline": sparkline_svg(
                view.finding.series,
                label=_("Counts per day over %(days)s days, the last 24 hours last")
                % {"days": len(view.finding.series)},
            ),
            "form": form if form is not None and form_for == view.finding.pk else None,
        }
        for view in selectors.wave_findings_for_user(user=user)
    ]
    context = {
        "rows": rows,
        "may_dismiss": access.may_dismiss(user),
        "sees_references": access.sees_report_references(user),
        "blank_form": WaveDismissForm(),
        "refused": refused,
        "nav": "waves",
    }
    return render(request, "alerts/waves/list.html", context, status=status)


@staff_required()
@require_GET
def wave_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    access.require_view(user)
    return _page(request, user)


@staff_required()
@require_POST
def wave_dismiss(request: HttpRequest, finding_id: int) -> HttpResponse:
    user = signed_in_user(request)
    finding = selectors.wave_finding_get_for_user(user=user, finding_id=finding_id)
    form = WaveDismissForm(request.POST)
    if not form.is_valid():
        return _page(request, user, form=form, form_for=finding.pk, status=400)
    try:
        services.wave_dismiss(actor=user, finding=finding, reason=form.cleaned_data["reason"])
    except NotAllowed as refused:
        return _page(request, user, refused=str(refused), status=403)
    except InvalidAction as refused:
        for field, errors in refused.fields.items():
            form.add_error(field, errors)
        status = 400 if refused.fields else 409
        return _page(
            request, user, form=form, form_for=finding.pk, refused=refused.message, status=status
        )
    messages.success(request, _("Finding dismissed."))
    return HttpResponseRedirect(reverse("alerts_waves:wave_list"))
