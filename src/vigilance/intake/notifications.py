"""Confirmations sent to reporters by e-mail and SMS, in the language of their report.

They carry the reference and where to follow the report, never the tracking code.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from vigilance.core.sms import send_sms
from vigilance.intake.models import Report

logger = logging.getLogger(__name__)


class DeliveryFailed(RuntimeError):
    pass


def send_confirmation(report_id: int) -> None:
    report = Report.objects.filter(pk=report_id).first()
    if report is None or report.is_anonymous:
        return
    follow_url = f"{settings.PUBLIC_BASE_URL}/{report.language}/follow/"
    with translation.override(report.language):
        text = _(
            "Vigilance: your report %(reference)s has been received. Follow it at %(url)s with the "
            "tracking code you were given. Helpline: %(helpline)s."
        ) % {"reference": report.reference, "url": follow_url, "helpline": settings.HELPLINE}
        subject = _("Your report %(reference)s has been received") % {"reference": report.reference}
    try:
        if report.reporter_email:
            send_mail(subject, text, None, [report.reporter_email])
        if report.reporter_phone:
            send_sms(to=report.reporter_phone, text=text)
    except Exception as error:
        logger.warning(
            "confirmation for report %s not delivered: %s", report.pk, type(error).__name__
        )
        raise DeliveryFailed(str(report.pk)) from error
