"""The import pages (``/<lang>/staff/exchange/imports/``): the batches partners' files became,
uploading a file on a partner's behalf, and waiting for its import. For staff who analyse
indicators; others get 404."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.exchange.errors import import_error_message
from vigilance.exchange.forms.imports import ImportUploadForm
from vigilance.exchange.models import ImportBatch, ImportStatus
from vigilance.exchange.selectors.imports import (
    import_batch_get,
    import_batch_list,
    upload_batch_waited,
)
from vigilance.exchange.services.uploads import import_upload_start

ANALYSE = Permission.ANALYSE_INDICATORS


def render_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page of the exchange; 400 when a submitted form is shown again with its errors."""
    invalid = any(isinstance(v, forms.Form) and v.is_bound and v.errors for v in context.values())
    return render(request, template, {"nav": "exchange", **context}, status=400 if invalid else 200)


def outcome(batch: ImportBatch) -> str:
    """What became of a batch, in a sentence."""
    if batch.status == ImportStatus.REFUSED:
        return import_error_message(batch.error_code, batch.error_detail)
    if batch.status == ImportStatus.ALREADY_IMPORTED:
        return _("Already imported: nothing changed.")
    if batch.status == ImportStatus.RUNNING:
        return _("Being imported.")
    return _(
        "%(objects)s objects: %(created)s new values, %(updated)s changed, %(unchanged)s "
        "unchanged, %(warning_listed)s on a warning list, %(skipped)s skipped."
    ) % {
        "objects": batch.object_count,
        "created": batch.created_count,
        "updated": batch.updated_count,
        "unchanged": batch.unchanged_count,
        "warning_listed": batch.warning_listed_count,
        "skipped": batch.skipped_count,
    }


@require_GET
@staff_required(ANALYSE)
def import_list(request: HttpRequest) -> HttpResponse:
    rows = [(batch, outcome(batch)) for batch in import_batch_list()]
    return render_page(request, "exchange/imports.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@staff_required(ANALYSE)
def import_new(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if form.is_valid():
        started = import_upload_start(
            actor=signed_in_user(request),
            partner=form.cleaned_data["partner"],
            file=form.cleaned_data["file"],
            default_tlp=form.cleaned_data["default_tlp"],
            confidence=form.cleaned_data["confidence"],
        )
        if started.batch is not None:
            return redirect("exchange:import", batch_id=started.batch.pk)
        return redirect("exchange:import_waiting", token=started.waiting)
    return render_page(request, "exchange/import_new.html", {"form": form})


@require_GET
@staff_required(ANALYSE)
def import_waiting(request: HttpRequest, token: str) -> HttpResponse:
    batch = upload_batch_waited(actor=signed_in_user(request), token=token)
    if batch is not None:
        return redirect("exchange:import", batch_id=batch.pk)
    return render_page(request, "exchange/import_waiting.html", {"token": token})


@require_GET
@staff_required(ANALYSE)
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = import_batch_get(batch_id=batch_id)
    context = {"batch": batch, "outcome": outcome(batch)}
    return render_page(request, "exchange/import.html", context)
