"""Administration in the workspace (not the Django admin): organisations and their units, people
and their roles. Only people allowed to manage accounts see these pages (404 for anyone else);
every change is made by a service of ``accounts.services``, which checks the rules and audits it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vigilance.accounts import selectors, services
from vigilance.accounts.access import refusal_to_act_on
from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.forms_admin import (
    GrantRefuseForm,
    MemberCreateForm,
    MemberEditForm,
    UnitCreateForm,
    UnitForm,
)
from vigilance.accounts.models import Organisation, Role
from vigilance.accounts.permissions import Permission
from vigilance.accounts.reauth import require_recent_authentication
from vigilance.core.errors import InvalidAction
from vigilance.core.forms import AccessibleForm

MANAGE = Permission.MANAGE_ACCOUNTS


def _show_refusal(form: AccessibleForm, error: InvalidAction | ValidationError) -> None:
    """Put a service's refusal next to the fields it names, or above the form."""
    if isinstance(error, InvalidAction):
        fields = error.fields or {}
        if not fields:
            form.add_error(None, error.message)
        for field, field_messages in fields.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    form.mark_errors()


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context.get("form")
    status = 400 if form is not None and form.errors else 200
    context = {"nav": "admin", "pending_grants": selectors.waiting_for_approval_count(), **context}
    return render(request, template, context, status=status)


def _roles_text(codes: list[str]) -> str:
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes) or "—"


@require_http_methods(["GET"])
@staff_required(MANAGE)
def organisation_list(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "accounts/admin_organisation_list.html",
        {"organisations": selectors.organisation_list()},
    )


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
def unit_create(request: HttpRequest) -> HttpResponse:
    initial = {
        "organisation": Organisation.objects.filter(
            code=request.GET.get("organisation", "")
        ).first()
    }
    form = UnitCreateForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_create(actor=signed_in_user(request), **data)
        except InvalidAction as error:
            _show_refusal(form, error)
        else:
            messages.success(
                request, _("The unit %(name)s has been created.") % {"name": unit.name}
            )
            return redirect("accounts:admin_organisation_list")
    return _render(request, "accounts/admin_unit_form.html", {"form": form, "unit": None})


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.unit_get(code=code)
    initial = {
        "name_fr": unit.name_fr,
        "name_en": unit.name_en,
        "parent": unit.parent,
        "regions": list(unit.regions.all()),
        "email": unit.email,
    }
    form = UnitForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            move = services.unit_update(
                actor=signed_in_user(request), unit=unit, **form.cleaned_data
            )
        except InvalidAction as error:
            _show_refusal(form, error)
        else:
            messages.success(request, _("The unit %(name)s has been saved.") % {"name": unit.name})
            if move is not None:
                messages.info(
                    request,
                    _("Its move under %(parent)s waits for a second administrator's approval.")
                    % {"parent": move.parent.name},
                )
            return redirect("accounts:admin_organisation_list")
    return _render(request, "accounts/admin_unit_form.html", {"form": form, "unit": unit})


@require_http_methods(["GET"])
@staff_required(MANAGE)
def member_list(request: HttpRequest) -> HttpResponse:
    organisation_code = request.GET.get("organisation", "")
    context = {
        "people": selectors.member_list(organisation_code=organisation_code),
        "organisations": Organisation.objects.all(),
        "organisation_code": organisation_code,
        "role_labels": dict(Role.choices),
    }
    return _render(request, "accounts/admin_member_list.html", context)


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
def member_create(request: HttpRequest) -> HttpResponse:
    form = MemberCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            member = services.user_create_member(actor=signed_in_user(request), **form.cleaned_data)
        except (InvalidAction, ValidationError) as error:
            _show_refusal(form, error)
        else:
            return _render(request, "accounts/admin_member_created.html", {"member": member})
    return _render(request, "accounts/admin_member_form.html", {"form": form, "member": None})


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
@require_recent_authentication()
def member_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """A person's unit and roles (behind a recent re-authentication); what opens case content
    waits for a second administrator."""
    member = selectors.member_get(user_id=user_id)
    initial = {"unit": member.unit, "roles": list(member.roles or [])}
    form = MemberEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            grant = services.user_update_assignment(
                actor=signed_in_user(request),
                user=member,
                unit=form.cleaned_data["unit"],
                roles=form.cleaned_data["roles"],
            )
        except InvalidAction as error:
            _show_refusal(form, error)
        else:
            if grant is None:
                message = _("%(username)s has been saved.") % {"username": member.username}
            else:
                message = _(
                    "The change for %(username)s opens case content or administration: it will "
                    "apply once another administrator approves it."
                ) % {"username": member.username}
            messages.success(request, message)
            return redirect("accounts:admin_member_list")
    context = {
        "form": form,
        "member": member,
        "refusal": refusal_to_act_on(signed_in_user(request), member),
        "role_labels": dict(Role.choices),
    }
    return _render(request, "accounts/admin_member_form.html", context)


