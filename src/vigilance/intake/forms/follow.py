"""Forms of the follow-up pages: signing in with reference and code, and what a reporter adds.

Every message names its field and says how to fix it, as on the report form, so the error
summary lists the messages alone (``errors_name_their_field``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.intake.models import ContactVerification, ReporterRole, ReporterType
from vigilance.intake.services import ReportInvalid

ENTER_REFERENCE = _(
    "Enter the reference of your report: it starts with VIG-, for example VIG-2026-000123."
)
ENTER_TRACKING_CODE = _(
    "Enter the tracking code shown at the end of your report: 16 letters and digits, "
    "for example 7KQ2-M9XD-4HTW-P0BN."
)
CHOOSE_FILE = _(
    "Choose a file to send: a picture, a screenshot, a PDF, an audio recording or a short video."
)
CHOOSE_TYPE = _("Choose who you are: a person, a business or a public body.")
CHOOSE_ROLE = _("Choose your part in what happened: victim, witness or reporting for someone else.")
CHOOSE_CHANNEL = _("Choose how to confirm: by SMS or by e-mail.")
ENTER_SMS_CODE = _("Enter the 6-digit code we sent you by SMS.")


class PageForm(AccessibleForm):
    """A follow-up form that can also show the errors a service found."""

    errors_name_their_field = True

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
        error_messages={"required": ENTER_REFERENCE, "max_length": ENTER_REFERENCE},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=64,
        help_text=_("The secret code shown when you filed your report, with or without dashes."),
        error_messages={"required": ENTER_TRACKING_CODE, "max_length": ENTER_TRACKING_CODE},
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
        error_messages={
            "required": _("Write what you want to add to your report."),
            "max_length": _("Write what you want to add in %(limit_value)s characters or fewer."),
        },
    )


class EvidenceForm(PageForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A picture, a screenshot, a PDF, an audio recording or a short video."),
        error_messages={
            "required": CHOOSE_FILE,
            "missing": CHOOSE_FILE,
            "invalid": _("The file could not be read: choose it again, or send another one."),
            "empty": _("The file you chose is empty: choose another one."),
            "max_length": _("Rename the file with %(max)d characters or fewer, then send it."),
        },
    )


class IdentityForm(PageForm):
    type = forms.ChoiceField(
        label=_("You are"),
        choices=ReporterType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_TYPE, "invalid_choice": CHOOSE_TYPE},
    )
    role = forms.ChoiceField(
        label=_("Your role"),
        choices=ReporterRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ROLE, "invalid_choice": CHOOSE_ROLE},
    )
    name = forms.CharField(
        label=_("Name"),
        help_text=_("Your name, or the name of the business or body."),
        max_length=200,
        error_messages={
            "required": _("Give your name, or the name of the business or body."),
            "max_length": _("Write your name in %(limit_value)d characters or fewer."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        error_messages={
            "max_length": _("Enter a phone number of %(limit_value)d characters or fewer.")
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        error_messages={
            "max_length": _("Enter an e-mail address of %(limit_value)d characters or fewer.")
        },
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )


class ContactSendForm(PageForm):
    channel = forms.ChoiceField(
        choices=ContactVerification.Channel.choices,
        error_messages={"required": CHOOSE_CHANNEL, "invalid_choice": CHOOSE_CHANNEL},
    )


class ContactCodeForm(PageForm):
    code = forms.CharField(
        label=_("Code received by SMS"),
        help_text=_("The 6 digits of the message, valid for 10 minutes."),
        max_length=20,
        error_messages={"required": ENTER_SMS_CODE, "max_length": ENTER_SMS_CODE},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )
