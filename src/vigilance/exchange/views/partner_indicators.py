"""The analysts' pages of what partners sent (``/<lang>/staff/exchange/partner-indicators/``):
the list with its filters, one value, and the decision to list it as confirmed fraud. Every page
needs ``analyse_indicators`` (404 otherwise); AMBER+STRICT and RED imports exist only for the
organisation that received them."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import InvalidAction
from vigilance.exchange.forms.decisions import PartnerIndicatorFilterForm, PartnerIndicatorPushForm
from vigilance.exchange.models import PartnerIndicator
from vigilance.exchange.selectors.partner_knowledge import (
    partner_indicator_get_for_user,
    partner_indicator_list,
)
from vigilance.exchange.services.decisions import (
    own_report_count,
    partner_indicator_push,
    partner_indicator_push_check,
)
from vigilance.indicators.normalise import display, type_label

PAGE_SIZE = 50


@require_GET
@staff_required(Permission.ANALYSE_INDICATORS)
def partner_indicator_list_page(request: HttpRequest) -> HttpResponse:
    form = PartnerIndicatorFilterForm(request.GET or None)
    rows = partner_indicator_list(user=signed_in_user(request), filters=form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav": "indicators",
        "form": form,
        "page": page,
        "rows": [(row, type_label(row.type), display(row.type, row.value)) for row in page],
        "query": _without_page(request),
    }
    return render(
        request,
        "exchange/partner_indicator_list.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _detail(
    request: HttpRequest, row: PartnerIndicator, form: PartnerIndicatorPushForm, status: int = 200
) -> HttpResponse:
    count = own_report_count(row)
    context: dict[str, Any] = {
        "nav": "indicators",
        "row": row,
        "type_label": type_label(row.type),
        "shown": display(row.type, row.value),
        "report_count": count,
        "check": partner_indicator_push_check(row, report_count=count),
        "form": form,
    }
    return render(request, "exchange/partner_indicator_detail.html", context, status=status)


@require_GET
@staff_required(Permission.ANALYSE_INDICATORS)
def partner_indicator_detail(request: HttpRequest, partner_indicator_id: int) -> HttpResponse:
    row = partner_indicator_get_for_user(
        user=signed_in_user(request), partner_indicator_id=partner_indicator_id
    )
    return _detail(request, row, PartnerIndicatorPushForm())


@require_POST
@staff_required(Permission.ANALYSE_INDICATORS)
def partner_indicator_push_page(request: HttpRequest, partner_indicator_id: int) -> HttpResponse:
    user = signed_in_user(request)
    row = partner_indicator_get_for_user(user=user, partner_indicator_id=partner_indicator_id)
    form = PartnerIndicatorPushForm(request.POST)
    if not form.is_valid():
        return _detail(request, row, form, status=400)
    try:
        indicator = partner_indicator_push(
            actor=user, partner_indicator=row, reason=form.cleaned_data["reason"]
        )
    except InvalidAction as refused:
        form.add_error("reason" if "reason" in refused.fields else None, refused.message)
        form.mark_errors()
        return _detail(request, row, form, status=409)
    messages.success(request, _("The value is listed as confirmed fraud."))
    return redirect("indicators:staff_indicator", indicator_id=indicator.pk)
