"""Forms of the subscription pages: subscribing, typing the SMS code, changing one's choices.

Messages name their field and say how to fix it, so the error summary lists them alone."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vigilance.alerts.models_subscriptions import SubscriptionChannel
from vigilance.core.forms import AccessibleForm
from vigilance.core.models import OffenceCategory, Region

CHOOSE_CHANNEL = _("Choose how to receive the alerts: by e-mail or by SMS.")
ENTER_ADDRESS = _("Enter your e-mail address or your mobile number.")
ENTER_CODE = _("Enter the 6-digit code we sent you by SMS.")


def _region_choices() -> list[tuple[str, str]]:
    return [(region.code, region.name) for region in Region.objects.all()]


def _category_choices() -> list[tuple[str, str]]:
    return [
        (category.code, category.name)
        for category in OffenceCategory.objects.filter(is_active=True).order_by("position")
    ]


class ChoicesForm(AccessibleForm):
    """Regions and kinds of offence, none chosen meaning all."""

    errors_name_their_field = True

    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive the alerts of every region."),
        error_messages={"invalid_choice": _("Choose regions from the list.")},
    )
    categories = forms.MultipleChoiceField(
        label=_("Kinds of offence"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive the alerts of every kind."),
        error_messages={"invalid_choice": _("Choose kinds of offence from the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = _region_choices()  # type: ignore[attr-defined]
        self.fields["categories"].choices = _category_choices()  # type: ignore[attr-defined]

    def add_service_errors(self, fields: dict[str, list[str]]) -> None:
        for name, messages in fields.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        self.mark_errors()


class SubscribeForm(ChoicesForm):
    channel = forms.ChoiceField(
        label=_("How do you want to receive the alerts?"),
        choices=SubscriptionChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_CHANNEL, "invalid_choice": CHOOSE_CHANNEL},
    )
    address = forms.CharField(
        label=_("E-mail address or mobile number"),
        max_length=254,
        help_text=_("For example awa@example.cm, or 677 12 34 56 for SMS."),
        error_messages={"required": ENTER_ADDRESS, "max_length": ENTER_ADDRESS},
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    field_order = ["channel", "address", "regions", "categories"]


class CodeForm(AccessibleForm):
    errors_name_their_field = True

    code = forms.CharField(
        label=_("Code received by SMS"),
        max_length=12,
        error_messages={"required": ENTER_CODE, "max_length": ENTER_CODE},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class ManageForm(ChoicesForm):
    language = forms.ChoiceField(
        label=_("Language of the alerts"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a language."),
            "invalid_choice": _("Choose a language."),
        },
    )
