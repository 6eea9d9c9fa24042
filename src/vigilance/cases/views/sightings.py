"""An analyst confirms an identifier found in a report's narrative, from the report's page: it
then links the report to the indicator and counts in its figures."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.cases import access
from vigilance.cases.selectors.cluster import sighting_awaiting_confirmation_get
from vigilance.intake.correlation import sighting_confirm


@staff_required(Permission.ANALYSE_INDICATORS)
@require_POST
def report_sighting_confirm(
    request: HttpRequest, report_id: UUID, sighting_id: int
) -> HttpResponse:
    user = signed_in_user(request)
    report = access.report_get_for_user(user=user, report_id=str(report_id))
    # Once the report is in a case, confirming what it names is for those in charge of the case.
    access.require_report_work(user, report)
    sighting = sighting_awaiting_confirmation_get(report=report, sighting_id=sighting_id)
    sighting_confirm(sighting=sighting, actor=user)
    messages.success(
        request, _("The identifier is confirmed: it now counts in the figures of its indicator.")
    )
    url = reverse("cases:report_detail", kwargs={"report_id": report.public_id})
    return HttpResponseRedirect(url + "#narrative-identifiers")
