"""A run of digits typed as part of a reference or a case number, found by listing the codes
that hold it (decision 0050).

A run of five digits or more is longer than a year, so it can only lie in a code's serial
number: the serials of each year up to the last one given that hold it are few (a run of five
is in 320 serials of each year below ten million), and are read through the codes' unique
index. The trigram index is weak on such runs: ``0000000`` has one trigram, ``000``, which
about half of all references hold, so every one of those was read again to find none.
"""

from collections.abc import Callable, Iterator

from vigilance.core.models import YearlyCounter
from vigilance.intake import tracking
from vigilance.intake.models import ReferenceCounter

# A run of digits from this length on is listed; shorter ones go to the trigram index.
LISTED_DIGITS = 5
# Past this many codes to look up, the trigram index is used instead.
LISTED_CODES = 2000
# Serials are written on at least this many digits (``000042``).
SERIAL_DIGITS = tracking.REFERENCE_DIGITS


def references_holding(digits: str) -> list[str] | None:
    """The references whose serial holds ``digits`` (a run of at least ``LISTED_DIGITS``),
    among those given so far; None when it is not such a run or they would be too many."""
    if not _is_listed_run(digits):
        return None
    last = dict(ReferenceCounter.objects.values_list("year", "last_number"))
    return _codes_holding(digits, last, tracking.format_reference)


def case_numbers_holding(digits: str) -> list[str] | None:
    """The case numbers whose serial holds ``digits``, as ``references_holding``."""
    if not _is_listed_run(digits):
        return None
    last = dict(YearlyCounter.objects.filter(series="CAS").values_list("year", "last_number"))
    return _codes_holding(digits, last, _case_number)


def _case_number(year: int, serial: int) -> str:
    return f"CAS-{year}-{serial:0{SERIAL_DIGITS}d}"


def _is_listed_run(digits: str) -> bool:
    """Checked before the counters are read: most fragments typed are no such run."""
    return len(digits) >= LISTED_DIGITS and digits.isdigit() and digits.isascii()


def _codes_holding(
    digits: str, last: dict[int, int], code: Callable[[int, int], str]
) -> list[str] | None:
    if not _is_listed_run(digits):
        return None
    if sum(_possible(digits, highest) for highest in last.values()) > LISTED_CODES:
        return None
    return [
        code(year, serial)
        for year, highest in sorted(last.items())
        for serial in sorted(set(serials_holding(digits, highest)))
    ]


def _widths(highest: int) -> range:
    return range(SERIAL_DIGITS, max(SERIAL_DIGITS, len(str(highest))) + 1)


def _possible(digits: str, highest: int) -> int:
    """How many serials the listing would try: for each width and place of the run, every
    choice of the other digits."""
    free = [width - len(digits) for width in _widths(highest) if width >= len(digits)]
    return sum((spare + 1) * 10**spare for spare in free)


def serials_holding(digits: str, highest: int) -> Iterator[int]:
    """The serials from 1 to ``highest`` whose written form (at least ``SERIAL_DIGITS`` digits)
    holds ``digits``; one may come more than once."""
    for width in _widths(highest):
        spare = width - len(digits)
        for before in range(spare + 1):
            after = spare - before
            for head in range(10**before):
                for tail in range(10**after):
                    written = f"{head:0{before}d}"[:before] + digits + f"{tail:0{after}d}"[:after]
                    # Past the padded width a serial has no leading zero.
                    if width > SERIAL_DIGITS and written[0] == "0":
                        continue
                    if 1 <= int(written) <= highest:
                        yield int(written)
