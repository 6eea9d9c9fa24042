"""``manage.py extract_indicators``: text on stdin, one JSON object per identifier on stdout."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

TEXT = (
    "Il m'a appelé au 6 77 12 34 56 puis au 677123456, et m'a envoyé vers hxxps://promo-mtn[.]cm/gain. "
    "Envoyez 25 000 FCFA sur MoMo 650 11 22 33. CNI n° 112233445. Écrivez à gagnant[at]gmail[.]com."
)
EXPECTED = [
    {"type": "phone", "value": "+237677123456"},
    {"type": "url", "value": "https://promo-mtn.cm/gain"},
    {"type": "momo_account", "value": "+237650112233"},
    {"type": "email", "value": "gagnant@gmail.com"},
]


def run(text: str) -> list[dict[str, str]]:
    out = StringIO()
    call_command("extract_indicators", stdin=StringIO(text), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_identifier_is_printed_once_in_the_order_of_the_text() -> None:
    assert run(TEXT) == EXPECTED


def test_objects_have_exactly_type_and_value() -> None:
    assert all(set(each) == {"type", "value"} for each in run(TEXT))


def test_empty_input_prints_nothing() -> None:
    assert run("") == []


@pytest.mark.slow
def test_command_prints_only_json_lines_and_exits_0() -> None:
    completed = subprocess.run(
        [sys.executable, "manage.py", "extract_indicators"],
        input=TEXT.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    lines = completed.stdout.decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == EXPECTED


@pytest.mark.slow
def test_command_survives_empty_and_invalid_input() -> None:
    for data in (b"", b"\xff\xfe 677123456 \x00\x80"):
        completed = subprocess.run(
            [sys.executable, "manage.py", "extract_indicators"],
            input=data,
            capture_output=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr.decode()
        for line in completed.stdout.decode("utf-8").splitlines():
            assert set(json.loads(line)) == {"type", "value"}
