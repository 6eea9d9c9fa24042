"""Forms of the editors' awareness pages: a guide, a campaign, a run of a campaign."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.alerts.forms.guidance import mark_languages
from vigilance.alerts.models_guidance import CampaignMedium
from vigilance.core.forms import AccessibleForm
from vigilance.core.models import OffenceCategory, Region

_REQUIRED = {"required": _("Fill in this field.")}
_DATE = {"required": _("Give the date."), "invalid": _("Give a real date, for example 27/03/2026.")}


def _text(label: Any, max_length: int, **extra: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, error_messages=_REQUIRED, **extra)


def _area(label: Any, max_length: int, rows: int = 8) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows})
    return _text(label, max_length, widget=widget)


class GuideForm(AccessibleForm):
    errors_name_their_field = False

    title_fr = _text(_("Title in French"), 160)
    title_en = _text(_("Title in English"), 160)
    summary_fr = _text(_("Summary in French"), 300)
    summary_en = _text(_("Summary in English"), 300)
    body_fr = _area(_("Text in French"), 20_000)
    body_en = _area(_("Text in English"), 20_000)
    video_url = forms.CharField(
        label=_("Link to a video"),
        required=False,
        max_length=200,
        help_text=_("An https link to YouTube, Facebook or an official site, shown as a link."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mark_languages(self)


class CampaignForm(AccessibleForm):
    errors_name_their_field = False

    name_fr = _text(_("Name in French"), 160)
    name_en = _text(_("Name in English"), 160)
    theme = forms.ChoiceField(label=_("Kind of offence it warns against"), required=False)
    starts_on = forms.DateField(
        label=_("Start date"), error_messages=_DATE, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        error_messages=_DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    poster_headline_fr = _text(_("Poster headline in French"), 120)
    poster_headline_en = _text(_("Poster headline in English"), 120)
    poster_message_fr = _area(_("Poster message in French"), 600, rows=4)
    poster_message_en = _area(_("Poster message in English"), 600, rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mark_languages(self)
        categories = OffenceCategory.objects.filter(is_active=True).order_by(
            "group__position", "position"
        )
        cast(forms.ChoiceField, self.fields["theme"]).choices = [
            ("", _("General advice")),
            *((c.code, c.name) for c in categories),
        ]

    def theme_category(self) -> OffenceCategory | None:
        code = self.cleaned_data.get("theme") or ""
        return OffenceCategory.objects.filter(code=code).first() if code else None


class CampaignRunForm(AccessibleForm):
    errors_name_their_field = False

    medium = forms.ChoiceField(
        label=_("Medium"),
        choices=[("", _("Choose")), *CampaignMedium.choices],
        error_messages={
            "required": _("Choose the medium."),
            "invalid_choice": _("Choose the medium from the list."),
        },
    )
    place = _text(_("Station, channel, school or venue"), 200)
    region = forms.ChoiceField(label=_("Region"), required=False)
    held_on = forms.DateField(
        label=_("Date"), error_messages=_DATE, widget=forms.DateInput(attrs={"type": "date"})
    )
    audience = forms.IntegerField(
        label=_("People reached (estimate)"),
        required=False,
        min_value=0,
        max_value=100_000_000,
        error_messages={
            "invalid": _("Give a whole number, for example 2500."),
            "min_value": _("The audience cannot be negative."),
            "max_value": _("This number is too large to be real."),
        },
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", _("The whole country")),
            *((r.code, r.name) for r in Region.objects.all()),
        ]

    def region_chosen(self) -> Region | None:
        code = self.cleaned_data.get("region") or ""
        return Region.objects.filter(code=code).first() if code else None
