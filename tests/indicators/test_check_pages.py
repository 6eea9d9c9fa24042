"""The public check page: a GET form, the answer in plain words, errors next to the field."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.indicators.lookup_data import SUSPECT, indicator_with, reports_naming
from vigilance.indicators.models import Indicator, IndicatorStatus

pytestmark = pytest.mark.django_db

PAGE = "/en/check/"


def check(client: Client, value: str = SUSPECT, type: str = "phone", page: str = PAGE):  # type: ignore[no-untyped-def]
    return client.get(page, {"type": type, "value": value})


def test_the_empty_form_uses_get_and_offers_every_type(client: Client) -> None:
    response = client.get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="get"' in html
    assert '<label for="id_value">Number, account or address</label>' in html
    assert '<option value="momo_account">' in html
    assert "verdict" not in html


def test_the_page_is_named_in_the_url_conf() -> None:
    with translation.override("en"):
        assert reverse("indicators:check") == PAGE


def test_an_unknown_value_says_there_is_not_enough_to_conclude(client: Client) -> None:
    html = check(client).content.decode()

    assert "verdict-inconclusive" in html
    assert "Not enough verified reports to conclude" in html
    assert "cannot tell you whether this is safe" in html
    assert "+237 6 99 88 77 66" in html
    assert "/en/check/dispute/" not in html


def test_a_reported_value_shows_band_dates_categories_and_advice(client: Client) -> None:
    indicator_with(report_count=7, reporter_count=7)

    html = check(client).content.decode()

    assert "verdict-reported" in html
    assert "Reported by several people" in html
    assert "5 to 19 reports" in html
    assert 'datetime="2026-03-03"' in html
    assert "Mobile-money fraud" in html
    assert 'href="/en/report/"' in html
    assert 'href="tel:1500"' in html
    assert "/en/check/dispute/?type=phone&amp;value=%2B237699887766" in html


def test_confirmed_fraud_is_shown_in_words_not_only_colour(client: Client) -> None:
    indicator_with(report_count=25, reporter_count=25, status=IndicatorStatus.CONFIRMED_FRAUD)

    html = check(client).content.decode()

    assert "verdict-confirmed_fraud" in html
    assert "Confirmed fraud" in html
    assert "20 reports or more" in html


def test_below_the_threshold_the_page_says_there_is_not_enough_to_conclude(
    client: Client,
) -> None:
    reports_naming(reporters=2)

    html = check(client).content.decode()

    assert "Not enough verified reports to conclude" in html
    assert "1 to 4 reports" not in html


def test_nothing_about_reporters_is_shown(client: Client) -> None:
    reports_naming(reporters=3)

    html = check(client).content.decode()

    assert "Reported by several people" in html
    assert "Reporter Number" not in html
    assert "+23767000" not in html


def test_a_link_is_shown_defanged(client: Client) -> None:
    html = check(client, type="url", value="https://pay.example.cm/momo").content.decode()

    assert "hxxps://pay[.]example[.]cm/momo" in html
    assert 'href="https://pay' not in html


def test_an_invalid_value_re_renders_the_form_with_the_reason(client: Client) -> None:
    response = check(client, value="12")

    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html
    assert 'aria-invalid="true"' in html
    assert "This phone number is not valid" in html
    assert 'value="12"' in html


def test_an_unknown_type_is_a_field_error(client: Client) -> None:
    response = check(client, type="fax")

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_an_empty_value_is_a_field_error(client: Client) -> None:
    response = check(client, value="")

    assert response.status_code == 400
    assert "id_value_error" in response.content.decode()


def test_the_page_answers_in_french(client: Client) -> None:
    response = check(client, value="12", page="/fr/check/")

    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "n\u2019est pas valide" in html


def test_checks_are_rate_limited_with_the_429_page(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_LOOKUP_PER_IP = "2/m"

    answers = [check(client).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    refused = check(client)
    assert refused["Retry-After"] == "60"
    assert "Too many requests" in refused.content.decode()


def test_opening_the_empty_form_is_not_counted_against_the_limit(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_LOOKUP_PER_IP = "1/m"

    assert [client.get(PAGE).status_code for _ in range(3)] == [200, 200, 200]
    assert check(client).status_code == 200


@pytest.mark.parametrize(
    ("page", "heading", "safe_words"),
    [
        (PAGE, "Not enough verified reports to conclude", ("No reports", "Nobody has reported")),
        (
            "/fr/check/",
            "Pas assez de signalements vérifiés pour conclure",
            ("Aucun signalement", "Personne n\u2019a signal\u00e9"),
        ),
    ],
    ids=["en", "fr"],
)
def test_below_the_threshold_nothing_reads_as_safe(
    client: Client, page: str, heading: str, safe_words: tuple[str, ...]
) -> None:
    reports_naming(reporters=2)

    html = check(client, page=page).content.decode()

    assert heading in html
    assert "verdict-inconclusive" in html
    assert "&#x2713;" not in html  # no green tick
    assert "\u2713" not in html
    assert "verdict-not_reported" not in html
    assert not any(words in html for words in safe_words)


def test_a_link_on_a_reported_site_says_the_site_was_reported(client: Client) -> None:
    Indicator.objects.create(
        type="domain", value="promo-orange-cm.com", report_count=4, verified_reporter_count=4
    )

    html = check(
        client, type="url", value="https://promo-orange-cm.com/inscription?id=7"
    ).content.decode()

    assert "This site has been reported by several people" in html
    assert "promo-orange-cm[.]com" in html
    assert "This is my site: dispute these reports" in html
    assert "type=domain&amp;value=promo-orange-cm.com" in html
