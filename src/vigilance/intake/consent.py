"""The notice shown to reporters before they consent to the processing of their data."""

from django.conf import settings
from django.utils.translation import gettext as _

NOTICE_VERSION = "2026-11"


def consent_notice() -> str:
    return _(
        "Vigilance, the national platform for fighting cybercrime, processes the data in "
        "this report to investigate the offence, protect other victims and produce statistics, "
        "under Law No. 2010/012 of 21 December 2010 on cybersecurity and cybercrime and Law "
        "No. 2024/017 of 23 December 2024 on the protection of personal data. Only the agencies competent for your case can read it. "
        "It is kept for as long as the investigation and any proceedings require, and at most "
        "%(years)s years after the case is closed. You may ask to access or correct your data, "
        "or to have it erased where the law allows, by writing to the data-protection officer."
    ) % {"years": settings.REPORT_RETENTION_YEARS}
