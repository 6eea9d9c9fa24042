"""The form dismissing a scam-wave finding."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.alerts.services.waves import REASON_MAX


class WaveDismissForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        label=_("Why is this not a wave worth an alert?"),
    )
