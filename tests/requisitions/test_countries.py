"""The countries a request abroad may go to are phonenumbers' own names, copied into
``requisitions/data/countries.json``: the copy matches the pinned library, and serving the
platform never loads the geocoder, whose data took 140 MB in every process."""

import json
from pathlib import Path

import phonenumbers
from phonenumbers import geocoder

from tests.support.live_process import modules_after_startup
from vigilance.requisitions.reference import COUNTRIES


def test_the_copied_names_are_the_geocoders_in_french_and_english() -> None:
    copied = {row["code"]: (row["fr"], row["en"]) for row in json.loads(COUNTRIES.read_text())}

    named = {}
    for code in phonenumbers.SUPPORTED_REGIONS:
        example = phonenumbers.example_number(code)
        names = tuple(geocoder.country_name_for_number(example, lang) for lang in ("fr", "en"))
        if example and any(names):
            named[code] = names

    assert copied == named
    assert copied["GA"] == ("Gabon", "Gabon")


def test_the_served_platform_never_imports_the_geocoder(tmp_path: Path) -> None:
    loaded = modules_after_startup(tmp_path)
    assert "phonenumbers" in loaded
    assert sorted(name for name in loaded if name.startswith("phonenumbers.geo")) == []
