"""What the victim reads: messages that name their field, no internal code shown as a word."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import report_draft
from tests.intake.test_receipts import PNG, pdf_text, squeezed
from tests.intake.test_report_pages import LOSS, WHO, answer_until_evidence, png, what
from vigilance.evidence.services import IncomingFile
from vigilance.intake import receipts, services
from vigilance.intake.models import Channel

pytestmark = pytest.mark.django_db

CODES = {"momo_account", "orange_money", "mtn_momo"}
# "phone" is an English word, but never a French one: there it can only be a code shown.
INTERNAL_CODES = {"fr": CODES | {"phone"}, "en": CODES}


def _summary_items(html: str) -> list[str]:
    match = re.search(r'<div class="error-summary".*?</ul>', html, flags=re.S)
    assert match, "no error summary on the page"
    return [
        re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", match[0])
    ]


def _visible_words(html: str) -> set[str]:
    """The words a person reads: tags, attributes, scripts and styles left out."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return set(re.findall(r"[\w-]+", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Choisissez ce qui vous est arrivé.",
                "Choisissez votre région.",
                "Décrivez ce qui s\u2019est passé en au moins 10 caractères.",
            ],
        ),
        (
            "en",
            [
                "Choose what happened to you.",
                "Choose your region.",
                "Describe what happened in at least 10 characters.",
            ],
        ),
    ],
)
def test_empty_what_step_lists_a_helpful_message_per_field(
    client: Client, language: str, expected: list[str]
) -> None:
    client.post(f"/{language}/report/who/", WHO)

    response = client.post(f"/{language}/report/what/", {"category": "", "region": ""})

    assert response.status_code == 400
    assert _summary_items(response.content.decode()) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Indiquez votre nom, ou celui de l\u2019entreprise ou de l\u2019organisme."),
        ("en", "Give your name, or the name of the business or body."),
    ],
)
def test_name_is_not_marked_optional_and_its_absence_is_explained(
    client: Client, language: str, expected: str
) -> None:
    empty = client.get(f"/{language}/report/who/").content.decode()
    name_label = re.search(r'<label for="id_name">(.*?)</label>', empty, flags=re.S)
    assert name_label
    assert "muted" not in name_label[1]

    response = client.post(f"/{language}/report/who/", {**WHO, "name": ""})

    assert response.status_code == 400
    assert expected in _summary_items(response.content.decode())


@pytest.mark.parametrize(("language", "optional"), [("fr", "facultatif"), ("en", "optional")])
def test_loss_step_marks_each_optional_field_once(
    client: Client, language: str, optional: str
) -> None:
    answer_until_evidence(client, language)

    page = client.get(f"/{language}/report/loss/").content.decode()

    assert f"({optional}) ({optional})" not in page
    assert f"({optional})</span> ({optional})" not in page
    for label in re.findall(r"<label for=\"id_(?:receipt|channel)\">(.*?)</label>", page, re.S):
        assert label.count(optional) == 1
    amount = re.search(r'<label for="id_amount">(.*?)</label>', page, flags=re.S)
    assert amount
    assert optional not in amount[1]


def test_summary_puts_no_colon_after_a_question_and_a_no_break_space_in_french(
    client: Client,
) -> None:
    client.post("/fr/report/who/", WHO)

    page = client.post("/fr/report/what/", what(category="")).content.decode()

    assert "?:" not in page
    assert "? :" not in page
    assert _summary_items(page) == ["Choisissez ce qui vous est arrivé."]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Indiquez si vous avez perdu de l\u2019argent."),
        ("en", "Say whether you lost money."),
    ],
)
def test_loss_step_without_an_answer_says_what_to_choose(
    client: Client, language: str, expected: str
) -> None:
    answer_until_evidence(client, language)

    response = client.post(f"/{language}/report/loss/", {"currency": "XAF"})

    assert response.status_code == 400
    assert _summary_items(response.content.decode()) == [expected]


def _review_page(client: Client, language: str) -> str:
    answer_until_evidence(client, language)
    client.post(f"/{language}/report/evidence/", {"files": [png()], "action": "continue"})
    return client.get(f"/{language}/report/review/").content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_review_shows_kinds_and_operators_in_words_and_explains_fingerprints(
    client: Client, language: str
) -> None:
    page = _review_page(client, language)

    assert not _visible_words(page) & INTERNAL_CODES[language]
    sections = re.findall(r'(?s)<section class="summary-section">.*?</section>', page)
    what_labels = re.findall(r"<dt>(.*?)</dt>", sections[1])
    assert len(what_labels) == len(set(what_labels)) == 5
    assert "MTN Mobile Money" in page
    explanation = {"fr": "Empreinte numérique", "en": "Digital fingerprint"}[language]
    assert explanation in page
    assert re.search(r"<summary>[^<]*<span class=\"hash\">[0-9a-f]{8}…[0-9a-f]{8}</span>", page)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_done_and_follow_pages_show_no_internal_code(client: Client, language: str) -> None:
    answer_until_evidence(client, language)
    client.post(
        f"/{language}/report/suspects/",
        {"rows": "1", "type_0": "momo_account", "value_0": "650 11 22 33"},
    )
    client.post(f"/{language}/report/loss/", {**LOSS, "channel": "orange_money"})
    client.post(f"/{language}/report/evidence/", {"files": [png()], "action": "continue"})
    client.post(f"/{language}/report/review/", {"consent": "on"})

    done = client.get(f"/{language}/report/done/").content.decode()
    reference = re.search(r"data-reference>([^<]+)<", done)
    code = re.search(r"data-tracking-code>([^<]+)<", done)
    assert reference
    assert code
    client.post(f"/{language}/follow/", {"reference": reference[1], "tracking_code": code[1]})
    follow = client.get(f"/{language}/follow/{reference[1]}/").content.decode()

    for page in (done, follow):
        assert not _visible_words(page) & INTERNAL_CODES[language]
    assert "Orange Money" in done


@pytest.mark.usefixtures("platform_certificate")
@pytest.mark.parametrize("language", ["fr", "en"])
def test_receipt_names_wallet_providers_and_explains_the_fingerprint(language: str) -> None:
    submitted = services.report_submit(
        draft=report_draft(
            language=language,
            identifiers=[services.IdentifierInput(type="momo_account", value="650 11 22 33")],
            loss=services.LossInput(amount=Decimal("5000"), channel="mtn_momo"),
        ),
        channel=Channel.WEB,
        evidence=[IncomingFile(name="capture.png", content=PNG)],
    )

    text = squeezed(pdf_text(receipts.receipt_pdf(submitted.report)))

    for code in ("momo_account", "orange_money", "mtn_momo"):
        assert code not in text
    explanation = {
        "fr": "L\u2019empreinte numérique prouve qu\u2019un fichier n\u2019a pas été modifié",
        "en": "The digital fingerprint proves that a file has not been changed",
    }[language]
    assert squeezed(explanation) in text
