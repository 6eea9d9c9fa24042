"""Forms of the case list and the case page: each action on a case has its own small form."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation, Unit, User
from vigilance.cases.forms.filters import ListFilterForm, day_filter, iso_date_input, unit_filter
from vigilance.cases.models import Case, CasePriority, CaseStatus, Tlp
from vigilance.cases.selectors.case import (
    assignable_users,
    case_reports_choices,
    no_such_person,
    share_person_by_username,
)
from vigilance.cases.transitions import next_statuses
from vigilance.core.forms import AccessibleForm
from vigilance.intake.models import Outcome, Report


class CaseFilterForm(ListFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), ("active", _("Not closed")), *CaseStatus.choices],
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("All priorities")), *CasePriority.choices],
        coerce=int,
        empty_value=None,
    )
    unit = unit_filter(_("Owning unit"))
    date_from = day_filter(_("Opened from"))
    date_to = day_filter(_("Opened until"))
    mine = forms.BooleanField(label=_("Only cases I lead or have a task on"), required=False)


def _person_label(user: User) -> str:
    return user.get_full_name() or user.username


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class ReportChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.reference)


class StatusForm(AccessibleForm):
    status = forms.ChoiceField(label=_("New status"))
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"),
        required=False,
        choices=[("", _("Choose the outcome")), *Outcome.choices],
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [
            (status, CaseStatus(status).label) for status in next_statuses(case.status)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == CaseStatus.CLOSED and not cleaned.get("outcome"):
            self.add_error("outcome", _("Choose the outcome to close the case."))
        return cleaned


class ReopenForm(AccessibleForm):
    reason = forms.CharField(label=_("Why reopen the case?"), max_length=300)


class AttachForm(AccessibleForm):
    reference = forms.CharField(
        label=_("Report reference"), max_length=24, help_text=_("For example VIG-2026-000123.")
    )


class TaskForm(AccessibleForm):
    title = forms.CharField(label=_("Task"), max_length=200)
    assignee = PersonChoiceField(
        label=_("Given to"), required=False, queryset=User.objects.none(), empty_label=_("Nobody")
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=iso_date_input())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in assignable_users(case)])


class NoteForm(AccessibleForm):
    body = forms.CharField(
        label=_("Internal note (never shown to the victim)"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ShareForm(AccessibleForm):
    recipient = forms.ChoiceField(label=_("Share with"), required=False)
    person = forms.CharField(label=_("Or one person (username)"), required=False, max_length=150)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    expires_on = forms.DateField(
        label=_("Until"),
        help_text=_("180 days at most."),
        widget=iso_date_input(),
    )
    # The share always lets the recipient read the case; each of these is an added right.
    may_contribute = forms.BooleanField(
        label=_("They may also add notes and tasks"), required=False
    )
    may_download_evidence = forms.BooleanField(
        label=_("They may also download the evidence files"), required=False
    )
    may_export_case_file = forms.BooleanField(
        label=_("They may also export the signed case file"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).select_related("organisation").order_by("code")
        organisations = Organisation.objects.filter(is_active=True).order_by("code")
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ChoiceField)
        recipient.choices = [
            ("", _("Choose a unit or an organisation")),
            (_("Units"), [(f"unit:{u.code}", str(u)) for u in units]),
            (
                _("Organisations"),
                [
                    (f"organisation:{o.code}", f"{o.name} ({o.get_kind_display()})")
                    for o in organisations
                ],
            ),
        ]
        if not self.is_bound:
            self.initial.setdefault("expires_on", timezone.localdate() + dt.timedelta(days=30))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        recipient, person = cleaned.get("recipient"), (cleaned.get("person") or "").strip()
        if bool(recipient) == bool(person):
            self.add_error("recipient", _("Choose a unit or an organisation, or name one person."))
            return cleaned
        if recipient:
            kind, code = recipient.split(":", 1)
            model = Unit if kind == "unit" else Organisation
            cleaned[kind] = model.objects.get(code=code)
        else:
            found = share_person_by_username(person)
            if found is None:
                self.add_error("person", no_such_person())
            cleaned["user"] = found
        return cleaned

    def expires_at(self) -> dt.datetime:
        """The end of the chosen day, in the platform's time zone."""
        day: dt.date = self.cleaned_data["expires_on"]
        return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


class LinkForm(AccessibleForm):
    number = forms.CharField(
        label=_("Case number"), max_length=24, help_text=_("For example CAS-2026-000042.")
    )
    reason = forms.CharField(label=_("Why these cases belong together"), max_length=300)


class LeadForm(AccessibleForm):
    lead = PersonChoiceField(label=_("Lead"), queryset=User.objects.none())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in assignable_users(case)])


class UnitForm(AccessibleForm):
    unit = forms.ModelChoiceField(
        label=_("Owning unit"),
        queryset=Unit.objects.filter(is_active=True).order_by("code"),
        to_field_name="code",
    )


class PriorityForm(AccessibleForm):
    priority = forms.TypedChoiceField(label=_("Priority"), choices=CasePriority.choices, coerce=int)
    tlp = forms.ChoiceField(label=_("TLP marking"), choices=Tlp.choices)


class MessageForm(AccessibleForm):
    report = ReportChoiceField(
        label=_("To the victim of report"),
        queryset=Report.objects.none(),
        to_field_name="reference",
    )
    text = forms.CharField(
        label=_("Message (the victim reads it on the follow page)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["report"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = case_reports_choices(case)
