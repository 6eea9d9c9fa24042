"""What happens to a report next, and what its author should do now, in plain words.

The done and follow pages read this: each status explained, the delay before a first reading,
and the customer-service numbers of the operators (``core/data/organisations.json``), the ones
the report names first. Plain functions; the numbers are read once per process.
"""

import contextlib
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from vigilance.core import reference
from vigilance.indicators.normalise import InvalidIdentifier, parse_phone
from vigilance.intake.models import LossChannel, Report, ReportStatus

# The coordination centre's commitment: a report is first read within this many working days.
FIRST_READING_WORKING_DAYS = 3

# What the platform knows of an operator (a phone's carrier, a wallet's provider, a payment
# channel) -> the organisation whose customer service the victim calls.
_OPERATOR_OF = {
    "MTN": "mtn",
    "Orange": "orange",
    "Camtel": "camtel",
    "Nexttel": "nexttel",
    "mtn_momo": "mtn",
    "orange_money": "orange",
}

# Operators and wallet providers as people name them: never show the platform's codes.
_PROVIDER_NAMES = {
    "mtn_momo": LossChannel.MTN_MOMO.label,
    "orange_money": LossChannel.ORANGE_MONEY.label,
    "bitcoin": "Bitcoin",
    "ethereum": "Ethereum",
    "tron": "Tron",
}


@dataclass(frozen=True)
class OperatorLine:
    """An operator's customer service, as the victim dials it."""

    code: str
    name: str
    number: str
    label: str
    is_named_in_report: bool


@functools.cache
def _customer_services() -> tuple[dict[str, str], ...]:
    organisations = reference.read("organisations")["organisations"]
    return tuple(
        {
            "code": o["code"],
            "name_fr": o["name_fr"],
            "name_en": o["name_en"],
            **o["customer_service"],
        }
        for o in organisations
        if "customer_service" in o
    )


def provider_label(provider: str) -> str:
    """An identifier's operator or wallet provider in words ("mtn_momo" -> "MTN Mobile Money")."""
    return str(_PROVIDER_NAMES.get(provider, provider))


def operators_named(report: Report) -> list[str]:
    """The operators the report names, most useful first: how the money went, the reporter's
    own line, then the lines and wallets of the offender."""
    named = [report.loss_channel]
    if report.reporter_phone:
        with contextlib.suppress(InvalidIdentifier):
            named.append(parse_phone(report.reporter_phone).provider)
    named += [sighting.provider for sighting in report.identifiers.order_by("id")]
    codes: list[str] = []
    for known in named:
        code = _OPERATOR_OF.get(known, "")
        if code and code not in codes:
            codes.append(code)
    return codes


def operator_lines(*, named: Iterable[str] = ()) -> list[OperatorLine]:
    """Every operator's customer service, those named in the report first, in their order."""
    english = (get_language() or "fr").startswith("en")
    order = list(named)
    lines = [
        OperatorLine(
            code=entry["code"],
            name=entry["name_en"] if english else entry["name_fr"],
            number=entry["number"],
            label=entry["label_en"] if english else entry["label_fr"],
            is_named_in_report=entry["code"] in order,
        )
        for entry in _customer_services()
    ]
    return sorted(lines, key=lambda line: order.index(line.code) if line.code in order else 99)


def first_reading_delay() -> str:
    days = FIRST_READING_WORKING_DAYS
    return ngettext("%(days)d working day", "%(days)d working days", days) % {"days": days}


def status_explanations() -> list[tuple[str, str, str]]:
    """Each status a reporter may read, as (code, label, what it means for them)."""
    delay = first_reading_delay()
    meanings = {
        ReportStatus.RECEIVED: _(
            "Your report is recorded. An officer of the coordination centre will read it within "
            "%(delay)s, check it and send it to the agency that can act: police, gendarmerie or "
            "the national CIRT."
        )
        % {"delay": delay},
        ReportStatus.TRIAGED: _(
            "An officer has read your report and is sending it to the competent agency. This "
            "page will show which agency takes it."
        ),
        ReportStatus.IN_CASE: _(
            "Investigators are working on your report, sometimes together with other reports "
            "naming the same numbers or accounts. This can take several weeks. They may write "
            "to you on this page."
        ),
        ReportStatus.CLOSED: _(
            "The work on your report is finished; how it ended is shown above. Keep your "
            "receipt: it still proves what you reported and when."
        ),
        ReportStatus.DUPLICATE: _(
            "The same facts were reported in another report: both are handled together, and "
            "nothing you gave is lost."
        ),
        ReportStatus.REJECTED: _(
            "The platform cannot act on this report: it describes no offence it handles, or "
            "lacks information. Call the free helpline if you think this is a mistake."
        ),
    }
    return [(status.value, str(status.label), meanings[status]) for status in ReportStatus]


def status_explanation(status: str) -> str:
    return next((meaning for code, _l, meaning in status_explanations() if code == status), "")
