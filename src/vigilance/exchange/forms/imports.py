"""The upload form of a partner's file. It only parses input: the size, the format and the
partner are checked again by ``services.uploads``."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.core.tlp import Tlp
from vigilance.exchange.selectors.imports import exchange_partner_list


class ImportUploadForm(AccessibleForm):
    partner = forms.ModelChoiceField(
        label=_("Partner who sent the file"),
        queryset=exchange_partner_list(),
        help_text=_("The values will be recorded as this partner's."),
    )
    default_tlp = forms.ChoiceField(
        label=_("TLP marking when the file gives none"),
        choices=Tlp.choices,
        initial=Tlp.AMBER,
    )
    confidence = forms.IntegerField(
        label=_("Confidence when the file gives none (0 to 100)"),
        min_value=0,
        max_value=100,
        initial=50,
    )
    file = forms.FileField(
        label=_("File (STIX 2.1 bundle or MISP event, JSON)"),
        allow_empty_file=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["partner"].queryset = exchange_partner_list()  # type: ignore[attr-defined]
        self.fields["file"].help_text = _("At most %(size)s.") % {
            "size": filesizeformat(settings.EXCHANGE_UPLOAD_MAX_BYTES)
        }
