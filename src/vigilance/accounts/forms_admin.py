"""Forms of the administration pages of the workspace: units and people.

They only parse input; the rules (a unit of the right organisation, no role one does not hold...)
are checked by ``accounts.services`` and shown next to the field at fault.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation, Role, Unit
from vigilance.core.forms import AccessibleForm
from vigilance.core.models import Region


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return str(obj)


def _units() -> forms.ModelChoiceField:
    return UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.filter(is_active=True).select_related("organisation"),
    )


def _regions() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Regions covered"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _roles() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )


class UnitForm(AccessibleForm):
    """A unit's names, its place in its organisation and the regions it covers."""

    name_fr = forms.CharField(label=_("Name in French"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    parent = UnitChoiceField(
        label=_("Inside the unit"),
        queryset=Unit.objects.select_related("organisation"),
        required=False,
        help_text=_("Leave empty for a top unit of the organisation."),
    )
    regions = _regions()
    email = forms.EmailField(
        label=_("Shared mailbox"),
        required=False,
        help_text=_("Where the unit's daily digest is sent."),
    )


class UnitCreateForm(UnitForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Short and permanent, in lower case, e.g. dgsn-cyber-lt."),
    )
    field_order = ["organisation", "code", "name_fr", "name_en", "parent", "regions", "email"]


class MemberCreateForm(AccessibleForm):
    """A new person's account; without a password, a temporary one is generated."""

    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    unit = _units()
    roles = _roles()
    password = forms.CharField(
        label=_("Temporary password"),
        required=False,
        strip=False,
        help_text=_(
            "Leave empty to generate one. It is shown once: give it to the person by a safe "
            "channel. At their first sign-in they set up their authenticator app."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class MemberEditForm(AccessibleForm):
    unit = _units()
    roles = _roles()


class GrantRefuseForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Why refuse"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The administrator who asked sees this reason."),
    )
