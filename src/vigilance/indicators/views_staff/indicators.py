"""Search of indicators and the page of one indicator, with its status form."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.core.errors import InvalidAction
from vigilance.core.models import OffenceCategory
from vigilance.indicators import selectors
from vigilance.indicators.annotations import annotations_for
from vigilance.indicators.forms_staff import (
    IndicatorSearchForm,
    IndicatorStatusForm,
    IndicatorTlpForm,
)
from vigilance.indicators.normalise import InvalidIdentifier, provider_label
from vigilance.indicators.services import (
    IndicatorStatusError,
    indicator_set_status,
    indicator_tlp_set,
)
from vigilance.indicators.views_staff import ANALYSE, render_page, show_refusal, shown


@require_GET
@staff_required(ANALYSE)
def indicator_search(request: HttpRequest) -> HttpResponse:
    form = IndicatorSearchForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = selectors.indicator_search(
                value=data["value"], type=data["type"], status=data["status"]
            )
        except InvalidIdentifier as error:
            form.add_error("value", str(error))
            form.mark_errors()
    elif not form.is_bound:
        result = selectors.indicator_search(limit=50)
    context: dict[str, object] = {"form": form, "result": result}
    if result is not None:
        context["rows"] = [(row, shown(row.type, row.value)) for row in result.indicators]
        context["searched"] = [shown(kind, value) for kind, value in result.searched]
    return render_page(request, "indicators/staff/search.html", context)


def _detail_context(
    request: HttpRequest,
    indicator_id: int,
    form: IndicatorStatusForm,
    tlp_form: IndicatorTlpForm | None = None,
) -> dict[str, object]:
    detail = selectors.indicator_detail(indicator_id=indicator_id)
    indicator = detail.indicator
    return {
        "annotations": annotations_for(
            signed_in_user(request), [(indicator.type, indicator.value)]
        ),
        "detail": detail,
        "indicator": indicator,
        "shown": shown(indicator.type, indicator.value),
        "provider": provider_label(indicator.provider),
        "categories": [
            category.name
            for category in OffenceCategory.objects.filter(code__in=indicator.categories)
        ],
        "form": form,
        "tlp_form": tlp_form or IndicatorTlpForm(initial={"tlp": indicator.tlp}),
    }


@require_GET
@staff_required(ANALYSE)
def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    form = IndicatorStatusForm()
    return render_page(
        request, "indicators/staff/indicator.html", _detail_context(request, indicator_id, form)
    )


@require_POST
@staff_required(ANALYSE)
def indicator_status(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_get(indicator_id=indicator_id)
    form = IndicatorStatusForm(request.POST)
    if form.is_valid():
        try:
            indicator_set_status(
                indicator=indicator,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                actor=signed_in_user(request),
            )
        except IndicatorStatusError as error:
            form.add_error("status", str(error))
            form.mark_errors()
        else:
            messages.success(request, _("The status is saved."))
            return redirect("indicators:staff_indicator", indicator_id=indicator.pk)
    return render_page(
        request, "indicators/staff/indicator.html", _detail_context(request, indicator_id, form)
    )


@require_POST
@staff_required(ANALYSE)
def indicator_tlp(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_get(indicator_id=indicator_id)
    form = IndicatorTlpForm(request.POST)
    if form.is_valid():
        try:
            indicator_tlp_set(
                indicator=indicator,
                tlp=form.cleaned_data["tlp"],
                reason=form.cleaned_data["reason"],
                actor=signed_in_user(request),
            )
        except InvalidAction as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The TLP marking is saved."))
            return redirect("indicators:staff_indicator", indicator_id=indicator.pk)
    context = _detail_context(request, indicator_id, IndicatorStatusForm(), form)
    return render_page(request, "indicators/staff/indicator.html", context)
