"""A reporter confirms their phone (a code by SMS) or e-mail (a link) from the follow page."""

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.factories import report_draft
from vigilance.audit.models import AuditEvent
from vigilance.intake import services, verification
from vigilance.intake.models import Channel, ContactVerification, Report, ReportEvent

pytestmark = pytest.mark.django_db

PHONE_AND_EMAIL = services.ReporterInput(
    name="Awa Mbarga", phone="677 12 34 56", email="awa@example.cm"
)


def _file(**changes: Any) -> services.SubmittedReport:
    changes.setdefault("reporter", PHONE_AND_EMAIL)
    return services.report_submit(draft=report_draft(**changes), channel=Channel.WEB)


def _sign_in(client: Client, submitted: services.SubmittedReport) -> str:
    reference = submitted.report.reference
    client.post("/en/follow/", {"reference": reference, "tracking_code": submitted.tracking_code})
    return f"/en/follow/{reference}/"


def sms_codes(settings: Settings) -> list[str]:
    folder = Path(settings.SMS_FILE_PATH)
    files = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime_ns)
    texts = [json.loads(path.read_text())["text"] for path in files]
    return [re.search(r"\b(\d{6})\b", text).group(1) for text in texts]  # type: ignore[union-attr]


def _send_code(client: Client, url: str, capture: Any, channel: str = "phone") -> Any:
    with capture(execute=True):
        return client.post(f"{url}contact/send/", {"channel": channel})


def _confirm(client: Client, url: str, code: str) -> Any:
    return client.post(f"{url}contact/confirm/", {"code": code})


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+/(\w\w)/follow/confirm-email/(\S+)/", str(message.body))
    assert match, message.body
    return f"/{match.group(1)}/follow/confirm-email/{match.group(2)}/"


def _verified(submitted: services.SubmittedReport) -> Report:
    return Report.objects.get(pk=submitted.report.pk)


def test_follow_page_offers_both_ways_and_says_why(client: Client) -> None:
    url = _sign_in(client, _file())

    page = client.get(url).content.decode()

    assert "Confirm your contact details" in page
    assert "Send me a code by SMS at •••• 56" in page
    assert "Send me a confirmation link at a•••@example.cm" in page
    assert "check before you pay" in page


def test_follow_page_in_french_explains_in_french(client: Client) -> None:
    submitted = _file()
    client.post(
        "/fr/follow/",
        {"reference": submitted.report.reference, "tracking_code": submitted.tracking_code},
    )

    page = client.get(f"/fr/follow/{submitted.report.reference}/").content.decode()

    assert "Confirmer vos coordonnées" in page
    assert "Envoyez-moi un code par SMS au •••• 56" in page


def test_anonymous_tip_is_not_offered_a_confirmation(client: Client) -> None:
    url = _sign_in(client, _file(reporter=services.ReporterInput(is_anonymous=True)))

    assert "Confirm your contact details" not in client.get(url).content.decode()


def test_code_by_sms_confirms_the_phone(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)

    sent = _send_code(client, url, django_capture_on_commit_callbacks)
    [code] = sms_codes(settings)
    confirmed = _confirm(client, url, code)

    assert sent.status_code == 302
    assert confirmed.status_code == 302
    report = _verified(submitted)
    assert report.contact_verified_at is not None
    page = client.get(url).content.decode()
    assert "Your contact details are confirmed." in page
    assert "Contact details confirmed by the reporter" in page
    assert ReportEvent.objects.filter(
        report=report, kind=ReportEvent.Kind.CONTACT_VERIFIED
    ).exists()
    assert AuditEvent.objects.filter(
        action="report.contact_verified", object_id=report.reference
    ).exists()


