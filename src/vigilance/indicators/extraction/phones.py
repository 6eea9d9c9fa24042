"""Phone numbers and mobile-money accounts in free text, written the ways people in Cameroon write
them: "6 77 12 34 56", "677.12.34.56", "677-123-456", "00237 677123456", "(237) 677 12 34 56",
one digit at a time ("6 7 7 1 2 3 4 5 6"), across a line break, or glued to a word
("appelez-moi au677123456", "numéro:677123456svp").

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
    is_version,
    read_as,
)
from vigilance.indicators.normalise import Normalised

# Digit groups joined by one separator each (or one line break), with a leading "+", "(237)" or
# "(+237)".
_RUN = re.compile(
    r"(?<!\w)(?<!\w[.\-/])"
    r"(?:\+[ \u00a0]?|\(\+?)?[0-9]++"
    r"(?:(?:\)[ \u00a0]?|[ \u00a0.\-/]\(?|[ \u00a0]*\r?\n[ \u00a0]*)[0-9]++)*+\)?"
)
_GROUP = re.compile(r"[0-9]+")
_SHORTEST, _LONGEST = 9, 15  # digits of a Cameroonian number, of any E.164 number with its code
# Groups a number is written in; more only when dictated one digit at a time.
_MOST_GROUPS = 8
# A number glued to a word: only whole numbers, and only after words that introduce a number
# ("au", "numéro"): "ref680127743" or "TX680127743" are codes.
_GLUED = re.compile(r"(?<![0-9+])(?:\+?237)?[0-9]{9}(?![0-9])")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \u00a0]*[:.\-/]?$")
_INTRODUCING_WORDS = {
    "au",
    "le",
    "a",
    "à",
    "at",
    "on",
    "call",
    "tel",
    "tél",
    "phone",
    "numero",
    "numéro",
    "num",
    "no",
    "whatsapp",
    "contact",
    "appelle",
    "appelez",
    "joindre",
    "sms",
}
_WORD_AFTER = re.compile(r"^[^\W\d_]+")


def _numbers_in_run(text: str, run: re.Match[str]) -> Iterator[tuple[int, int, str, Normalised]]:
    """(start, end, number as read, phone) for each number the run is made of."""
    groups = list(_GROUP.finditer(text, run.start(), run.end()))
    has_plus = text[run.start() : groups[0].start()].count("+") > 0
    first = 0
    while first < len(groups):
        for last in range(min(len(groups), first + _LONGEST), first, -1):
            digits = "".join(group.group() for group in groups[first:last])
            if not _SHORTEST <= len(digits) <= _LONGEST:
                continue
            if last - first > _MOST_GROUPS and len(digits) != last - first:
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


def _is_glued(text: str, start: int, end: int) -> bool:
    """Whether a word touches the number ("au680...", "tel.680...", "...743svp")."""
    before = text[max(0, start - 2) : start]
    return (
        before[-1:].isalpha()
        or (len(before) == 2 and before[0].isalpha() and before[1] in ".-/")
        or (end < len(text) and text[end].isalpha())
    )


def _glued_numbers(text: str) -> Iterator[tuple[int, int, str, Normalised]]:
    """Whole numbers written against a word: after a word that introduces a number, before a
    word that is not a currency."""
    for match in _GLUED.finditer(text):
        start, end = match.span()
        if not _is_glued(text, start, end) or is_amount(text, end):
            continue
        before = _WORD_BEFORE.search(text, max(0, start - 20), start)
        if before and before.group(1).lower() not in _INTRODUCING_WORDS:
            continue
        after = _WORD_AFTER.match(text[end : end + 20])
        if after and not after.group().islower():
            continue
        if phone := read_as("phone", match.group()):
            yield start, end, match.group(), phone


def _written_numbers(text: str) -> Iterator[tuple[int, int, str, Normalised]]:
    for run in _RUN.finditer(text):
        end = run.end()
        if (end < len(text) and (text[end].isalpha() or text[end] == "_")) or is_amount(text, end):
            continue
        if is_version(text, run.start()):
            continue
        yield from _numbers_in_run(text, run)


def find_phones(text: str) -> Iterator[Found]:
    for start, number_end, candidate, phone in (*_written_numbers(text), *_glued_numbers(text)):
        if is_labelled_as_something_else(text, start):
            continue
        account = None
        if is_money_account(text, start, number_end):
            account = read_as("momo_account", candidate)
        yield found(account or phone, text, start, number_end)
