"""Forms of the public check and of the owner's dispute."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.indicators.disputes import MAX_STATEMENT, DisputeInvalid
from vigilance.indicators.normalise import MAX_LENGTH, PLACEHOLDERS, TYPES


class CheckForm(AccessibleForm):
    """Sent with GET, so that the check works without JavaScript and its answer can be shared."""

    type = forms.ChoiceField(label=_("What do you want to check?"), choices=list(TYPES.items()))
    value = forms.CharField(
        label=_("Number, account or address"),
        help_text=_("Type or paste it as you received it, with or without spaces."),
        max_length=MAX_LENGTH,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": PLACEHOLDERS["phone"],
            }
        ),
    )

    def add_value_error(self, message: str) -> None:
        self.add_error("value", message)
        self.mark_errors()


class DisputeForm(AccessibleForm):
    type = forms.ChoiceField(choices=list(TYPES.items()), widget=forms.HiddenInput)
    value = forms.CharField(max_length=MAX_LENGTH, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Your name"),
        help_text=_("Or the name of your business."),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("Your phone number or e-mail address"),
        help_text=_("An analyst may contact you there to check that the number is yours."),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "spellcheck": "false"}),
    )
    statement = forms.CharField(
        label=_("Why was it wrongly reported?"),
        help_text=_(
            "Explain how you use this number or account and since when. Do not send your PIN "
            "or any secret code."
        ),
        max_length=MAX_STATEMENT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attestation = forms.BooleanField(
        label=_(
            "I declare that this number or account is mine and that what I wrote is true. I know "
            "that a false declaration may be prosecuted."
        ),
    )

    def add_service_errors(self, error: DisputeInvalid) -> None:
        for name, messages in error.fields.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not error.fields:
            self.add_error(None, error.message)
        self.mark_errors()