@require_POST
@staff_required(MANAGE)
def member_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    member = selectors.member_get(user_id=user_id)
    try:
        services.user_deactivate(actor=signed_in_user(request), user=member)
    except InvalidAction as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The account of %(username)s is deactivated.") % {"username": member.username},
        )
    return redirect("accounts:admin_member_list")


@require_POST
@staff_required(MANAGE)
@require_recent_authentication()
def member_password_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """A temporary password, shown once; the person chooses their own at their next sign-in."""
    member = selectors.member_get(user_id=user_id)
    try:
        password = services.user_password_reset(actor=signed_in_user(request), user=member)
    except InvalidAction as error:
        messages.error(request, error.message)
        return redirect("accounts:admin_member_edit", user_id=member.pk)
    return _render(
        request, "accounts/admin_password_reset.html", {"member": member, "password": password}
    )


@require_POST
@staff_required(MANAGE)
@require_recent_authentication()
def member_authenticator_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    member = selectors.member_get(user_id=user_id)
    try:
        services.user_authenticator_reset(actor=signed_in_user(request), user=member)
    except InvalidAction as error:
        messages.error(request, error.message)
        return redirect("accounts:admin_member_edit", user_id=member.pk)
    messages.success(
        request,
        _(
            "The authenticator of %(username)s is reset: they will set up a new one at their "
            "next sign-in. They have been told by e-mail."
        )
        % {"username": member.username},
    )
    return redirect("accounts:admin_member_list")


@require_http_methods(["GET"])
@staff_required(MANAGE)
def grant_list(request: HttpRequest) -> HttpResponse:
    """Changes of access waiting for a second administrator, and the latest decisions."""
    context = {
        "grants": selectors.role_grant_pending_list(),
        "decided": selectors.role_grant_recent_list(),
        "moves": selectors.unit_move_pending_list(),
        "decided_moves": selectors.unit_move_recent_list(),
        "role_labels": dict(Role.choices),
    }
    return _render(request, "accounts/admin_grant_list.html", context)


def _decide_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    approve: Callable[[], object],
    refuse: Callable[[str], object],
) -> HttpResponse:
    """The page where a second administrator approves, or refuses with a reason, a request."""
    is_refusal = request.method == "POST" and request.POST.get("decision") == "refuse"
    form = GrantRefuseForm(request.POST if is_refusal else None)
    error = ""
    if request.method == "POST" and (form.is_valid() or not is_refusal):
        try:
            if is_refusal:
                refuse(form.cleaned_data["reason"])
                messages.success(request, _("The request is refused."))
            else:
                approve()
                messages.success(request, _("The request is approved and applied."))
        except InvalidAction as refusal:
            error = refusal.message
        else:
            return redirect("accounts:admin_grant_list")
    response = _render(request, template, {**context, "form": form, "error": error})
    if error:
        response.status_code = 400
    return response


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
@require_recent_authentication()
def grant_decide(request: HttpRequest, grant_id: int) -> HttpResponse:
    """Approve or refuse (with a reason) a change another administrator asked for."""
    actor = signed_in_user(request)
    grant = selectors.role_grant_get_pending(grant_id=grant_id)
    context = {
        "grant": grant,
        "roles_before": _roles_text(grant.roles_before),
        "roles_after": _roles_text(grant.roles),
        "is_own_request": actor.pk in (grant.requested_by_id, grant.user_id),
    }
    return _decide_page(
        request,
        "accounts/admin_grant_decide.html",
        context,
        approve=lambda: services.role_grant_approve(actor=actor, grant_id=grant.pk),
        refuse=lambda reason: services.role_grant_refuse(
            actor=actor, grant_id=grant.pk, reason=reason
        ),
    )


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
@require_recent_authentication()
def unit_move_decide(request: HttpRequest, move_id: int) -> HttpResponse:
    """Approve or refuse (with a reason) a move of a unit another administrator asked for."""
    actor = signed_in_user(request)
    move = selectors.unit_move_get_pending(move_id=move_id)
    context = {"move": move, "is_own_request": actor.pk == move.requested_by_id}
    return _decide_page(
        request,
        "accounts/admin_unit_move_decide.html",
        context,
        approve=lambda: services.unit_move_approve(actor=actor, move_id=move.pk),
        refuse=lambda reason: services.unit_move_refuse(
            actor=actor, move_id=move.pk, reason=reason
        ),
    )
