"""What the victim reads after filing: follow-page messages that name their field, investigators'
messages signed by their organisation with a friendly date, and no MIME type anywhere."""

import datetime as dt
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from tests import personas
from tests.factories import report_draft
from tests.intake.test_counter import URL as COUNTER_URL
from tests.intake.test_counter import _answers as counter_answers
from tests.intake.test_receipts import PNG
from tests.intake.test_report_pages import answer_until_evidence, png
from tests.intake.test_report_words import _summary_items as _escaped_items
from vigilance.accounts.models import User
from vigilance.intake import services, staff
from vigilance.intake.models import Channel, ReportEvent

pytestmark = pytest.mark.django_db

GENERIC = ("This field is required.", "Ce champ est obligatoire.")


def _summary_items(page: str) -> list[str]:
    return [html.unescape(item) for item in _escaped_items(page)]


def _file(**changes: object) -> services.SubmittedReport:
    return services.report_submit(draft=report_draft(**changes), channel=Channel.WEB)


def _follow(client: Client, language: str, submitted: services.SubmittedReport) -> str:
    """Sign in for the report; the follow page's address."""
    client.post(
        f"/{language}/follow/",
        {"reference": submitted.report.reference, "tracking_code": submitted.tracking_code},
    )
    return f"/{language}/follow/{submitted.report.reference}/"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Saisissez la référence de votre signalement\u00a0: elle commence par VIG-, "
                "par exemple VIG-2026-000123.",
                "Saisissez le code de suivi affiché à la fin de votre signalement\u00a0: "
                "16 lettres et chiffres, par exemple 7KQ2-M9XD-4HTW-P0BN.",
            ],
        ),
        (
            "en",
            [
                "Enter the reference of your report: it starts with VIG-, "
                "for example VIG-2026-000123.",
                "Enter the tracking code shown at the end of your report: 16 letters and "
                "digits, for example 7KQ2-M9XD-4HTW-P0BN.",
            ],
        ),
    ],
)
def test_empty_sign_in_says_what_to_type_in_each_field(
    client: Client, language: str, expected: list[str]
) -> None:
    response = client.post(f"/{language}/follow/", {"reference": "", "tracking_code": ""})

    assert response.status_code == 400
    assert _summary_items(response.content.decode()) == expected


@pytest.mark.parametrize(
    ("language", "information", "evidence"),
    [
        (
            "fr",
            "Écrivez ce que vous souhaitez ajouter à votre signalement.",
            "Choisissez un fichier à envoyer\u00a0: une photo, une capture d\u2019écran, un PDF, "
            "un enregistrement audio ou une courte vidéo.",
        ),
        (
            "en",
            "Write what you want to add to your report.",
            "Choose a file to send: a picture, a screenshot, a PDF, an audio recording or a "
            "short video.",
        ),
    ],
)
def test_adding_nothing_says_what_to_add(
    client: Client, language: str, information: str, evidence: str
) -> None:
    page = _follow(client, language, _file())

    text = client.post(f"{page}information/", {"text": ""})
    file = client.post(f"{page}evidence/", {})

    assert text.status_code == file.status_code == 400
    assert _summary_items(text.content.decode()) == [information]
    assert _summary_items(file.content.decode()) == [evidence]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Indiquez qui vous êtes\u00a0: un particulier, une entreprise ou un organisme "
                "public.",
                "Indiquez votre rôle dans les faits\u00a0: victime, témoin, ou signalement pour "
                "une autre personne.",
                "Indiquez votre nom, ou celui de l\u2019entreprise ou de l\u2019organisme.",
            ],
        ),
        (
            "en",
            [
                "Choose who you are: a person, a business or a public body.",
                "Choose your part in what happened: victim, witness or reporting for someone else.",
                "Give your name, or the name of the business or body.",
            ],
        ),
    ],
)
def test_empty_identity_form_names_each_missing_answer(
    client: Client, language: str, expected: list[str]
) -> None:
    anonymous = _file(reporter=services.ReporterInput(is_anonymous=True))
    page = _follow(client, language, anonymous)

    response = client.post(f"{page}identity/", {"type": "", "role": "", "name": ""})

    assert response.status_code == 400
    assert _summary_items(response.content.decode()) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Saisissez le code à 6 chiffres que nous vous avons envoyé par SMS."),
        ("en", "Enter the 6-digit code we sent you by SMS."),
    ],
)
def test_empty_sms_code_says_which_code_to_type(
    client: Client, language: str, expected: str
) -> None:
    reporter = services.ReporterInput(name="Awa Mbarga", phone="677 12 34 56")
    page = _follow(client, language, _file(reporter=reporter))

    response = client.post(f"{page}contact/confirm/", {"code": ""})

    assert response.status_code == 400
    assert _summary_items(response.content.decode()) == [expected]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Indiquez comment la victime s\u2019est adressée à vous\u00a0: au guichet ou par "
                "téléphone.",
                "Choisissez la langue de la victime\u00a0: français ou anglais.",
                "Choisissez ce qui est arrivé à la victime.",
                "Écrivez ce que la victime dit s\u2019être passé, en au moins 10 caractères.",
                "Choisissez la région de la victime.",
                "Indiquez le nom de la victime, ou celui de l\u2019entreprise ou de "
                "l\u2019organisme.",
            ],
        ),
        (
            "en",
            [
                "Choose how the victim came to you: at the counter or by phone.",
                "Choose the victim's language: French or English.",
                "Choose what happened to the victim.",
                "Write what the victim says happened, in at least 10 characters.",
                "Choose the victim's region.",
                "Give the victim's name, or the name of the business or body.",
            ],
        ),
    ],
)
def test_counter_form_left_empty_names_each_missing_answer(
    intake_officer: User, language: str, expected: list[str]
) -> None:
    client = personas.signed_in_client(intake_officer)
    empty = {
        "channel": "",
        "language": "",
        "category": "",
        "description": "",
        "region": "",
        "victim_name": "",
        "consent": "on",
    }

    response = client.post(f"/{language}/staff/counter/", counter_answers(**empty))

    page = response.content.decode()
    assert response.status_code == 400
    assert _summary_items(page) == expected
    assert not any(generic in page for generic in GENERIC)


