"""Importing identifiers in bulk from a CSV file (``manage.py import_indicators``).

A partner's or an analyst's list of known fraudulent numbers and addresses can hold a million
rows. Every value goes through ``normalise`` (a value is never changed silently: a row that does
not normalise is reported with its line number and reason, the others are imported); the file is
read as a stream and handled in chunks, normalised in worker processes, so memory stays bounded.

PostgreSQL: the normal forms are copied (``COPY``) into a temporary table, then inserted in one
``INSERT ... SELECT DISTINCT ... ON CONFLICT DO NOTHING``; a confirmed-fraud import changes the
unverified indicators and writes their history rows in two more statements. SQLite (development,
tests): the same per chunk through the ORM.
"""

import csv
import multiprocessing
import os
import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

import phonenumbers
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.audit.services import audit_record
from vigilance.indicators.models import (
    Indicator,
    IndicatorStatus,
    IndicatorStatusChange,
    WarningListEntry,
)
from vigilance.indicators.normalise import InvalidIdentifier, Normalised, normalise
from vigilance.indicators.normalise.phone import momo_account_of, phone_of
from vigilance.indicators.warning_list import is_warning_listed

IMPORT_STATUSES = (IndicatorStatus.UNVERIFIED, IndicatorStatus.CONFIRMED_FRAUD)
CHUNK_ROWS = 20_000
# Distinct error reasons counted in the summary; more are counted as "other".
MAX_REASONS = 50
PROVIDER_LENGTH = Indicator._meta.get_field("provider").max_length or 40

# A Cameroonian number already in E.164 form (most of a partner's list): checked with
# phonenumbers without parsing the text again, which is most of the cost of ``normalise``.
_E164_CM = re.compile(r"\+237([1-9][0-9]{8})", re.ASCII)


class ImportFileError(ValueError):
    """The file or the options cannot be imported at all (missing column, missing reason)."""


@dataclass
class ImportResult:
    rows: int = 0
    invalid: int = 0
    valid: int = 0
    distinct: int = 0
    created: int = 0
    existing: int = 0
    status_changed: int = 0
    # Existing indicators an analyst marked false positive or disputed: never overwritten.
    status_kept: int = 0
    warning_listed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)

    def counts(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in _COUNTS}


_COUNTS: tuple[str, ...] = ("rows", "invalid", "valid", "distinct", "created", "existing")
_COUNTS += ("status_changed", "status_kept", "warning_listed")


@dataclass
class _Chunk:
    """What a worker made of a chunk: valid rows (type, value, provider, maybe listed) and errors."""

    rows: list[tuple[str, str, str, bool]]
    errors: list[tuple[int, str]]


def fast_normalise(kind: str, raw: str) -> Normalised | None:
    """``normalise(kind, raw)`` for an E.164 Cameroonian number, or None to take the full path.

    Only ever answers what ``normalise`` would (the tests compare them); anything it is not sure
    of, errors included, goes through ``normalise``.
    """
    if kind not in ("phone", "momo_account"):
        return None
    value = raw.strip()
    match = _E164_CM.fullmatch(value)
    if match is None:
        return None
    number = phonenumbers.PhoneNumber(country_code=237, national_number=int(match[1]))
    if not phonenumbers.is_valid_number(number):
        return None
    try:
        return phone_of(number) if kind == "phone" else momo_account_of(number)
    except InvalidIdentifier:
        return None


def _normalise_chunk(
    lines: list[tuple[int, str, str, str]], listed_values: frozenset[str]
) -> _Chunk:
    """Normalise (line, type, raw value, provider) rows; runs in a worker process."""
    rows, errors = [], []
    for line, kind, raw, provider in lines:
        try:
            found = fast_normalise(kind, raw) or normalise(kind, raw)
        except InvalidIdentifier as error:
            errors.append((line, str(error)))
            continue
        provider = found.provider or provider.strip()
        if len(provider) > PROVIDER_LENGTH:
            errors.append((line, _("The provider is too long.")))
            continue
        # A value can be on the warning list only if it, or what follows one of its dots, is an
        # entry's value: those few are checked with ``is_warning_listed`` by the caller.
        value = found.value
        maybe = bool(listed_values) and (
            value in listed_values
            or ("." in value and any(s in listed_values for s in _dot_suffixes(value)))
        )
        rows.append((found.type, value, provider, maybe))
    return _Chunk(rows=rows, errors=errors)