def test_the_sms_goes_to_the_reporters_number_in_the_reports_language(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file(language="fr")
    url = _sign_in(client, submitted)

    _send_code(client, url, django_capture_on_commit_callbacks)

    [message] = (json.loads(next(Path(settings.SMS_FILE_PATH).glob("*.json")).read_text()),)
    assert message["to"] == "+237677123456"
    assert "pour confirmer votre numéro" in message["text"]
    assert submitted.tracking_code not in message["text"]


def test_the_code_is_kept_only_as_a_keyed_hash(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    url = _sign_in(client, _file())
    _send_code(client, url, django_capture_on_commit_callbacks)
    [code] = sms_codes(settings)

    stored = ContactVerification.objects.get()

    assert code not in stored.code_hash
    assert len(stored.code_hash) == 64


def test_wrong_code_is_refused_and_says_how_many_tries_are_left(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks)
    [code] = sms_codes(settings)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    response = _confirm(client, url, wrong)

    assert response.status_code == 400
    assert "This code is not the one we sent. Tries left: 4." in response.content.decode()
    assert _verified(submitted).contact_verified_at is None


def test_five_wrong_codes_use_up_the_code(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks)
    [code] = sms_codes(settings)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(verification.MAX_ATTEMPTS):
        _confirm(client, url, wrong)

    response = _confirm(client, url, code)

    assert response.status_code == 400
    assert "Too many wrong codes were typed: ask for a new code." in response.content.decode()
    assert _verified(submitted).contact_verified_at is None


def test_expired_code_is_refused(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks)
    [code] = sms_codes(settings)
    ContactVerification.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = _confirm(client, url, code)

    assert response.status_code == 400
    assert "This code has expired" in response.content.decode()
    assert _verified(submitted).contact_verified_at is None


def test_a_new_code_replaces_the_previous_one(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks)
    _send_code(client, url, django_capture_on_commit_callbacks)
    first, second = sms_codes(settings)

    if first != second:
        assert _confirm(client, url, first).status_code == 400
    assert _confirm(client, url, second).status_code == 302


def test_the_code_of_another_report_does_not_confirm_this_one(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    mine, theirs = _file(), _file()
    attacker = Client()
    url = _sign_in(attacker, mine)
    victim = Client()
    victim_url = _sign_in(victim, theirs)
    _send_code(victim, victim_url, django_capture_on_commit_callbacks)
    [code] = sms_codes(settings)

    response = _confirm(attacker, url, code)

    assert response.status_code == 400
    assert _verified(mine).contact_verified_at is None
    assert _verified(theirs).contact_verified_at is None


def test_a_browser_not_following_the_report_can_neither_send_nor_confirm(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = f"/en/follow/{submitted.report.reference}/"

    sent = _send_code(client, url, django_capture_on_commit_callbacks)
    confirmed = _confirm(client, url, "123456")

    assert sent["Location"] == "/en/follow/"
    assert confirmed["Location"] == "/en/follow/"
    assert sms_codes(settings) == []


def test_a_code_for_a_number_since_changed_proves_nothing(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks)
    [code] = sms_codes(settings)
    Report.objects.filter(pk=submitted.report.pk).update(reporter_phone="+237699000000")

    response = _confirm(client, url, code)

    assert response.status_code == 400
    assert _verified(submitted).contact_verified_at is None


def test_sending_is_limited_per_report(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    url = _sign_in(client, _file())
    for _ in range(verification.MAX_SENDS_PER_HOUR):
        assert _send_code(client, url, django_capture_on_commit_callbacks).status_code == 302

    response = _send_code(client, url, django_capture_on_commit_callbacks)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert len(sms_codes(settings)) == verification.MAX_SENDS_PER_HOUR


def test_e_mail_link_shows_a_button_and_confirms_only_when_pressed(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks, channel="email")
    [message] = mail.outbox
    link = _link(message)
    other_device = Client()

    shown = other_device.get(link)

    assert message.to == ["awa@example.cm"]
    assert shown.status_code == 200
    assert "Confirm my e-mail address" in shown.content.decode()
    assert shown["Referrer-Policy"] == "same-origin"
    assert _verified(submitted).contact_verified_at is None

    pressed = other_device.post(link)

    assert pressed.status_code == 200
    assert "your e-mail address is confirmed" in pressed.content.decode()
    assert _verified(submitted).contact_verified_at is not None


def test_e_mail_link_works_once(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    url = _sign_in(client, _file())
    _send_code(client, url, django_capture_on_commit_callbacks, channel="email")
    link = _link(mail.outbox[0])
    client.post(link)

    again = client.post(link)

    assert again.status_code == 400
    assert "This link is no longer valid" in again.content.decode()


def test_expired_e_mail_link_is_refused(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks, channel="email")
    ContactVerification.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = client.post(_link(mail.outbox[0]))

    assert response.status_code == 400
    assert _verified(submitted).contact_verified_at is None


def test_tampered_e_mail_link_is_refused(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks, channel="email")
    other = ContactVerification.objects.get()
    forged = f"/en/follow/confirm-email/{other.public_id}:AAAAAA:BBBBBBBBBBBBBBBB/"

    assert client.get(forged).status_code == 400
    assert client.post(forged).status_code == 400
    assert client.post("/en/follow/confirm-email/nonsense/").status_code == 400
    assert _verified(submitted).contact_verified_at is None


def test_confirming_twice_records_one_history_entry(
    client: Client, django_capture_on_commit_callbacks: Any, settings: Settings
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks, channel="email")
    _send_code(client, url, django_capture_on_commit_callbacks)
    [code] = sms_codes(settings)
    _confirm(client, url, code)

    late = client.post(_link(mail.outbox[0]))

    assert late.status_code == 200
    assert ReportEvent.objects.filter(kind=ReportEvent.Kind.CONTACT_VERIFIED).count() == 1


def test_confirmed_report_is_not_offered_another_code(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    url = _sign_in(client, _file())
    _send_code(client, url, django_capture_on_commit_callbacks)
    _confirm(client, url, sms_codes(settings)[0])

    response = _send_code(client, url, django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert "Your contact details are already confirmed." in response.content.decode()
    assert len(sms_codes(settings)) == 1


def test_asking_for_a_link_to_a_report_without_e_mail_sends_nothing(client: Client) -> None:
    reporter = services.ReporterInput(name="Awa Mbarga", phone="677 12 34 56")
    url = _sign_in(client, _file(reporter=reporter))

    response = client.post(f"{url}contact/send/", {"channel": "email"})

    assert response.status_code == 400
    assert "This report has no e-mail address to confirm." in response.content.decode()
    assert mail.outbox == []
    assert not ContactVerification.objects.exists()


def test_an_unknown_channel_is_refused_with_a_message(client: Client) -> None:
    url = _sign_in(client, _file())

    response = client.post(f"{url}contact/send/", {"channel": "fax"})

    assert response.status_code == 400
    assert "Choose how to confirm: by SMS or by e-mail." in response.content.decode()


def test_a_code_typed_with_spaces_is_accepted(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    submitted = _file()
    url = _sign_in(client, submitted)
    _send_code(client, url, django_capture_on_commit_callbacks)
    [code] = sms_codes(settings)

    response = _confirm(client, url, f" {code[:3]} {code[3:]} ")

    assert response.status_code == 302
    assert _verified(submitted).contact_verified_at is not None


def test_an_empty_code_is_refused_with_a_message(client: Client) -> None:
    url = _sign_in(client, _file())

    response = _confirm(client, url, "")

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