def test_counter_form_refuses_a_too_short_account_in_the_staff_words(
    intake_officer: User,
) -> None:
    client = personas.signed_in_client(intake_officer)

    response = client.post(COUNTER_URL, counter_answers(description="Vol"))

    assert response.status_code == 400
    assert _summary_items(response.content.decode()) == [
        "Write what the victim says happened, in at least 10 characters."
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Décrivez ce qui s\u2019est passé en au moins 10 caractères."),
        ("en", "Describe what happened in at least 10 characters."),
    ],
)
def test_service_refuses_a_too_short_account_saying_how_long_it_must_be(
    language: str, expected: str
) -> None:
    with translation.override(language), pytest.raises(services.ReportInvalid) as refused:
        services.report_validate(report_draft(description="Vol"))

    assert refused.value.fields["description"] == [expected]


def _message(submitted: services.SubmittedReport, author: User, text: str, ago: dt.timedelta):
    event = staff.report_message_victim(report=submitted.report, actor=author, text=text)
    ReportEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - ago)


@pytest.mark.parametrize(
    ("language", "today", "yesterday", "earlier"),
    [
        ("fr", "Aujourd\u2019hui à ", "Hier à ", r"\d{1,2} [a-zéû]+ \d{4} à \d\d:\d\d"),
        ("en", "Today at ", "Yesterday at ", r"\S.* \d{4},? at \S.*"),
    ],
)
def test_investigators_messages_are_signed_by_their_organisation_with_a_friendly_date(
    client: Client,
    investigator_centre: User,
    language: str,
    today: str,
    yesterday: str,
    earlier: str,
) -> None:
    submitted = _file()
    # Noon in Douala, so that one hour ago is today and a day ago is yesterday, whenever it runs.
    noon = timezone.localtime().replace(hour=12, minute=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: noon)
        _message(
            submitted, investigator_centre, "Bring the SMS to the station.", dt.timedelta(hours=1)
        )
        _message(submitted, investigator_centre, "We opened a case.", dt.timedelta(days=1))
        _message(submitted, investigator_centre, "We read your report.", dt.timedelta(days=9))
        page = client.get(_follow(client, language, submitted)).content.decode()

    with translation.override(language):
        organisation = investigator_centre.organisation.name  # type: ignore[union-attr]
    messages = re.findall(r'(?s)<li class="message">(.*?)</li>', page)
    assert len(messages) == 3
    for item in messages:
        assert f"<strong>{_escaped(_message_from(language, organisation))}</strong>" in item
    times = [re.sub(r"<[^>]+>", "", re.search(r"(?s)<time.*?</time>", m)[0]) for m in messages]
    assert re.fullmatch(earlier, times[0])
    assert times[1].startswith(yesterday)
    assert times[2].startswith(today)
    assert investigator_centre.username not in page


def _message_from(language: str, organisation: str) -> str:
    return {
        "fr": f"Message des enquêteurs ({organisation})",
        "en": f"Message from the investigators ({organisation})",
    }[language]


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("'", "&#x27;")


@pytest.mark.parametrize(("language", "kind"), [("fr", "Image PNG"), ("en", "PNG image")])
def test_evidence_step_names_the_kind_of_file_not_its_mime_type(
    client: Client, language: str, kind: str
) -> None:
    answer_until_evidence(client, language)

    page = client.post(
        f"/{language}/report/evidence/", {"files": [png()], "action": "upload"}, follow=True
    ).content.decode()

    assert f"· {kind}</p>" in page
    assert "image/png" not in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_follow_page_shows_no_mime_type(client: Client, language: str) -> None:
    page_url = _follow(client, language, _file())
    client.post(
        f"{page_url}evidence/",
        {"file": SimpleUploadedFile("capture.png", PNG, content_type="image/png")},
    )

    page = client.get(page_url).content.decode()

    assert "capture.png" in page
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page))
    assert not re.search(r"\b(image|application|audio|video|text)/[a-z0-9.+-]+", visible)
