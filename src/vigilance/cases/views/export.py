"""The signed case file for prosecutors, downloaded from the case page after re-authentication.

Those who see the case without the right to export it (a share that does not grant it) get the
case page with the reason (403)."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.accounts.reauth import require_recent_authentication
from vigilance.cases import access
from vigilance.cases.export import case_file_pdf
from vigilance.cases.views.case import render_case
from vigilance.core.errors import NotAllowed


@staff_required(Permission.EXPORT_CASE)
@require_recent_authentication()
@require_GET
def case_export(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = access.case_get_for_user(user=user, case_id=str(case_id))
    try:
        pdf = case_file_pdf(case=case, actor=user)
    except NotAllowed as refused:
        return render_case(request, case, refused=str(refused), status=403)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
