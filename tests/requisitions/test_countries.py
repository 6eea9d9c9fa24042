"""The countries a request abroad may go to are phonenumbers' own names, copied into
``requisitions/data/countries.json``: the copy matches the pinned library, and serving the
platform never loads the geocoder, whose data took 140 MB in every process."""

import json
import subprocess
from pathlib import Path

import phonenumbers
from phonenumbers import geocoder

from tests.support.live_process import PYTHON, REPO, child_environment
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
    code = (
        "import sys, django; django.setup(); import vigilance.wsgi, vigilance.urls; "
        "print(sorted(name for name in sys.modules if name.startswith('phonenumbers.geo')))"
    )
    environment = child_environment(
        var_dir=tmp_path / "var", database=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )

    done = subprocess.run(
        [PYTHON, "-c", code],
        cwd=REPO,
        env={**environment, "PYTHONPATH": str(REPO / "src")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
