"""The person's notifications: the list, and marking one or all of them as read (POST)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.cases.selectors.workspace import notifications_page
from vigilance.cases.services.notifications import (
    notification_mark_all_read,
    notification_mark_read,
)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page the form was on (only an address of this site), else the list."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("cases:notifications")
    return HttpResponseRedirect(target)


@staff_required()
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = notifications_page(user=signed_in_user(request), page=request.GET.get("page", 1))
    return render(request, "cases/notifications.html", {"nav": "notifications", "page": page})


@staff_required()
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification_mark_read(user=signed_in_user(request), notification_id=notification_id)
    return _back(request)


@staff_required()
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notification_mark_all_read(user=signed_in_user(request))
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return _back(request)