def _dot_suffixes(value: str) -> Iterator[str]:
    """What follows each dot of ``value``: ``a.b.cm`` gives ``b.cm`` and ``cm``."""
    at = value.find(".")
    while at >= 0:
        yield value[at + 1 :]
        at = value.find(".", at + 1)


def _read(stream: TextIO, chunk_rows: int) -> Iterator[list[tuple[int, str, str, str]]]:
    """Chunks of (line number, type, value, provider) from a CSV stream with a header."""
    reader = csv.reader(stream)
    header = [name.strip().lower() for name in next(reader, [])]
    if "type" not in header or "value" not in header:
        raise ImportFileError(_("The first line must name the columns: type,value[,provider]."))
    kind_at, value_at = header.index("type"), header.index("value")
    provider_at = header.index("provider") if "provider" in header else None
    chunk: list[tuple[int, str, str, str]] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        provider = cells[provider_at] if provider_at is not None else ""
        chunk.append((reader.line_num, cells[kind_at].strip(), cells[value_at], provider))
        if len(chunk) >= chunk_rows:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _normalised_chunks(
    stream: TextIO, *, jobs: int, chunk_rows: int, listed_values: frozenset[str]
) -> Iterator[_Chunk]:
    """The file's chunks normalised, in order; with ``jobs`` > 1 in that many processes, with
    at most two chunks per process in flight so that memory stays bounded."""
    chunks = _read(stream, chunk_rows)
    if jobs <= 1:
        for lines in chunks:
            yield _normalise_chunk(lines, listed_values)
        return
    # Forked workers inherit the configured Django (translations); they never touch the
    # database connection or the cache they inherit.
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending: deque[Any] = deque()
        for lines in chunks:
            pending.append(pool.apply_async(_normalise_chunk, (lines, listed_values)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def indicators_import(
    *,
    stream: TextIO,
    status: str = IndicatorStatus.UNVERIFIED,
    reason: str = "",
    dry_run: bool = False,
    jobs: int | None = None,
    chunk_rows: int = CHUNK_ROWS,
    max_errors: int = 20,
    source: str = "",
) -> ImportResult:
    """Import the identifiers of a CSV file (columns ``type``, ``value``, optional ``provider``).

    New values are created with ``status``. With confirmed fraud, the unverified indicators the
    file names are confirmed too; every indicator confirmed gets a history row giving ``reason``,
    and those an analyst marked false positive or disputed are left as they are. One audit event
    for the whole import; a dry run is rolled back.
    """
    if status not in IMPORT_STATUSES:
        raise ImportFileError(_("An import makes indicators unverified or confirmed fraud."))
    if status == IndicatorStatus.CONFIRMED_FRAUD and not reason.strip():
        raise ImportFileError(_("Say why: the reason is kept in each indicator's history."))
    listed_values = frozenset(WarningListEntry.objects.values_list("value", flat=True))
    result = ImportResult()
    chunks = _normalised_chunks(
        stream,
        jobs=jobs or os.cpu_count() or 1,
        chunk_rows=chunk_rows,
        listed_values=listed_values,
    )
    tallied = _tallied(chunks, result, max_errors)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _import_postgresql(tallied, result, status=status, reason=reason.strip())
        else:
            _import_orm(tallied, result, status=status, reason=reason.strip())
        result.existing = result.distinct - result.created
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=None,
                actor_label="command:import_indicators",
                action="indicator.imported",
                object_type="indicator",
                details={"status": status, "source": source, **result.counts()},
            )
    return result


def _tallied(
    chunks: Iterator[_Chunk], result: ImportResult, max_errors: int
) -> Iterator[list[tuple[str, str, str, bool]]]:
    """The valid rows of each chunk (the last field: maybe on the warning list); the counts and
    the first errors kept in ``result`` on the way."""
    for chunk in chunks:
        result.rows += len(chunk.rows) + len(chunk.errors)
        result.valid += len(chunk.rows)
        result.invalid += len(chunk.errors)
        for line, message in chunk.errors:
            if len(result.errors) < max_errors:
                result.errors.append((line, message))
            known = message in result.reasons or len(result.reasons) < MAX_REASONS
            result.reasons[message if known else _("Other reasons")] += 1
        yield chunk.rows


def _copy_text(value: str) -> str:
    """``value`` escaped for COPY's text format (normal forms hold no control characters, but a
    backslash is possible in a link)."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


# Parameters: status, changed_at (NULL unless confirmed), now, reason.
_CREATE = (
    "INSERT INTO indicators_indicator (type, value, provider, status, status_changed_at, tlp, "
    "report_count, reporter_count, categories, is_warning_listed, created_at) "
    "SELECT DISTINCT ON (type, value) type, value, provider, %(status)s, %(changed_at)s, "
    "'amber', 0, 0, '[]'::jsonb, listed, %(now)s FROM import_rows "
    "ORDER BY type, value, provider DESC ON CONFLICT (type, value) DO NOTHING"
)
_CONFIRM = (
    "UPDATE indicators_indicator i SET status = %(status)s, status_changed_at = %(now)s "
    "FROM (SELECT DISTINCT type, value FROM import_rows) t WHERE i.type = t.type "
    "AND i.value = t.value AND i.status = 'unverified'"
)
_HISTORY = (
    "INSERT INTO indicators_indicatorstatuschange (indicator_id, previous_status, status, "
    "reason, actor_id, created_at) SELECT id, 'unverified', %(status)s, %(reason)s, NULL, "
    "%(now)s FROM changed"
)


def _import_postgresql(
    chunks: Iterator[list[tuple[str, str, str, bool]]],
    result: ImportResult,
    *,
    status: str,
    reason: str,
) -> None:
    now = timezone.now()
    confirm = status == IndicatorStatus.CONFIRMED_FRAUD
    parameters: dict[str, Any] = {
        "status": status,
        "reason": reason,
        "now": now,
        "changed_at": now if confirm else None,
    }
    maybe_listed: set[tuple[str, str]] = set()
    with connection.cursor() as cursor:
        # Dropped at the end as well as on commit: a test's import runs in a transaction that
        # never commits, and may be followed by another.
        cursor.execute("DROP TABLE IF EXISTS import_rows")
        cursor.execute(
            "CREATE TEMPORARY TABLE import_rows (type varchar(20), value varchar(500), "
            "provider varchar(40), listed boolean) ON COMMIT DROP"
        )
        with cursor.cursor.copy(
            "COPY import_rows (type, value, provider, listed) FROM STDIN"
        ) as copy:
            for rows in chunks:
                copy.write(
                    "".join(
                        f"{kind}\t{_copy_text(value)}\t{_copy_text(provider)}\tf\n"
                        for kind, value, provider, _maybe in rows
                    )
                )
                # Decided after the copy: the check may query the database, busy copying now.
                maybe_listed.update((kind, value) for kind, value, _p, maybe in rows if maybe)
        listed = [key for key in maybe_listed if is_warning_listed(*key)]
        for start in range(0, len(listed), 1000):
            cursor.execute(
                "UPDATE import_rows SET listed = true WHERE (type, value) IN "
                "(SELECT * FROM unnest(%s::text[], %s::text[]))",
                [
                    [k for k, _v in listed[start : start + 1000]],
                    [v for _k, v in listed[start : start + 1000]],
                ],
            )
        cursor.execute("ANALYZE import_rows")
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE listed) FROM (SELECT type, value, "
            "bool_or(listed) AS listed FROM import_rows GROUP BY type, value) d"
        )
        result.distinct, result.warning_listed = cursor.fetchone()
        if confirm:
            # Created confirmed, each with its history row: one statement.
            cursor.execute(f"WITH changed AS ({_CREATE} RETURNING id) {_HISTORY}", parameters)
            result.created = cursor.rowcount
            cursor.execute(f"WITH changed AS ({_CONFIRM} RETURNING i.id) {_HISTORY}", parameters)
            result.status_changed = cursor.rowcount
            cursor.execute(
                "SELECT count(*) FROM indicators_indicator i JOIN (SELECT DISTINCT type, value "
                "FROM import_rows) t ON i.type = t.type AND i.value = t.value "
                "WHERE i.status NOT IN ('unverified', %(status)s)",
                parameters,
            )
            result.status_kept = cursor.fetchone()[0]
        else:
            cursor.execute(_CREATE, parameters)
            result.created = cursor.rowcount
        cursor.execute("DROP TABLE import_rows")


def _import_orm(
    chunks: Iterator[list[tuple[str, str, str, bool]]],
    result: ImportResult,
    *,
    status: str,
    reason: str,
) -> None:
    """The same import through the ORM, 500 values at a time. For SQLite (development and
    tests): the values seen are kept in memory to count duplicates."""
    now = timezone.now()
    confirm = status == IndicatorStatus.CONFIRMED_FRAUD
    seen: set[tuple[str, str]] = set()
    listed: set[tuple[str, str]] = set()
    for rows in chunks:
        for start in range(0, len(rows), 500):
            wanted: dict[tuple[str, str], tuple[str, bool]] = {}
            for kind, value, provider, maybe in rows[start : start + 500]:
                key = (kind, value)
                if key not in seen and key not in wanted:
                    wanted[key] = (provider, maybe and is_warning_listed(kind, value))
            seen.update(wanted)
            listed.update(key for key, (_provider, is_listed) in wanted.items() if is_listed)
            found = _existing(wanted)
            created = Indicator.objects.bulk_create(
                [
                    Indicator(
                        type=kind,
                        value=value,
                        provider=provider,
                        status=status,
                        status_changed_at=now if confirm else None,
                        is_warning_listed=is_listed,
                    )
                    for (kind, value), (provider, is_listed) in wanted.items()
                    if (kind, value) not in found
                ]
            )
            result.created += len(created)
            if confirm:
                _confirm_orm(created, found, status=status, reason=reason, now=now, result=result)
    result.distinct = len(seen)
    result.warning_listed = len(listed)


def _existing(wanted: dict[tuple[str, str], Any]) -> dict[tuple[str, str], tuple[int, str]]:
    """(pk, status) of the indicators that already exist among these values."""
    by_type: dict[str, list[str]] = {}
    for kind, value in wanted:
        by_type.setdefault(kind, []).append(value)
    found = {}
    for kind, values in by_type.items():
        rows = Indicator.objects.filter(type=kind, value__in=values)
        for pk, value, old in rows.values_list("pk", "value", "status"):
            found[(kind, value)] = (pk, old)
    return found


def _confirm_orm(
    created: list[Indicator],
    found: dict[tuple[str, str], tuple[int, str]],
    *,
    status: str,
    reason: str,
    now: Any,
    result: ImportResult,
) -> None:
    """Confirm the unverified among ``found``; a history row for them and for ``created``."""
    unverified = [pk for pk, old in found.values() if old == IndicatorStatus.UNVERIFIED]
    result.status_kept += sum(1 for _pk, old in found.values() if old not in (status, "unverified"))
    Indicator.objects.filter(pk__in=unverified).update(status=status, status_changed_at=now)
    result.status_changed += len(unverified)
    IndicatorStatusChange.objects.bulk_create(
        IndicatorStatusChange(
            indicator_id=pk,
            previous_status=IndicatorStatus.UNVERIFIED,
            status=status,
            reason=reason,
        )
        for pk in [*(indicator.pk for indicator in created), *unverified]
    )
