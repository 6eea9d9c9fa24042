"""GET /api/v1/lookup: the public check for partners' apps and scripts (CONTRACT.md)."""

import pytest
from django.test import Client

from tests.indicators.lookup_data import SUSPECT, SUSPECT_E164, indicator_with, reports_naming
from vigilance.indicators.models import IndicatorStatus, LookupTally

pytestmark = pytest.mark.django_db

LOOKUP = "/api/v1/lookup"
FIELDS = {
    "type",
    "value",
    "status",
    "reports",
    "first_reported",
    "last_reported",
    "categories",
    "category_labels",
    "advice",
    "site",
}


def lookup(client: Client, value: str = SUSPECT, type: str = "phone", language: str = "en"):  # type: ignore[no-untyped-def]
    return client.get(LOOKUP, {"type": type, "value": value}, headers={"accept-language": language})


def test_an_unknown_value_is_not_reported_with_nothing_else(client: Client) -> None:
    response = lookup(client)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIELDS
    assert body | {"advice": ""} == {
        "type": "phone",
        "value": SUSPECT_E164,
        "status": "not_reported",
        "reports": None,
        "first_reported": None,
        "last_reported": None,
        "categories": [],
        "category_labels": [],
        "advice": "",
        "site": None,
    }
    assert "not enough verified reports to conclude" in body["advice"]


def test_a_value_reported_by_three_people_is_reported(client: Client) -> None:
    reports_naming(reporters=3, category="mobile_money_fraud")

    body = lookup(client).json()

    assert body["status"] == "reported"
    assert body["reports"] == "1-4"
    assert body["first_reported"] is not None
    assert body["last_reported"] is not None
    assert body["categories"] == ["mobile_money_fraud"]
    assert body["category_labels"] == ["Mobile-money fraud"]
    assert "Do not pay" in body["advice"]


def test_below_the_threshold_the_answer_is_that_of_an_unknown_value(client: Client) -> None:
    unknown = lookup(client).json()
    reports_naming(reporters=2)

    assert lookup(client).json() == unknown


def test_one_reporter_with_many_reports_is_not_reported(client: Client) -> None:
    reports_naming(reporters=1, reports_each=4)

    assert lookup(client).json()["status"] == "not_reported"


def test_confirmed_fraud_says_so(client: Client) -> None:
    indicator_with(report_count=1, reporter_count=1, status=IndicatorStatus.CONFIRMED_FRAUD)

    body = lookup(client).json()

    assert (body["status"], body["reports"]) == ("confirmed_fraud", "1-4")
    assert "confirmed that this is used for fraud" in body["advice"]


@pytest.mark.parametrize(
    "status", [IndicatorStatus.FALSE_POSITIVE, "warning_listed"], ids=["false_positive", "listed"]
)
def test_cleared_values_are_not_reported(client: Client, status: str) -> None:
    if status == "warning_listed":
        indicator_with(report_count=40, reporter_count=40, is_warning_listed=True)
    else:
        indicator_with(report_count=40, reporter_count=40, status=status)

    body = lookup(client).json()

    assert (body["status"], body["reports"], body["categories"]) == ("not_reported", None, [])


def test_a_disputed_value_keeps_its_answer_and_mentions_the_review(client: Client) -> None:
    indicator_with(report_count=20, reporter_count=20, status=IndicatorStatus.DISPUTED)

    body = lookup(client).json()

    assert (body["status"], body["reports"]) == ("reported", "20+")
    assert "an analyst is reviewing them" in body["advice"]


@pytest.mark.parametrize(
    ("count", "band"),
    [(4, "1-4"), (5, "5-19"), (19, "5-19"), (20, "20+")],
    ids=["4", "5", "19", "20"],
)
def test_report_counts_come_as_bands(client: Client, count: int, band: str) -> None:
    indicator_with(report_count=count, reporter_count=count)

    assert lookup(client).json()["reports"] == band


def test_dates_are_iso_days(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)

    body = lookup(client).json()

    assert (body["first_reported"], body["last_reported"]) == ("2026-02-21", "2026-03-03")


def test_nothing_about_reporters_or_victims_is_returned(client: Client) -> None:
    reports_naming(reporters=3)

    text = lookup(client).content.decode()

    for personal in ("Reporter Number", "+23767000", "67000", "john", "Facebook Marketplace"):
        assert personal.lower() not in text.lower()


def test_category_labels_follow_the_language(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)

    english = lookup(client, language="en").json()
    french = lookup(client, language="fr").json()

    assert english["categories"] == french["categories"] == ["mobile_money_fraud"]
    assert (english["category_labels"], french["category_labels"]) == (
        ["Mobile-money fraud"],
        ["Fraude au mobile money"],
    )


@pytest.mark.parametrize("language", ["en", "fr"], ids=["en", "fr"])
def test_an_invalid_value_is_a_400_saying_why(client: Client, language: str) -> None:
    response = lookup(client, value="12", language=language)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["value"] == [error["message"]]
    expected = "not valid" if language == "en" else "n\u2019est pas valide"
    assert expected in error["message"]


def test_an_unknown_type_is_a_400_naming_the_type(client: Client) -> None:
    response = lookup(client, type="fax")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"type": ["Unknown type of identifier."]}


def test_missing_parameters_are_a_client_error(client: Client) -> None:
    response = client.get(LOOKUP, {"type": "phone"})

    assert response.status_code == 422
    assert "value" in response.json()["error"]["fields"]


def test_look_ups_are_rate_limited_with_retry_after(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_LOOKUP_PER_IP = "2/m"

    answers = [lookup(client).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    refused = lookup(client)
    assert refused["Retry-After"] == "60"
    assert refused.json()["error"]["code"] == "rate_limited"


def test_the_whole_platform_limit_applies_too(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_LOOKUP_GLOBAL = "2/m"
    other = Client(REMOTE_ADDR="203.0.113.9")

    answers = [lookup(client).status_code, lookup(other).status_code, lookup(other).status_code]

    assert answers == [200, 200, 429]


def test_a_look_up_answers_with_one_query(client: Client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    indicator_with(report_count=5, reporter_count=3, categories=[])
    lookup(client)  # the tally's row now exists; the next look-up only reads and adds

    with django_assert_num_queries(2):  # the indicator, and the tally of the embedded shape
        assert lookup(client).status_code == 200


def test_a_valid_look_up_is_tallied_and_an_invalid_one_is_not(client: Client) -> None:
    lookup(client)
    lookup(client, value="+237 699-88-77-66")
    lookup(client, value="12")

    assert list(LookupTally.objects.values_list("type", "value", "count")) == [
        ("phone", SUSPECT_E164, 2)
    ]


@pytest.mark.parametrize(
    ("language", "expected", "safe_words"),
    [
        ("en", "not enough verified reports to conclude", ("Nobody has reported",)),
        (
            "fr",
            "pas assez de signalements vérifiés pour conclure",
            ("Personne n\u2019a signal\u00e9",),
        ),
    ],
)
def test_below_the_threshold_the_advice_never_reads_as_safe(
    client: Client, language: str, expected: str, safe_words: tuple[str, ...]
) -> None:
    reports_naming(reporters=2)

    body = lookup(client, language=language).json()

    assert body["status"] == "not_reported"
    assert expected in body["advice"]
    assert not any(words in body["advice"] for words in safe_words)
