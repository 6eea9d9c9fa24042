"""Routing-rule pages of the workspace: the ordered list, add, edit, deactivate, and a form to
test where a report would go. Only for people allowed to edit routing (404 for anyone else)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import Unit
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import InvalidAction
from vigilance.directory import selectors, services
from vigilance.directory.forms import RoutingRuleForm, RoutingTestForm
from vigilance.directory.models import RoutingRule

MANAGE = Permission.MANAGE_ROUTING


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context.get("form")
    status = 400 if form is not None and form.errors else 200
    return render(request, template, {"nav": "routing", **context}, status=status)


def _show_refusal(form: RoutingRuleForm, error: InvalidAction) -> None:
    if not error.fields:
        form.add_error(None, error.message)
    for field, field_messages in error.fields.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
    form.mark_errors()


@require_http_methods(["GET"])
@staff_required(MANAGE)
def routing_rule_list(request: HttpRequest) -> HttpResponse:
    """The rules in order, and the "test the rules" form (answered on the same page)."""
    test_form = RoutingTestForm(request.GET if "category" in request.GET else None)
    decision = None
    units: dict[int, Unit] = {}
    if test_form.is_valid():
        data = test_form.cleaned_data
        decision = selectors.routing_for_report(
            category_code=data["category"].code,
            region_code=data["region"].code if data["region"] else "",
            amount=data["amount"],
        )
        unit_ids = [rule.unit_id for rule in [decision.rule, *decision.inform] if rule]
        units = Unit.objects.select_related("organisation").in_bulk(unit_ids)
    context = {
        "rules": selectors.routing_rule_list(),
        "test_form": test_form,
        "decision": decision,
        "assigned_unit": units.get(decision.unit_id) if decision and decision.unit_id else None,
        "informed_units": [units[rule.unit_id] for rule in decision.inform] if decision else [],
    }
    status = 400 if test_form.errors else 200
    return render(
        request, "directory/routing_rule_list.html", {"nav": "routing", **context}, status=status
    )


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
def routing_rule_create(request: HttpRequest) -> HttpResponse:
    form = RoutingRuleForm(
        request.POST if request.method == "POST" else None, initial={"position": 100}
    )
    if form.is_valid():
        try:
            services.routing_rule_create(actor=signed_in_user(request), **form.cleaned_data)
        except InvalidAction as error:
            _show_refusal(form, error)
        else:
            messages.success(request, _("The routing rule has been added."))
            return redirect("directory:routing_rule_list")
    return _render(request, "directory/routing_rule_form.html", {"form": form, "rule": None})


def _initial(rule: RoutingRule) -> dict[str, Any]:
    return {
        "position": rule.position,
        "name_fr": rule.name_fr,
        "name_en": rule.name_en,
        "action": rule.action,
        "category": rule.category,
        "region": rule.region,
        "min_amount": rule.min_amount,
        "unit": rule.unit,
        "is_active": rule.is_active,
    }


@require_http_methods(["GET", "POST"])
@staff_required(MANAGE)
def routing_rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = selectors.routing_rule_get(rule_id=rule_id)
    form = RoutingRuleForm(
        request.POST if request.method == "POST" else None, initial=_initial(rule)
    )
    if form.is_valid():
        try:
            services.routing_rule_update(
                actor=signed_in_user(request), rule=rule, **form.cleaned_data
            )
        except InvalidAction as error:
            _show_refusal(form, error)
        else:
            messages.success(request, _("The routing rule has been saved."))
            return redirect("directory:routing_rule_list")
    return _render(request, "directory/routing_rule_form.html", {"form": form, "rule": rule})


@require_POST
@staff_required(MANAGE)
def routing_rule_deactivate(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = selectors.routing_rule_get(rule_id=rule_id)
    try:
        services.routing_rule_deactivate(actor=signed_in_user(request), rule=rule)
    except InvalidAction as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The routing rule is deactivated."))
    return redirect("directory:routing_rule_list")
