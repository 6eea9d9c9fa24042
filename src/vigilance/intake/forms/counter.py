"""The one-page form a staff member fills in at a counter or on the phone for a victim.

It only reads what was typed; the rules are the service's (``services.report_submit``), whose
errors (``reporter.phone``, ``suspects.1.value``...) are mapped back onto this form's fields.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.indicators.normalise import TYPES
from vigilance.intake import services, wizard
from vigilance.intake.forms.report import category_groups, region_choices
from vigilance.intake.models import Channel, Language, LossChannel

IDENTIFIER_ROWS = 3
DESCRIBE_AT_LEAST = format_lazy(
    _("Write what the victim says happened, in at least {count} characters."),
    count=services.MIN_DESCRIPTION,
)
CHOOSE_CHANNEL = _("Choose how the victim came to you: at the counter or by phone.")
CHOOSE_LANGUAGE = _("Choose the victim's language: French or English.")
CHOOSE_CURRENCY = _("Choose the currency of the amount lost from the list.")

# Fields of the service named by their last part, when it differs from this form's field.
_SERVICE_FIELDS = {
    "reporter.name": "victim_name",
    "reporter.phone": "victim_phone",
    "reporter.email": "victim_email",
    "loss.amount": "loss_amount",
    "loss.currency": "loss_currency",
    "loss.channel": "loss_channel",
}


class CounterReportForm(AccessibleForm):
    """Every answer on one page; suspects' identifiers as rows ``type_N`` / ``value_N``.

    Every message names its field and says how to fix it, so the error summary lists the
    messages alone (``errors_name_their_field``).
    """

    errors_name_their_field = True

    channel = forms.ChoiceField(
        label=_("How the victim came to you"),
        choices=[(c.value, c.label) for c in (Channel.COUNTER, Channel.PHONE)],
        widget=forms.RadioSelect,
        initial=Channel.COUNTER,
        error_messages={"required": CHOOSE_CHANNEL, "invalid_choice": CHOOSE_CHANNEL},
    )
    language = forms.ChoiceField(
        label=_("The victim's language"),
        help_text=_("The receipt and the messages to the victim are written in this language."),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_LANGUAGE, "invalid_choice": CHOOSE_LANGUAGE},
    )
    category = forms.ChoiceField(
        label=_("What happened"),
        error_messages={
            "required": _("Choose what happened to the victim."),
            "invalid_choice": _("Choose what happened from the list."),
        },
    )
    description = forms.CharField(
        label=_("What the victim says happened"),
        help_text=_(
            "In the victim's words: what was said or done, by whom, how they were contacted, "
            "what they paid. Between 10 and 20,000 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=services.MIN_DESCRIPTION,
        max_length=services.MAX_DESCRIPTION,
        error_messages={
            "required": DESCRIBE_AT_LEAST,
            "min_length": DESCRIBE_AT_LEAST,
            "max_length": _(
                "Write what the victim says happened in %(limit_value)s characters or fewer."
            ),
        },
    )
    incident_date = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        error_messages={
            "invalid": _("Enter the date it happened as a real date, for example 27/03/2026.")
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        error_messages={
            "required": _("Choose the victim's region."),
            "invalid_choice": _("Choose a region from the list."),
        },
    )
    department = forms.ChoiceField(
        label=_("Department"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose a department of the region chosen, or “Not known”.")
        },
    )
    victim_name = forms.CharField(
        label=_("The victim's name, or the name of the business or body"),
        max_length=200,
        error_messages={
            "required": _("Give the victim's name, or the name of the business or body."),
            "max_length": _("Write the victim's name in %(limit_value)d characters or fewer."),
        },
    )
    victim_phone = forms.CharField(
        label=_("The victim's phone number"),
        required=False,
        max_length=40,
        error_messages={
            "max_length": _("Enter a phone number of %(limit_value)d characters or fewer.")
        },
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    victim_email = forms.CharField(
        label=_("The victim's e-mail address"),
        required=False,
        max_length=254,
        error_messages={
            "max_length": _("Enter an e-mail address of %(limit_value)d characters or fewer.")
        },
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    victim_is_minor = forms.BooleanField(label=_("The victim is a minor"), required=False)
    loss_amount = forms.CharField(
        label=_("Amount lost"),
        required=False,
        max_length=40,
        help_text=_("Leave empty if nothing was lost. For example 75 000."),
        error_messages={"max_length": _("Write the amount lost in figures, for example 75 000.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    loss_currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[(c, c) for c in services.CURRENCIES],
        initial="XAF",
        error_messages={"required": CHOOSE_CURRENCY, "invalid_choice": CHOOSE_CURRENCY},
    )
    loss_channel = forms.ChoiceField(
        label=_("How was it paid?"),
        choices=[("", _("Choose")), *LossChannel.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose how the money was paid from the list.")},
    )
    loss_receipt = forms.CharField(
        label=_("Confirmation SMS of the payment (optional)"),
        required=False,
        max_length=2000,
        error_messages={"max_length": _("Paste an SMS of %(limit_value)d characters or fewer.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("The victim was read the notice on personal data and agrees to it"),
        error_messages={
            "required": _(
                "Read the notice on personal data to the victim and tick the box once they agree."
            )
        },
    )

    def __init__(self, *args: Any, rows: int = IDENTIFIER_ROWS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "fr")[:2]
        self.groups = category_groups()
        regions = region_choices()
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("Choose")),
            *(
                (group.name, [(c.code, c.name) for c in categories])
                for group, categories in self.groups
            ),
        ]
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", _("Choose a region")),
            *((r.code, r.name) for r in regions),
        ]
        cast(forms.ChoiceField, self.fields["department"]).choices = [
            ("", _("Not known")),
            *((r.name, [(d.code, d.name) for d in r.departments.all()]) for r in regions),
        ]
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
            return max(IDENTIFIER_ROWS, int(data.get("rows", IDENTIFIER_ROWS)))
        except (TypeError, ValueError):
            return IDENTIFIER_ROWS

    def row_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"type_{i}"], self[f"value_{i}"]) for i in range(self.rows)]

    def clean_loss_amount(self) -> Decimal | None:
        text = str(self.cleaned_data.get("loss_amount") or "").strip()
        if not text:
            return None
        try:
            return wizard.parse_amount(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def draft(self) -> services.ReportDraft:
        """The report as the service takes it; call once the form is valid."""
        data = self.cleaned_data
        identifiers = []
        self.row_indexes = []
        for index in range(self.rows):
            value = str(data.get(f"value_{index}", "")).strip()
            if value:
                self.row_indexes.append(index)
                identifiers.append(
                    services.IdentifierInput(type=data[f"type_{index}"], value=value)
                )
        amount, channel = data.get("loss_amount"), data.get("loss_channel", "")
        receipt = data.get("loss_receipt", "")
        loss = (
            services.LossInput(
                amount=amount, currency=data["loss_currency"], channel=channel, receipt=receipt
            )
            if amount is not None or channel or receipt
            else None
        )
        return services.ReportDraft(
            category=data["category"],
            description=data["description"],
            incident_date=data.get("incident_date"),
            region=data["region"],
            department=data.get("department", ""),
            reporter=services.ReporterInput(
                name=data["victim_name"],
                phone=data.get("victim_phone", ""),
                email=data.get("victim_email", ""),
                victim_is_minor=bool(data.get("victim_is_minor")),
            ),
            identifiers=identifiers,
            loss=loss,
            language=data["language"],
            consent=bool(data.get("consent")),
        )

    def add_service_errors(self, errors: Mapping[str, list[str]]) -> None:
        for name, messages in errors.items():
            field = self._field_of(name)
            for message in messages:
                self.add_error(field, message)
        self.mark_errors()

    def _field_of(self, name: str) -> str | None:
        if name in _SERVICE_FIELDS:
            return _SERVICE_FIELDS[name]
        parts = name.split(".")
        if parts[0] == "suspects":
            # "suspects.2.value" is the third non-empty row, which may be another row here.
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(self.row_indexes):
                return f"value_{self.row_indexes[int(parts[1])]}"
            return None
        return parts[0] if parts[0] in self.fields else None
