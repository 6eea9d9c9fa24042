"""Reference data of takedowns and requests abroad (``data/takedowns_abroad.json``) and the
countries a foreign addressee may be in (``data/countries.json``: ISO 3166-1 codes, named in
French and English as phonenumbers' geocoder names them; copied rather than imported, since the
geocoder's data costs 140 MB in every process)."""

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "takedowns_abroad.json"
COUNTRIES = Path(__file__).resolve().parent / "data" / "countries.json"


@dataclass(frozen=True)
class ForeignLegalBasis:
    code: str
    name_fr: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def takedown_within(*, action: str, is_child_abuse: bool) -> dt.timedelta:
    hours = _data()["takedown_hours"][action]["child_abuse" if is_child_abuse else "normal"]
    return dt.timedelta(hours=hours)


def abroad_within(kind: str) -> dt.timedelta:
    return dt.timedelta(days=_data()["abroad_days"][kind])


def foreign_legal_bases() -> list[ForeignLegalBasis]:
    return [ForeignLegalBasis(**item) for item in _data()["abroad_legal_bases"]]


def foreign_legal_basis(code: str) -> ForeignLegalBasis | None:
    return next((basis for basis in foreign_legal_bases() if basis.code == code), None)


@cache
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    countries: list[dict[str, str]] = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    named = [(row["code"], row[language]) for row in countries if row["code"] != "CM"]
    return tuple(sorted(named, key=lambda pair: pair[1]))


def country_choices() -> tuple[tuple[str, str], ...]:
    """(ISO code, name) of the countries abroad, by name in the active language."""
    return _countries("en" if (get_language() or "fr").startswith("en") else "fr")


def country_name(code: str) -> str:
    return dict(country_choices()).get(code, code)
