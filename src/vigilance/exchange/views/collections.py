"""The staff's pages of the exchange collections: the list with readers and object counts, a new
collection, and one collection's readers (need to know, with a reason) and deactivation.

For supervisors of the CIRT and of the coordination centre; anyone else gets a 404.
"""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.core.forms import AccessibleForm
from vigilance.exchange.forms.collections import CollectionForm, ReaderAddForm, ReasonForm
from vigilance.exchange.models import ExchangeCollection
from vigilance.exchange.selectors.collections import (
    collection_get_for_staff,
    collection_list_for_staff,
    common_object_count,
    may_manage_collections,
)
from vigilance.exchange.services import collections as services

NAV = "exchange"


def _manager(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not may_manage_collections(user):
        raise NotFound
    return user


def _refused(form: AccessibleForm, refused: InvalidAction) -> None:
    placed = False
    for field, field_messages in refused.fields.items():
        if field in form.fields:
            for message in field_messages:
                form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, refused.message)


@staff_required(Permission.MANAGE_EXCHANGE)
@require_GET
def collection_list(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    context = {
        "collections": collection_list_for_staff(user),
        "common_count": common_object_count(),
        "nav": NAV,
    }
    return render(request, "exchange/collection_list.html", context)


@staff_required(Permission.MANAGE_EXCHANGE)
@require_http_methods(["GET", "POST"])
def collection_new(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = CollectionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.collection_create(actor=user, **form.cleaned_data)
            except InvalidAction as refused:
                _refused(form, refused)
            else:
                messages.success(
                    request, _("The collection %(slug)s is open.") % {"slug": created.slug}
                )
                return redirect("exchange:collection_detail", collection_id=created.pk)
        form.mark_errors()
    status = 400 if form.errors else 200
    return render(
        request, "exchange/collection_form.html", {"form": form, "nav": NAV}, status=status
    )


def _detail(
    request: HttpRequest,
    collection: ExchangeCollection,
    *,
    reader_form: ReaderAddForm | None = None,
    deactivate_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "collection": collection,
        "readers": collection.readers.order_by("code"),
        "reader_form": reader_form or ReaderAddForm(),
        "deactivate_form": deactivate_form or ReasonForm(prefix="deactivate"),
        "nav": NAV,
    }
    return render(request, "exchange/collection_detail.html", context, status=status)


@staff_required(Permission.MANAGE_EXCHANGE)
@require_GET
def collection_detail(request: HttpRequest, collection_id: uuid.UUID) -> HttpResponse:
    user = _manager(request)
    return _detail(request, collection_get_for_staff(user=user, collection_id=collection_id))


@staff_required(Permission.MANAGE_EXCHANGE)
@require_POST
def collection_reader_add(request: HttpRequest, collection_id: uuid.UUID) -> HttpResponse:
    user = _manager(request)
    collection = collection_get_for_staff(user=user, collection_id=collection_id)
    form = ReaderAddForm(request.POST)
    if form.is_valid():
        try:
            services.collection_reader_add(
                actor=user,
                collection=collection,
                organisation=form.cleaned_data["organisation"],
                reason=form.cleaned_data["reason"],
            )
        except InvalidAction as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The organisation now reads this collection."))
            return redirect("exchange:collection_detail", collection_id=collection.pk)
    form.mark_errors()
    return _detail(request, collection, reader_form=form, status=400)


@staff_required(Permission.MANAGE_EXCHANGE)
@require_POST
def collection_reader_remove(
    request: HttpRequest, collection_id: uuid.UUID, organisation_code: str
) -> HttpResponse:
    user = _manager(request)
    collection = collection_get_for_staff(user=user, collection_id=collection_id)
    organisation = get_object_or_404(collection.readers, code=organisation_code)
    form = ReasonForm(request.POST, prefix="remove")
    if form.is_valid():
        try:
            services.collection_reader_remove(
                actor=user,
                collection=collection,
                organisation=organisation,
                reason=form.cleaned_data["reason"],
            )
        except InvalidAction as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("%(organisation)s no longer reads this collection.")
                % {"organisation": organisation.name},
            )
    else:
        messages.error(request, _("Give the reason for removing this reader."))
    return redirect("exchange:collection_detail", collection_id=collection.pk)


@staff_required(Permission.MANAGE_EXCHANGE)
@require_POST
def collection_deactivate(request: HttpRequest, collection_id: uuid.UUID) -> HttpResponse:
    user = _manager(request)
    collection = collection_get_for_staff(user=user, collection_id=collection_id)
    form = ReasonForm(request.POST, prefix="deactivate")
    if form.is_valid():
        try:
            services.collection_deactivate(
                actor=user, collection=collection, reason=form.cleaned_data["reason"]
            )
        except InvalidAction as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("Partners no longer read this collection."))
            return redirect("exchange:collection_detail", collection_id=collection.pk)
    form.mark_errors()
    return _detail(request, collection, deactivate_form=form, status=400)
