"""The signed case file for prosecutors, downloaded from the case page after re-authentication."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.accounts.reauth import require_recent_authentication
from vigilance.cases import access
from vigilance.cases.export import case_file_pdf


@staff_required(Permission.EXPORT_CASE)
@require_recent_authentication()
@require_GET
def case_export(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = access.case_get_for_user(user=user, case_id=str(case_id))
    pdf = case_file_pdf(case=case, actor=user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
