"""The analysts' indicator pages in the workspace (``/<lang>/staff/indicators/``), one module per
page: search and indicator, warning list, disputes, early warnings. Every page needs
``Permission.ANALYSE_INDICATORS`` (404 for anyone else); reports are reached only through the
workspace search, which applies need-to-know."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vigilance.accounts.permissions import Permission
from vigilance.core.errors import InvalidAction
from vigilance.indicators.normalise import display, type_label

ANALYSE = Permission.ANALYSE_INDICATORS


@dataclass(frozen=True)
class Shown:
    """How a value is shown to staff: its type's name, and the value defanged (never a link)."""

    type_label: str
    display: str


def shown(kind: str, value: str) -> Shown:
    return Shown(type_label=type_label(kind), display=display(kind, value))


def render_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page of the section; 400 when a submitted form is shown again with its errors."""
    invalid = any(isinstance(v, forms.Form) and v.is_bound and v.errors for v in context.values())
    return render(
        request, template, {"nav": "indicators", **context}, status=400 if invalid else 200
    )


def show_refusal(form: forms.Form, error: InvalidAction) -> None:
    """Put a service's refusal next to the fields it names, or above the form."""
    if not error.fields:
        form.add_error(None, error.message)
    for field, messages in error.fields.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
    mark = getattr(form, "mark_errors", None)
    if mark is not None:
        mark()
