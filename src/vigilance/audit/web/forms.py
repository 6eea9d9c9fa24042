"""The auditors' filters of the trail (read through GET; nothing here changes anything)."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.audit.services import AuditFilters
from vigilance.core.forms import AccessibleForm

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(AccessibleForm):
    action = forms.CharField(
        label=_("Action"),
        max_length=60,
        required=False,
        help_text=_(
            "The beginning of the action's code, for example “evidence.” for every action on "
            "evidence files."
        ),
    )
    actor = forms.CharField(label=_("Actor (username)"), max_length=150, required=False)
    object_type = forms.CharField(label=_("Object type"), max_length=40, required=False)
    object_id = forms.CharField(label=_("Object identifier"), max_length=64, required=False)
    date_from = forms.DateField(label=_("From (date)"), required=False, widget=_DATE)
    date_to = forms.DateField(label=_("To (date, included)"), required=False, widget=_DATE)
    before = forms.IntegerField(
        required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from: dt.date | None = data.get("date_from")
        date_to: dt.date | None = data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            action=data["action"].strip(),
            actor=data["actor"].strip(),
            object_type=data["object_type"].strip(),
            object_id=data["object_id"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
