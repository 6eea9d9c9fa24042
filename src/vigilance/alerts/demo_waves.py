"""A demonstration scam wave: a dozen people report a fake "MTN MoMo refund" number in the last
24 hours, a number nobody named before; the detection turns it into a finding and a draft alert
for the editors."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vigilance.alerts.models_waves import WaveFinding, WaveKind
from vigilance.alerts.services.waves import waves_detect
from vigilance.intake.services import (
    IdentifierInput,
    LossInput,
    ReportDraft,
    ReporterInput,
    report_submit,
)

WAVE_NUMBER = "+237650987654"
WAVE_REPORTS = 12
REGIONS = ("LT", "CE", "OU", "LT", "CE", "SW")
NAMES = (
    "Aïcha Bello",
    "Paul Nkotto",
    "Brigitte Fouda",
    "Samuel Tabi",
    "Mireille Ewane",
    "Hervé Kamga",
)
STORY_FR = (
    "Un faux agent du « remboursement MTN MoMo » m'a appelé depuis le 650 98 76 54 : il disait "
    "qu'un transfert m'avait été prélevé deux fois et m'a fait composer un code. J'ai perdu "
    "{amount} FCFA."
)
STORY_EN = (
    "A fake 'MTN MoMo refund' agent called me from 650 98 76 54, saying a transfer had been "
    "charged twice, and made me dial a code. I lost {amount} CFA francs."
)


def _draft(index: int) -> ReportDraft:
    region = REGIONS[index % len(REGIONS)]
    english = region == "SW"
    amount = 25_000 + 5_000 * index
    story = STORY_EN if english else STORY_FR
    return ReportDraft(
        category="mobile_money_fraud",
        description=story.format(amount=f"{amount:,}".replace(",", " ")),
        incident_date=timezone.localdate() - dt.timedelta(days=index % 2),
        region=region,
        reporter=ReporterInput(name=NAMES[index % len(NAMES)], phone=f"69{index:07d}"),
        identifiers=[IdentifierInput(type="phone", value=WAVE_NUMBER)],
        loss=LossInput(amount=Decimal(amount), channel="mtn_momo"),
        language="en" if english else "fr",
        consent=True,
    )


def seed() -> str:
    if WaveFinding.objects.filter(
        kind=WaveKind.INDICATOR, subject_key=f"phone:{WAVE_NUMBER}"
    ).exists():
        return "Scam wave: already there."
    with transaction.atomic():
        for index in range(WAVE_REPORTS):
            report_submit(draft=_draft(index), channel="web")
    found = waves_detect()
    drafts = ", ".join(finding.alert.reference for finding in found if finding.alert)
    return f"Scam wave: {WAVE_REPORTS} reports, {len(found)} finding(s), draft alert(s) {drafts}."
