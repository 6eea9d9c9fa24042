"""The form of a partner's feed to poll (a TAXII 2.1 collection or a MISP feed). It only parses input: the partner and the
secret's name are checked by ``services.sources``."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import ImportSource, SourceKind
from vigilance.exchange.selectors.imports import exchange_partner_list
from vigilance.exchange.services.sources import TaxiiSourceInput


class TaxiiSourceForm(AccessibleForm):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=exchange_partner_list())
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of feed"),
        choices=SourceKind.choices,
        initial=SourceKind.TAXII,
        required=False,
    )
    url = forms.URLField(
        label=_("URL of the TAXII 2.1 collection or of the MISP feed"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "For example https://cti.example.org/api1/collections/<id>/, or the folder of a "
            "MISP feed that holds its manifest.json"
        ),
    )
    username = forms.CharField(label=_("User name"), max_length=200, required=False)
    secret_setting = forms.CharField(
        label=_("Environment variable holding the password"),
        max_length=100,
        required=False,
    )
    default_tlp = forms.ChoiceField(
        label=_("TLP marking when an object gives none"), choices=Tlp.choices, initial=Tlp.AMBER
    )
    confidence = forms.IntegerField(
        label=_("Confidence when an object gives none (0 to 100)"),
        min_value=0,
        max_value=100,
        initial=50,
    )
    poll_minutes = forms.IntegerField(
        label=_("Poll every (minutes)"), min_value=5, max_value=7 * 24 * 60, initial=60
    )

    def __init__(self, *args: object, source: ImportSource | None = None, **kwargs: object) -> None:
        if source is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "partner": source.partner_id,
                "name": source.name,
                "kind": source.kind,
                "url": source.url,
                "username": source.username,
                "secret_setting": source.secret_setting,
                "default_tlp": source.default_tlp,
                "confidence": source.confidence,
                "poll_minutes": source.poll_minutes,
            }
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["partner"].queryset = exchange_partner_list()  # type: ignore[attr-defined]
        self.fields["secret_setting"].help_text = _(
            "Its name only, starting with %(prefix)s: the password is never stored here."
        ) % {"prefix": settings.EXCHANGE_SOURCE_VARIABLE_PREFIX}

    def values(self) -> TaxiiSourceInput:
        data = self.cleaned_data
        return TaxiiSourceInput(
            partner=data["partner"],
            name=data["name"],
            kind=data["kind"] or SourceKind.TAXII,
            url=data["url"],
            username=data["username"],
            secret_setting=data["secret_setting"].strip(),
            default_tlp=data["default_tlp"],
            confidence=data["confidence"],
            poll_minutes=data["poll_minutes"],
        )
