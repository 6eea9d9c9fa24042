"""The public check's rules: when a value counts as reported, and what the answer may say."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import translation

from tests.indicators.lookup_data import SUSPECT, SUSPECT_E164, indicator_with, reports_naming
from vigilance.indicators.lookup import PublicCheck, count_band, public_check
from vigilance.indicators.models import IndicatorStatus, WarningListEntry
from vigilance.indicators.normalise import InvalidIdentifier
from vigilance.indicators.services import indicator_set_status
from vigilance.indicators.warning_list import warning_list_changed

pytestmark = pytest.mark.django_db

UNKNOWN = PublicCheck(type="phone", value=SUSPECT_E164)


@pytest.mark.parametrize(
    ("count", "band"),
    [(0, None), (1, "1-4"), (4, "1-4"), (5, "5-19"), (19, "5-19"), (20, "20+"), (5000, "20+")],
    ids=["0", "1", "4", "5", "19", "20", "5000"],
)
def test_report_counts_are_shown_as_bands(count: int, band: str | None) -> None:
    assert count_band(count) == band


def test_a_value_nobody_reported_is_not_reported() -> None:
    assert public_check("phone", SUSPECT) == UNKNOWN


def test_three_distinct_reporters_make_a_value_reported() -> None:
    reports_naming(reporters=3)

    check = public_check("phone", "+237 699 88 77 66")

    assert check.status == "reported"
    assert check.band == "1-4"
    assert check.categories == ("online_purchase_scam",)
    assert check.first_reported == check.last_reported == dt.date.today()


def test_two_reporters_give_exactly_the_answer_for_an_unknown_value() -> None:
    reports_naming(reporters=2)

    assert public_check("phone", SUSPECT) == UNKNOWN


def test_one_person_reporting_many_times_is_still_not_reported() -> None:
    indicator = reports_naming(reporters=1, reports_each=5)

    assert indicator.report_count == 5
    assert public_check("phone", SUSPECT) == UNKNOWN


def test_the_threshold_follows_the_setting(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOOKUP_MIN_REPORTERS = 2
    reports_naming(reporters=2)

    assert public_check("phone", SUSPECT).status == "reported"


def test_confirmed_fraud_is_shown_even_below_the_threshold() -> None:
    indicator = reports_naming(reporters=1)
    indicator_set_status(
        indicator=indicator, status=IndicatorStatus.CONFIRMED_FRAUD, reason="Seized", actor=None
    )

    check = public_check("phone", SUSPECT)

    assert (check.status, check.band) == ("confirmed_fraud", "1-4")


def test_a_false_positive_is_not_reported() -> None:
    indicator_with(report_count=30, reporter_count=30, status=IndicatorStatus.FALSE_POSITIVE)

    assert public_check("phone", SUSPECT) == UNKNOWN


def test_a_warning_listed_value_is_not_reported() -> None:
    indicator_with(report_count=30, reporter_count=30, is_warning_listed=True)

    assert public_check("phone", SUSPECT) == UNKNOWN


def test_a_value_put_on_the_warning_list_later_is_not_reported() -> None:
    indicator_with(report_count=30, reporter_count=30, status=IndicatorStatus.CONFIRMED_FRAUD)
    WarningListEntry.objects.create(type="phone", value=SUSPECT_E164, reason="Customer care")
    warning_list_changed()

    assert public_check("phone", SUSPECT) == UNKNOWN


def test_dates_are_the_days_in_cameroon() -> None:
    # Last seen at 23:30 UTC on 2 March: already 3 March in Douala.
    indicator_with(report_count=5, reporter_count=3)

    check = public_check("phone", SUSPECT)

    assert (check.first_reported, check.last_reported) == (
        dt.date(2026, 2, 21),
        dt.date(2026, 3, 3),
    )


def test_a_disputed_value_keeps_its_counts_and_its_advice_says_so() -> None:
    indicator_with(report_count=7, reporter_count=7, status=IndicatorStatus.DISPUTED)

    check = public_check("phone", SUSPECT)

    assert (check.status, check.band, check.is_disputed) == ("reported", "5-19", True)
    with translation.override("en"):
        assert "The owner disputes these reports" in check.advice()


def test_a_disputed_value_below_the_threshold_reveals_nothing() -> None:
    indicator_with(report_count=2, reporter_count=2, status=IndicatorStatus.DISPUTED)

    assert public_check("phone", SUSPECT) == UNKNOWN


def test_category_labels_follow_the_language() -> None:
    indicator_with(report_count=5, reporter_count=3)
    check = public_check("phone", SUSPECT)

    with translation.override("en"):
        english = check.category_labels()
    with translation.override("fr"):
        french = check.category_labels()

    assert (english, french) == (["Mobile-money fraud"], ["Fraude au mobile money"])


def test_advice_differs_for_each_answer() -> None:
    with translation.override("en"):
        advice = {
            PublicCheck(type="phone", value="x", status=status).advice()
            for status in ("not_reported", "reported", "confirmed_fraud")
        }

    assert len(advice) == 3
    assert all("1500" in text for text in advice)


def test_an_invalid_value_raises_with_its_reason() -> None:
    with translation.override("en"), pytest.raises(InvalidIdentifier, match="not valid"):
        public_check("phone", "12")


def test_a_number_reported_as_a_mobile_money_account_is_found_as_a_phone_too() -> None:
    reports_naming(reporters=3, type="momo_account")
    as_phone = public_check("phone", SUSPECT)
    assert (as_phone.type, as_phone.value) == ("phone", SUSPECT_E164)
    assert as_phone.status == "reported"
    assert as_phone.band == "1-4"


def test_the_phone_and_the_wallet_of_one_number_add_up() -> None:
    reports_naming(reporters=3, type="phone")
    wallet = reports_naming(reporters=2, type="momo_account")
    answer = public_check("momo_account", SUSPECT)
    assert answer.status == "reported"  # the wallet alone is below the threshold
    assert answer.band == "1-4"  # 3 reports shown; the wallet's 2 are not
    wallet.status = IndicatorStatus.CONFIRMED_FRAUD
    wallet.save(update_fields=["status"])
    confirmed = public_check("phone", SUSPECT)
    assert (confirmed.status, confirmed.band) == ("confirmed_fraud", "5-19")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_the_read_is_prepared_once_per_connection_on_postgresql() -> None:
    reports_naming(reporters=3)

    answers = {public_check("phone", SUSPECT).status for _ in range(3)}

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%FROM indicators_indicator WHERE%"],
        )
        prepared = cursor.fetchone()
    assert answers == {"reported"}
    assert prepared == (1,)
