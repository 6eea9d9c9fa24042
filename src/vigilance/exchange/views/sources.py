"""The partners' feeds pages (``/<lang>/staff/exchange/sources/``): the TAXII collections the
platform polls, adding and changing one, deactivating it, polling it now. For those who manage
the exchange; others get 404."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import InvalidAction
from vigilance.exchange.forms.sources import TaxiiSourceForm
from vigilance.exchange.selectors.sources import taxii_source_get, taxii_source_list
from vigilance.exchange.services import sources as services
from vigilance.exchange.views.imports import render_page

MANAGE = Permission.MANAGE_EXCHANGE


def _show_refusal(form: TaxiiSourceForm, error: InvalidAction) -> None:
    if not error.fields:
        form.add_error(None, error.message)
    for field, problems in error.fields.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)
    form.mark_errors()


@require_GET
@staff_required(MANAGE)
def source_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, "exchange/sources.html", {"sources": taxii_source_list()})


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
def source_new(request: HttpRequest) -> HttpResponse:
    form = TaxiiSourceForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            source = services.taxii_source_create(
                actor=signed_in_user(request), values=form.values()
            )
        except InvalidAction as error:
            _show_refusal(form, error)
        else:
            messages.success(request, _("%(name)s will be polled.") % {"name": source.name})
            return redirect("exchange:sources")
    return render_page(request, "exchange/source_form.html", {"form": form, "source": None})


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
def source_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    source = taxii_source_get(source_id=source_id)
    form = TaxiiSourceForm(request.POST if request.method == "POST" else None, source=source)
    if form.is_valid():
        try:
            services.taxii_source_update(
                actor=signed_in_user(request), source=source, values=form.values()
            )
        except InvalidAction as error:
            _show_refusal(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": source.name})
            return redirect("exchange:sources")
    return render_page(request, "exchange/source_form.html", {"form": form, "source": source})


@require_POST
@staff_required(MANAGE)
def source_active(request: HttpRequest, source_id: int) -> HttpResponse:
    source = taxii_source_get(source_id=source_id)
    is_active = request.POST.get("is_active") == "1"
    services.taxii_source_set_active(
        actor=signed_in_user(request), source=source, is_active=is_active
    )
    if is_active:
        messages.success(request, _("%(name)s will be polled again.") % {"name": source.name})
    else:
        messages.success(request, _("%(name)s is no longer polled.") % {"name": source.name})
    return redirect("exchange:sources")


@require_POST
@staff_required(MANAGE)
def source_poll(request: HttpRequest, source_id: int) -> HttpResponse:
    source = taxii_source_get(source_id=source_id)
    try:
        services.taxii_source_poll_request(actor=signed_in_user(request), source=source)
    except InvalidAction as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is being polled: its last poll below shows the outcome.")
            % {"name": source.name},
        )
    return redirect("exchange:sources")
