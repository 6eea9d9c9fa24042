"""Forms of the report form's steps: they read what was typed and show it back with errors.

The rules themselves are the service's (``wizard.step_errors`` runs ``report_validate`` on the
step's answers); each form maps the service's field names back onto its own fields.
"""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.core.models import OffenceCategory, OffenceGroup, Region
from vigilance.indicators.normalise import TYPES
from vigilance.intake import services, wizard
from vigilance.intake.models import LossChannel, ReporterRole, ReporterType

EMPTY_IDENTIFIER_ROWS = 3
DESCRIBE_AT_LEAST = format_lazy(
    _("Describe what happened in at least {count} characters."), count=services.MIN_DESCRIPTION
)


class StepForm(AccessibleForm):
    """A step: ``stored()`` gives the JSON values kept in the session once the form is valid.

    Every message names its field and says how to fix it, so the error summary lists the
    messages alone (``errors_name_their_field``), as GOV.UK's design system does.
    """

    step = ""
    errors_name_their_field = True

    def add_service_errors(self, errors: Mapping[str, list[str]]) -> None:
        for name, messages in errors.items():
            field = self.service_field(name)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)

    def service_field(self, name: str) -> str:
        """This form's field for a field of the service (``reporter.phone`` -> ``phone``)."""
        return name.rsplit(".", 1)[-1]

    def stored(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def initial_from(self, values: Mapping[str, Any]) -> None:
        self.initial = dict(values)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            self.add_service_errors(wizard.step_errors(self.step, self.stored()))
        return cleaned


class WhoForm(StepForm):
    step = "who"
    is_anonymous = forms.TypedChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            ("no", _("Yes, I give my name and a way to reach me")),
            ("yes", _("No, I report anonymously")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
        error_messages={
            "required": _("Choose whether you give your name or report anonymously."),
            "invalid_choice": _("Choose whether you give your name or report anonymously."),
        },
    )
    type = forms.ChoiceField(
        label=_("You are"),
        choices=ReporterType.choices,
        widget=forms.RadioSelect,
        initial=ReporterType.PERSON,
        error_messages={
            "required": _("Choose who you are: a person, a business or a public body."),
            "invalid_choice": _("Choose who you are: a person, a business or a public body."),
        },
    )
    role = forms.ChoiceField(
        label=_("Your part in what happened"),
        choices=ReporterRole.choices,
        widget=forms.RadioSelect,
        initial=ReporterRole.VICTIM,
        error_messages={
            "required": _(
                "Choose your part in what happened: victim, witness or reporting for someone else."
            ),
            "invalid_choice": _(
                "Choose your part in what happened: victim, witness or reporting for someone else."
            ),
        },
    )
    name = forms.CharField(
        label=_("Your name, or the name of the business or body"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Write your name in %(limit_value)d characters or fewer.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        help_text=_("For example 6 77 12 34 56."),
        error_messages={
            "max_length": _("Enter a phone number of %(limit_value)d characters or fewer.")
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        error_messages={
            "max_length": _("Enter an e-mail address of %(limit_value)d characters or fewer.")
        },
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    victim_is_minor = forms.BooleanField(label=_("The victim is a minor"), required=False)

    def initial_from(self, values: Mapping[str, Any]) -> None:
        self.initial = {**values, "is_anonymous": "yes" if values.get("is_anonymous") else "no"}


def category_groups() -> list[tuple[OffenceGroup, list[OffenceCategory]]]:
    """The taxonomy as the form shows it: each group with its active categories."""
    categories = OffenceCategory.objects.filter(is_active=True).select_related("group")
    groups: dict[str, tuple[OffenceGroup, list[OffenceCategory]]] = {}
    for category in categories.order_by("group__position", "position"):
        groups.setdefault(category.group_id, (category.group, []))[1].append(category)
    return list(groups.values())


def region_choices() -> list[Region]:
    return list(Region.objects.prefetch_related("departments"))


class WhatForm(StepForm):
    step = "what"
    category = forms.ChoiceField(
        label=_("Which of these describes it best?"),
        error_messages={
            "required": _("Choose what happened to you."),
            "invalid_choice": _("Choose what happened to you from the list."),
        },
    )
    incident_date = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        help_text=_("If you know it. Leave empty otherwise."),
        error_messages={
            "invalid": _("Enter the date it happened as a real date, for example 27/03/2026.")
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        error_messages={
            "required": _("Choose your region."),
            "invalid_choice": _("Choose your region from the list."),
        },
    )
    department = forms.ChoiceField(
        label=_("Department"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose a department of your region, or “I don't know”.")
        },
    )
    description = forms.CharField(
        label=_("Tell us what happened"),
        help_text=_(
            "In your own words: what was said or done, by whom, how you were contacted, "
            "what you paid. Between 10 and 20,000 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=services.MIN_DESCRIPTION,
        max_length=services.MAX_DESCRIPTION,
        error_messages={
            "required": DESCRIBE_AT_LEAST,
            "min_length": DESCRIBE_AT_LEAST,
            "max_length": _("Describe what happened in %(limit_value)s characters or fewer."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = category_groups()
        self.regions = region_choices()
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            (c.code, c.name) for _group, categories in self.groups for c in categories
        ]
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", _("Choose a region")),
            *((r.code, r.name) for r in self.regions),
        ]
        # One <optgroup> per region; the script narrows the list to the region chosen.
        cast(forms.ChoiceField, self.fields["department"]).choices = [
            ("", _("I don't know")),
            *((r.name, [(d.code, d.name) for d in r.departments.all()]) for r in self.regions),
        ]

    def stored(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        date = values.get("incident_date")
        values["incident_date"] = date.isoformat() if date else ""
        return values


class SuspectsForm(StepForm):
    """Any number of rows ``type_N`` / ``value_N``; empty values are left out."""

    step = "suspects"

    def __init__(self, *args: Any, rows: int = EMPTY_IDENTIFIER_ROWS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = max(1, min(rows, services.MAX_IDENTIFIERS))
        for index in range(self.rows):
            self.fields[f"type_{index}"] = forms.ChoiceField(
                label=_("Type"),
                choices=list(TYPES.items()),
                initial="phone",
                error_messages={
                    "invalid_choice": _("Choose the type of identifier from the list.")
                },
            )
            self.fields[f"value_{index}"] = forms.CharField(
                label=_("Number, address or link"),
                required=False,
                max_length=500,
                error_messages={
                    "max_length": _(
                        "Write the number, address or link in %(limit_value)d characters or fewer."
                    )
                },
            )
        self.row_indexes: list[int] = []

    @staticmethod
    def rows_in(data: Mapping[str, Any]) -> int:
        try:
            return int(data.get("rows", EMPTY_IDENTIFIER_ROWS))
        except (TypeError, ValueError):
            return EMPTY_IDENTIFIER_ROWS

    def row_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"type_{i}"], self[f"value_{i}"]) for i in range(self.rows)]

    def stored(self) -> dict[str, Any]:
        identifiers = []
        self.row_indexes = []
        for index in range(self.rows):
            value = str(self.cleaned_data.get(f"value_{index}", "")).strip()
            if value:
                self.row_indexes.append(index)
                identifiers.append({"type": self.cleaned_data[f"type_{index}"], "value": value})
        return {"identifiers": identifiers}

    def service_field(self, name: str) -> str:
        # "suspects.2.value" is the third non-empty row, which may be another row of the form.
        parts = name.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(self.row_indexes):
            return f"value_{self.row_indexes[int(parts[1])]}"
        return "__all__"

    @classmethod
    def from_stored(cls, values: Mapping[str, Any]) -> "SuspectsForm":
        identifiers = list(values.get("identifiers", []))
        initial: dict[str, Any] = {}
        for index, row in enumerate(identifiers):
            initial[f"type_{index}"] = row["type"]
            initial[f"value_{index}"] = row["value"]
        return cls(initial=initial, rows=max(EMPTY_IDENTIFIER_ROWS, len(identifiers) + 1))

    @classmethod
    def with_another_row(cls, data: Mapping[str, Any]) -> "SuspectsForm":
        """The rows as typed, unchecked, with one empty row more (the no-script "Add" button)."""
        rows = cls.rows_in(data)
        initial = {
            f"{kind}_{i}": data.get(f"{kind}_{i}", "")
            for i in range(rows)
            for kind in ("type", "value")
        }
        return cls(initial=initial, rows=rows + 1)


class LossForm(StepForm):
    step = "loss"
    has_loss = forms.TypedChoiceField(
        label=_("Did you lose money?"),
        choices=[("yes", _("Yes")), ("no", _("No, nothing was lost"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={
            "required": _("Say whether you lost money."),
            "invalid_choice": _("Say whether you lost money."),
        },
    )
    amount = forms.CharField(
        label=_("Amount lost"),
        required=False,
        max_length=40,
        help_text=_("For example 75 000."),
        error_messages={"max_length": _("Write the amount lost in figures, for example 75 000.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[(c, c) for c in services.CURRENCIES],
        initial="XAF",
        error_messages={
            "required": _("Choose the currency of the amount lost."),
            "invalid_choice": _("Choose the currency of the amount lost from the list."),
        },
    )
    channel = forms.ChoiceField(
        label=_("How was it paid?"),
        choices=[("", _("Choose")), *LossChannel.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose how the money was paid from the list.")},
    )
    receipt = forms.CharField(
        label=_("Confirmation SMS of the payment"),
        required=False,
        max_length=2000,
        error_messages={"max_length": _("Paste an SMS of %(limit_value)d characters or fewer.")},
        help_text=_(
            "Copy and paste the SMS MTN MoMo or Orange Money sent you: the transaction number "
            "and the number you paid help the investigators."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = forms.Form.clean(self) or {}
        if cleaned.get("has_loss"):
            text = str(cleaned.get("amount") or "").strip()
            if not text:
                self.add_error(
                    "amount", _("Give the amount lost, or choose “No, nothing was lost”.")
                )
            else:
                try:
                    amount = wizard.parse_amount(text)
                except ValueError as error:
                    self.add_error("amount", str(error))
                else:
                    if amount <= 0:
                        self.add_error(
                            "amount",
                            _("Give an amount above zero, or choose “No, nothing was lost”."),
                        )
                    cleaned["amount_value"] = str(amount)
        if not self.errors:
            self.add_service_errors(wizard.step_errors(self.step, self.stored()))
        return cleaned

    def stored(self) -> dict[str, Any]:
        data = self.cleaned_data
        if not data.get("has_loss"):
            return {
                "has_loss": False,
                "amount": "",
                "currency": "XAF",
                "channel": "",
                "receipt": "",
            }
        return {
            "has_loss": True,
            "amount": data.get("amount_value", ""),
            "amount_typed": data.get("amount", ""),
            "currency": data.get("currency", "XAF"),
            "channel": data.get("channel", ""),
            "receipt": data.get("receipt", ""),
        }

    def initial_from(self, values: Mapping[str, Any]) -> None:
        if values:
            self.initial = {
                **values,
                "has_loss": "yes" if values.get("has_loss") else "no",
                "amount": values.get("amount_typed", values.get("amount", "")),
            }


class PlaceSeenForm(forms.Form):
    """Child sexual abuse: where it was seen, never the material itself."""

    errors_name_their_field = True

    seen_at = forms.CharField(
        label=_("The link, or the place where you saw it"),
        help_text=_(
            "Copy the address of the page, the name of the group or account, or describe where "
            "you saw it."
        ),
        max_length=2000,
        error_messages={
            "required": _("Give the link or the place where you saw it."),
            "max_length": _("Describe the place in %(limit_value)d characters or fewer."),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    errors_name_their_field = True
    consent = forms.BooleanField(
        label=_("I have read the notice on personal data and I agree to it"),
        error_messages={
            "required": _(
                "We can only process your report if you accept the notice on personal data."
            )
        },
    )
    # A trap for robots: hidden from people (and from screen readers) by the template.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
