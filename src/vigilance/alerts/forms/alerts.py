"""The alert form (both languages of each text, side by side), the withdrawal form, and the
public list's filters."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from vigilance.alerts.identifiers import IdentifiersInvalid, parse_identifiers
from vigilance.alerts.models import Audience, Severity
from vigilance.alerts.pictures import MAX_BYTES, Picture, PictureRejected, picture_reencode
from vigilance.alerts.services.alerts import AlertContent
from vigilance.core.models import OffenceCategory, Region
from vigilance.indicators.models import Tlp


def _text(label: Any, max_length: int, missing: Any, *, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=widget,
        error_messages={"required": missing},
    )


def _picture_help() -> str:
    """Formatted when shown, in the reader's language (a lazy text formatted at import would
    keep the language active then)."""
    return _("PNG, JPEG or WebP, at most %(size)d MB; shown when the link is shared.") % {
        "size": MAX_BYTES // 2**20
    }


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class NamedMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AlertForm(forms.Form):
    title_fr = _text(_("Title in French"), 160, _("Write the title in French."))
    title_en = _text(_("Title in English"), 160, _("Write the title in English."))
    summary_fr = _text(_("Summary in French"), 300, _("Write the summary in French."), rows=2)
    summary_en = _text(_("Summary in English"), 300, _("Write the summary in English."), rows=2)
    body_fr = _text(_("Text in French"), 20000, _("Write the text in French."), rows=10)
    body_en = _text(_("Text in English"), 20000, _("Write the text in English."), rows=10)
    severity = forms.ChoiceField(choices=Severity.choices, label=_("Severity"))
    category = NamedChoice(
        queryset=OffenceCategory.objects.filter(is_active=True).order_by("position"),
        required=False,
        label=_("Kind of offence"),
    )
    regions = NamedMultipleChoice(
        queryset=Region.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Regions concerned"),
        help_text=_("None ticked: the whole country."),
    )
    audience = forms.ChoiceField(choices=Audience.choices, label=_("Audience"))
    tlp = forms.ChoiceField(
        choices=Tlp.choices,
        label=_("Sharing level (TLP)"),
        help_text=_(
            "TLP:CLEAR for the public; for partners, TLP:AMBER+STRICT stays within the "
            "organisation publishing the alert and TLP:RED within the agencies."
        ),
    )
    identifiers = forms.CharField(
        required=False,
        max_length=20000,
        # What the editor typed ("phone: 677..."): its type codes are theirs, not the page's words.
        widget=forms.Textarea(attrs={"rows": 4, "data-typed": ""}),
        label=_("Identifiers named by the alert"),
        help_text=_(
            "One a line, as “type: value” (types below) or just the number or link. The public "
            "check then shows the alert."
        ),
    )
    picture = forms.FileField(
        required=False,
        label=_("Picture"),
        help_text=lazy(_picture_help, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    picture_alt_fr = forms.CharField(
        required=False, max_length=200, label=_("Picture description in French")
    )
    picture_alt_en = forms.CharField(
        required=False, max_length=200, label=_("Picture description in English")
    )
    remove_picture = forms.BooleanField(required=False, label=_("Remove the picture"))

    def __init__(self, *args: Any, has_picture: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_picture = has_picture
        if not has_picture:
            del self.fields["remove_picture"]

    def clean_identifiers(self) -> list[tuple[str, str]]:
        try:
            return parse_identifiers(self.cleaned_data.get("identifiers") or "")
        except IdentifiersInvalid as error:
            raise forms.ValidationError(list(error.problems)) from error

    def clean_picture(self) -> Picture | None:
        upload: UploadedFile | None = self.cleaned_data.get("picture")
        if not upload:
            return None
        if upload.size and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The picture is too large: at most %(size)d MB.") % {"size": MAX_BYTES // 2**20}
            )
        try:
            return picture_reencode(upload.read())
        except PictureRejected as error:
            raise forms.ValidationError(str(error)) from error

    def content(self) -> AlertContent:
        data = self.cleaned_data
        return AlertContent(
            title_fr=data["title_fr"],
            title_en=data["title_en"],
            summary_fr=data["summary_fr"],
            summary_en=data["summary_en"],
            body_fr=data["body_fr"],
            body_en=data["body_en"],
            severity=data["severity"],
            category=data["category"],
            regions=list(data["regions"]),
            audience=data["audience"],
            tlp=data["tlp"],
            identifiers=data["identifiers"],
            picture=data["picture"],
            picture_alt_fr=data["picture_alt_fr"],
            picture_alt_en=data["picture_alt_en"],
            remove_picture=bool(data.get("remove_picture")),
        )


class UpdateForm(AlertForm):
    note = forms.CharField(
        required=False,
        max_length=300,
        label=_("What changed"),
        help_text=_("Kept with the version; for the team, not shown publicly."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason for the withdrawal"),
        help_text=_("Shown on the alert's public page."),
        error_messages={"required": _("Write the reason for the withdrawal.")},
    )


class PublicFilterForm(forms.Form):
    category = NamedChoice(
        queryset=OffenceCategory.objects.filter(is_active=True).order_by("position"),
        required=False,
        to_field_name="code",
        label=_("Kind of offence"),
        empty_label=_("All kinds"),
    )
    region = NamedChoice(
        queryset=Region.objects.order_by("code"),
        required=False,
        to_field_name="code",
        label=_("Region"),
        empty_label=_("All regions"),
    )
