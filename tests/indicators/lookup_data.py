"""Builders shared by the public check's tests: reports naming a suspect's number, through the
real intake service so that the indicator's counters are the ones a real report leaves, their
reporters proving their contact as the follow page lets them."""

import datetime as dt
import json
import re
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from tests.factories import report_draft
from vigilance.indicators.models import Indicator, IndicatorStatus
from vigilance.indicators.normalise import normalise
from vigilance.intake import services, verification
from vigilance.intake.models import Channel, Report

SUSPECT = "6 99 88 77 66"
SUSPECT_E164 = "+237699887766"


def reports_naming(
    value: str = SUSPECT,
    *,
    reporters: int = 1,
    reports_each: int = 1,
    type: str = "phone",
    category: str = "online_purchase_scam",
    verified: bool = True,
    role: str = "suspect",
) -> Indicator:
    """``reporters`` distinct people each file ``reports_each`` reports naming ``value``, and
    prove their phone number afterwards unless ``verified`` is false."""
    for person in range(reporters):
        for _ in range(reports_each):
            submitted = services.report_submit(
                draft=report_draft(
                    category=category,
                    reporter=services.ReporterInput(
                        name=f"Reporter Number{person}",
                        phone=f"+23767000{person:04d}",
                    ),
                    identifiers=[services.IdentifierInput(type=type, value=value, role=role)],
                ),
                channel=Channel.WEB,
            )
            if verified:
                report_verify_contact(submitted.report)
    return Indicator.objects.get(type=type, value=normalise(type, value).value)


def report_verify_contact(report: Report) -> None:
    """The reporter asks for a code on the follow page and types the one the SMS (or, without a
    phone, the e-mail's link) brought them."""
    if not report.reporter_phone:
        outbox_before = len(mail.outbox)
        with TestCase.captureOnCommitCallbacks(execute=True):
            verification.contact_verification_send(report=report, channel="email")
        token = re.search(r"/confirm-email/([^/\s]+)/", mail.outbox[outbox_before].body)
        assert token is not None
        verification.contact_verification_confirm_link(token=token.group(1))
        return
    with TestCase.captureOnCommitCallbacks(execute=True):
        verification.contact_verification_send(report=report, channel="phone")
    newest = max(Path(settings.SMS_FILE_PATH).glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    code = re.search(r"\b(\d{6})\b", json.loads(newest.read_text())["text"])
    assert code is not None
    verification.contact_verification_confirm_code(report=report, code=code.group(1))


def indicator_with(
    *,
    value: str = SUSPECT_E164,
    report_count: int = 0,
    reporter_count: int = 0,
    verified_reporter_count: int | None = None,
    status: str = IndicatorStatus.UNVERIFIED,
    categories: list[str] | None = None,
    is_warning_listed: bool = False,
) -> Indicator:
    """An indicator row with its counters set directly (band edges, statuses)."""
    seen = timezone.make_aware(dt.datetime(2026, 3, 2, 23, 30), dt.UTC)
    return Indicator.objects.create(
        type="phone",
        value=value,
        report_count=report_count,
        reporter_count=reporter_count,
        verified_reporter_count=(
            reporter_count if verified_reporter_count is None else verified_reporter_count
        ),
        status=status,
        categories=categories if categories is not None else ["mobile_money_fraud"],
        first_seen=seen - dt.timedelta(days=10),
        last_seen=seen,
        is_warning_listed=is_warning_listed,
    )
