"""Phone numbers and mobile-money accounts in free text, written the ways people in Cameroon write
them: "6 77 12 34 56", "677.12.34.56", "677-123-456", "00237 677123456", "(237) 677 12 34 56".

A run of digit groups is read from the left, taking at each step the longest groups that make a
valid number: "677 12 34 56 / 699 11 22 33" is two numbers, "12/03/2026" and "1 500 000" none.
"""

import re
from collections.abc import Iterator

from vigilance.indicators.extraction.base import (
    Found,
    found,
    is_amount,
    is_labelled_as_something_else,
    is_money_account,
    read_as,
)
from vigilance.indicators.normalise import Normalised

# Digit groups joined by one separator each, with a leading "+", "(237)" or "(+237)".
_RUN = re.compile(
    r"(?<!\w)(?<!\w[.\-/])"
    r"(?:\+[ \u00a0]?|\(\+?)?[0-9]++"
    r"(?:(?:\)[ \u00a0]?|[ \u00a0.\-/]\(?)[0-9]++)*+\)?"
)
_GROUP = re.compile(r"[0-9]+")
_SHORTEST, _LONGEST = 9, 15  # digits of a Cameroonian number, of any E.164 number with its code
_MOST_GROUPS = 8


def _numbers_in_run(text: str, run: re.Match[str]) -> Iterator[tuple[int, int, str, Normalised]]:
    """(start, end, number as read, phone) for each number the run is made of."""
    groups = list(_GROUP.finditer(text, run.start(), run.end()))
    has_plus = text[run.start() : groups[0].start()].count("+") > 0
    first = 0
    while first < len(groups):
        for last in range(min(len(groups), first + _MOST_GROUPS), first, -1):
            digits = "".join(group.group() for group in groups[first:last])
            if not _SHORTEST <= len(digits) <= _LONGEST:
                continue
            start = run.start() if first == 0 else groups[first].start()
            plus = has_plus and first == 0
            # Without a "+", only Cameroonian numbers (2..., 6..., 237...) or "00" and a country.
            if not plus and not digits.startswith(("2", "6", "00")):
                continue
            candidate = ("+" if plus else "") + digits
            if phone := read_as("phone", candidate):
                end = groups[last - 1].end()
                if text[start] == "(" and ")" not in text[start:end]:
                    start += 1  # "(237677123456)": the brackets are around the number
                yield start, end, candidate, phone
                first = last
                break
        else:
            first += 1


def find_phones(text: str) -> Iterator[Found]:
    for run in _RUN.finditer(text):
        end = run.end()
        if (end < len(text) and (text[end].isalpha() or text[end] == "_")) or is_amount(text, end):
            continue
        for start, number_end, candidate, phone in _numbers_in_run(text, run):
            if is_labelled_as_something_else(text, start):
                continue
            account = None
            if is_money_account(text, start, number_end):
                account = read_as("momo_account", candidate)
            yield found(account or phone, text, start, number_end)
