"""Forms of the follow-up pages: signing in with reference and code, and what a reporter adds."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.intake.models import ContactVerification, ReporterRole, ReporterType
from vigilance.intake.services import ReportInvalid


class PageForm(AccessibleForm):
    """A follow-up form that can also show the errors a service found."""

    def add_service_errors(self, error: ReportInvalid, names: dict[str, str]) -> None:
        """Show a service's errors next to the fields; ``names`` maps service keys to fields."""
        for key, messages in error.fields.items():
            field = names.get(key)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        self.mark_errors()


class FollowSignInForm(PageForm):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=40,
        help_text=_("It looks like VIG-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=64,
        help_text=_("The secret code shown when you filed your report, with or without dashes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class InformationForm(PageForm):
    text = forms.CharField(
        label=_("What do you want to add?"),
        help_text=_("New facts, a new number used by the offender, a payment you remembered…"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
    )


class EvidenceForm(PageForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A picture, a screenshot, a PDF, an audio recording or a short video."),
    )


class IdentityForm(PageForm):
    type = forms.ChoiceField(
        label=_("You are"), choices=ReporterType.choices, widget=forms.RadioSelect
    )
    role = forms.ChoiceField(
        label=_("Your role"), choices=ReporterRole.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Name"),
        help_text=_("Your name, or the name of the business or body."),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )


class ContactSendForm(PageForm):
    channel = forms.ChoiceField(choices=ContactVerification.Channel.choices)


class ContactCodeForm(PageForm):
    code = forms.CharField(
        label=_("Code received by SMS"),
        help_text=_("The 6 digits of the message, valid for 10 minutes."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )
