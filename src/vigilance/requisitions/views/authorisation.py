"""The magistrate's queue: requisitions waiting for the authorisation of the prosecutor's
office (the authorisation itself is an action of the requisition's page)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import NotFound
from vigilance.requisitions import access
from vigilance.requisitions.selectors import requisition as selectors


@staff_required(Permission.AUTHORISE_REQUISITIONS)
@require_GET
def authorisation_queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.is_magistrate(user):
        raise NotFound
    context = {"requisitions": selectors.authorisation_queue(user=user), "nav": "authorisations"}
    return render(request, "requisitions/authorisation_queue.html", context)
