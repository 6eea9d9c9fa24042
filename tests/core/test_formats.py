"""Dates and times read day, month, year on a 24-hour clock in both languages, in Cameroon's time
(Africa/Douala), with the French "1er" of the month; date inputs always carry ISO dates."""

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from vigilance.formats.dates import date_format, format_with_first_day

# 13:01 UTC is 14:01 in Douala.
MOMENT = dt.datetime(2026, 2, 5, 13, 1, tzinfo=dt.UTC)
FIRST_OF_DECEMBER = dt.date(2026, 12, 1)


def render(text: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template(text).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "5 février 2026, 14:01"), ("en", "5 February 2026, 14:01")],
)
def test_long_date_and_time_read_day_month_year_on_a_24_hour_clock(
    language: str, expected: str
) -> None:
    assert render("{{ moment|date:'DATETIME_FORMAT' }}", language, moment=MOMENT) == expected
    assert render("{{ moment }}", language, moment=MOMENT) == expected


@pytest.mark.parametrize("language", ["fr", "en"])
def test_short_date_and_time_read_day_first(language: str) -> None:
    template = "{{ moment|date:'SHORT_DATETIME_FORMAT' }}|{{ moment|date:'SHORT_DATE_FORMAT' }}"

    assert render(template, language, moment=MOMENT) == "05/02/2026 14:01|05/02/2026"
    assert render("{{ moment|time }}", language, moment=MOMENT) == "14:01"


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "5 février 2026"), ("en", "5 February 2026")]
)
def test_date_alone_reads_day_month_year(language: str, expected: str) -> None:
    assert render("{{ moment|date }}", language, moment=MOMENT) == expected


def test_first_of_the_month_is_1er_in_french() -> None:
    assert render("{{ day|date }}", "fr", day=FIRST_OF_DECEMBER) == "1er décembre 2026"
    assert render("{{ day|date:'DATE_FORMAT' }}", "fr", day=FIRST_OF_DECEMBER) == (
        "1er décembre 2026"
    )
    first = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC)
    assert render("{{ moment|date:'DATETIME_FORMAT' }}", "fr", moment=first) == (
        "1er décembre 2026, 09:30"
    )
    with translation.override("fr"):
        assert date_format(FIRST_OF_DECEMBER) == "1er décembre 2026"


def test_first_of_the_month_stays_a_number_where_no_month_name_follows() -> None:
    assert render("{{ day|date:'SHORT_DATE_FORMAT' }}", "fr", day=FIRST_OF_DECEMBER) == "01/12/2026"
    assert render("{{ day|date }}", "en", day=FIRST_OF_DECEMBER) == "1 December 2026"
    assert format_with_first_day("j F Y", day=2, language="fr") == "j F Y"
    assert format_with_first_day(r"\j F", day=1, language="fr") == r"\j F"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_date_filter_keeps_machine_formats(language: str) -> None:
    assert render("{{ moment|date:'c' }}", language, moment=MOMENT) == "2026-02-05T14:01:00+01:00"
    assert render("{{ moment|date:'Y-m-d' }}", language, moment=MOMENT) == "2026-02-05"
    assert render("{{ nothing|date }}", language, nothing=None) == ""


@pytest.mark.parametrize("language", ["fr", "en"])
def test_date_input_is_given_an_iso_date(language: str) -> None:
    widget = forms.DateInput(attrs={"type": "date"})

    with translation.override(language):
        html = widget.render("incident_date", dt.date(2026, 2, 5))

    assert 'value="2026-02-05"' in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_date_field_accepts_iso_and_day_first_dates(language: str) -> None:
    field = forms.DateField()

    with translation.override(language):
        assert field.clean("2026-02-05") == dt.date(2026, 2, 5)
        assert field.clean("05/02/2026") == dt.date(2026, 2, 5)
        with pytest.raises(forms.ValidationError):
            field.clean("02/31/2026")
