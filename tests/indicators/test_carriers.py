"""The operators of phone-number prefixes kept by the platform match the phonenumbers library."""

import json

from vigilance.indicators.carriers import (
    COUNTRY_CODES,
    DATA_FILE,
    carrier_for,
    carriers_from_library,
)


def test_kept_prefixes_are_those_of_the_installed_library() -> None:
    kept = json.loads(DATA_FILE.read_text(encoding="utf-8"))

    # Fails after an upgrade of phonenumbers: run `manage.py refresh_carriers` and commit.
    assert kept["prefixes"] == carriers_from_library(COUNTRY_CODES)


def test_cameroonian_mobile_numbers_name_their_operator() -> None:
    assert "MTN" in carrier_for("+237677123456")
    assert "Orange" in carrier_for("+237699887766")


def test_numbers_of_countries_not_kept_have_no_operator() -> None:
    assert carrier_for("+33612345678") == ""
