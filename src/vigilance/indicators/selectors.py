"""Reads of indicators for analysts and partners: the fraud list, the search, early warnings.

Who may call them is checked by the callers (``Permission.ANALYSE_INDICATORS`` for the analysts'
pages and API, ``Permission.PULL_FRAUD_LIST`` for the fraud list); nothing here reads reports.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from vigilance.accounts.models import User
from vigilance.core.errors import NotFound
from vigilance.core.tlp import tlp_markings, tlp_may_reach_partner
from vigilance.indicators.models import (
    Dispute,
    Indicator,
    IndicatorStatus,
    IndicatorStatusChange,
    IndicatorTlpChange,
    LookupTally,
    WarningListEntry,
)
from vigilance.indicators.normalise import TYPES, InvalidIdentifier, normalise

FRAUD_LIST_FIELDS = ("type", "value", "provider", "status", "status_changed_at", "categories")
SEARCH_LIMIT = 100
# Beyond this, an id in a URL cannot be a row: refused before it reaches the database.
MAX_ID = 2**62


def fraud_list_markings(organisation_code: str | None) -> Q:
    """Which indicators a partner's list may carry by their TLP (docs/decisions/0023-tlp-enforced.md).

    The partners holding the fraud-list permission are its named recipients: CLEAR, GREEN and
    AMBER reach them all; AMBER+STRICT only the organisation owning the identifier, the one
    whose code is the indicator's provider (``MTN`` is ``mtn``, ``mtn_momo`` is ``mtn_momo``);
    RED never.
    """
    named = tlp_markings(lambda marking: tlp_may_reach_partner(marking, has_need_to_know=True))
    condition = Q(tlp__in=named)
    owned = tlp_markings(
        lambda marking: tlp_may_reach_partner(marking, is_owner=True, has_need_to_know=True)
    )
    extra = [marking for marking in owned if marking not in named]
    if organisation_code and extra:
        condition |= Q(tlp__in=extra, provider__iexact=organisation_code)
    return condition


def fraud_list_rows(
    *,
    since: dt.datetime | None,
    types: Sequence[str] = (),
    organisation_code: str | None = None,
) -> Iterator[tuple[object, ...]]:
    """Rows of the partners' list, oldest change first, read in chunks (never all in memory).

    Without ``since``: every confirmed fraud. With it: every indicator whose status changed at or
    after ``since`` and that is, or was, a confirmed fraud, so that a partner's copy learns both
    additions and removals; a value that was never confirmed is never shown to partners. Either
    way, only what the TLP marking lets reach the partner's organisation (never RED).
    """
    rows = Indicator.objects.filter(fraud_list_markings(organisation_code))
    if since is None:
        rows = rows.filter(status=IndicatorStatus.CONFIRMED_FRAUD)
    else:
        was_confirmed = IndicatorStatusChange.objects.filter(
            indicator=OuterRef("pk"), previous_status=IndicatorStatus.CONFIRMED_FRAUD
        )
        rows = rows.filter(status_changed_at__gte=since).filter(
            Q(status=IndicatorStatus.CONFIRMED_FRAUD) | Q(Exists(was_confirmed))
        )
    if types:
        rows = rows.filter(type__in=list(types))
    return (
        rows.order_by("status_changed_at", "id")
        .values_list(*FRAUD_LIST_FIELDS)
        .iterator(chunk_size=2000)
    )


@dataclass(frozen=True)
class SearchResult:
    indicators: list[Indicator]
    # The normal forms the value was read as, shown so the analyst sees what was searched.
    searched: list[tuple[str, str]]


def indicator_search(
    *, value: str = "", type: str = "", status: str = "", limit: int = SEARCH_LIMIT
) -> SearchResult:
    """Indicators matching a value (read in every type's normal form, or the one asked), or the
    most recently seen ones with that status or type. ``InvalidIdentifier`` when a value given
    with a type is not valid for it."""
    rows = Indicator.objects.all()
    searched: list[tuple[str, str]] = []
    if value.strip():
        if type:
            normalised = normalise(type, value)
            searched = [(normalised.type, normalised.value)]
        else:
            searched = _readings(value)
        if not searched:
            return SearchResult(indicators=[], searched=[])
        condition = Q()
        for kind, normal in searched:
            condition |= Q(type=kind, value=normal)
        rows = rows.filter(condition)
    elif type:
        rows = rows.filter(type=type)
    if status:
        rows = rows.filter(status=status)
    ordered = rows.order_by("-last_seen", "-id")[:limit]
    return SearchResult(indicators=list(ordered), searched=searched)


def _readings(value: str) -> list[tuple[str, str]]:
    """Every type this value is valid for, in its normal form (a phone number is also a wallet)."""
    readings: list[tuple[str, str]] = []
    for kind in TYPES:
        try:
            normalised = normalise(kind, value)
        except InvalidIdentifier:
            continue
        if (normalised.type, normalised.value) not in readings:
            readings.append((normalised.type, normalised.value))
    return readings


@dataclass(frozen=True)
class HistoryEntry:
    """One decision on an indicator, of its status or of its TLP marking, as the page lists it."""

    created_at: dt.datetime
    actor: User | None
    kind: str  # "status" or "tlp"
    previous: str
    current: str
    reason: str


@dataclass(frozen=True)
class IndicatorDetail:
    indicator: Indicator
    history: list[IndicatorStatusChange]
    open_disputes: list[Dispute]
    tlp_history: list[IndicatorTlpChange] = field(default_factory=list)

    @property
    def timeline(self) -> list[HistoryEntry]:
        """Status and marking decisions together, the latest first."""
        entries = [
            HistoryEntry(
                change.created_at,
                change.actor,
                "status",
                change.get_previous_status_display(),
                change.get_status_display(),
                change.reason,
            )
            for change in self.history
        ] + [
            HistoryEntry(
                change.created_at,
                change.actor,
                "tlp",
                change.get_previous_tlp_display(),
                change.get_tlp_display(),
                change.reason,
            )
            for change in self.tlp_history
        ]
        return sorted(entries, key=lambda entry: entry.created_at, reverse=True)


def indicator_get(*, indicator_id: int) -> Indicator:
    indicator = (
        Indicator.objects.filter(pk=indicator_id).first() if indicator_id <= MAX_ID else None
    )
    if indicator is None:
        raise NotFound
    return indicator


def indicator_detail(*, indicator_id: int) -> IndicatorDetail:
    indicator = indicator_get(indicator_id=indicator_id)
    history = list(indicator.status_changes.select_related("actor").order_by("-created_at", "-id"))
    disputes = list(indicator.disputes.filter(state=Dispute.State.OPEN).order_by("created_at"))
    markings = list(indicator.tlp_changes.select_related("actor").order_by("-created_at", "-id"))
    return IndicatorDetail(
        indicator=indicator, history=history, open_disputes=disputes, tlp_history=markings
    )


def warning_list_entries() -> QuerySet[WarningListEntry]:
    return WarningListEntry.objects.select_related("created_by").order_by("type", "value")


def warning_list_entry_get(*, entry_id: int) -> WarningListEntry:
    entry = WarningListEntry.objects.filter(pk=entry_id).first() if entry_id <= MAX_ID else None
    if entry is None:
        raise NotFound
    return entry


def dispute_queue() -> list[Dispute]:
    """Open disputes, oldest first: the owner of a number has waited longest."""
    return list(
        Dispute.objects.filter(state=Dispute.State.OPEN)
        .select_related("indicator")
        .order_by("created_at", "id")
    )


def dispute_get(*, dispute_id: int) -> Dispute:
    if dispute_id > MAX_ID:
        raise NotFound
    dispute = Dispute.objects.select_related("indicator").filter(pk=dispute_id).first()
    if dispute is None:
        raise NotFound
    return dispute


@dataclass(frozen=True)
class EarlyWarning:
    type: str
    value: str
    lookups: int
    indicator_id: int | None


EARLY_WARNING_DAYS = 7
EARLY_WARNING_THRESHOLD = 20
EARLY_WARNING_LIMIT = 100


def early_warnings(
    *,
    days: int = EARLY_WARNING_DAYS,
    threshold: int = EARLY_WARNING_THRESHOLD,
    limit: int = EARLY_WARNING_LIMIT,
) -> list[EarlyWarning]:
    """Values the public checked at least ``threshold`` times in the last ``days`` days that no
    reporter has named yet: what people worry about before anyone files a report.

    One grouped query over the tallies, most checked first; the indicator, when one exists with
    no reporter (e.g. only seen in narratives), is named so the analyst can open it.
    """
    start = timezone.localdate() - dt.timedelta(days=days - 1)
    reported = Indicator.objects.filter(
        type=OuterRef("type"), value=OuterRef("value"), reporter_count__gt=0
    )
    rows = (
        LookupTally.objects.filter(day__gte=start)
        .filter(~Exists(reported))
        .values("type", "value")
        .annotate(lookups=Sum("count"))
        .filter(lookups__gte=threshold)
        .order_by("-lookups", "type", "value")[:limit]
    )
    found = list(rows)
    ids = _indicator_ids([(row["type"], row["value"]) for row in found])
    return [
        EarlyWarning(
            type=row["type"],
            value=row["value"],
            lookups=int(row["lookups"]),
            indicator_id=ids.get((row["type"], row["value"])),
        )
        for row in found
    ]


def _indicator_ids(keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    if not keys:
        return {}
    condition = Q()
    for kind, value in keys:
        condition |= Q(type=kind, value=value)
    return {
        (kind, value): pk
        for pk, kind, value in Indicator.objects.filter(condition).values_list(
            "pk", "type", "value"
        )
    }


def confirmed_fraud_marked(
    *, tlp: str, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> QuerySet[Indicator]:
    """Confirmed-fraud indicators marked exactly ``tlp``, confirmed in ``[start, end)`` when
    given: what the exchange may publish under that marking. Values on the warning list are
    kept but never listed as fraud, so they are left out."""
    rows = Indicator.objects.filter(
        status=IndicatorStatus.CONFIRMED_FRAUD,
        tlp=tlp,
        is_warning_listed=False,
        status_changed_at__isnull=False,
    )
    if start is not None:
        rows = rows.filter(status_changed_at__gte=start)
    if end is not None:
        rows = rows.filter(status_changed_at__lt=end)
    return rows


def fraud_withdrawn_marked(
    *, tlp: str, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> QuerySet[Indicator]:
    """Indicators marked ``tlp`` that were confirmed fraud and no longer are, annotated with
    ``confirmed_at`` (their last confirmation, in ``[start, end)`` when given); their
    ``status_changed_at`` is when they left the list."""
    last_confirmed = (
        IndicatorStatusChange.objects.filter(
            indicator=OuterRef("pk"), status=IndicatorStatus.CONFIRMED_FRAUD
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    # Withdrawals are few: start from them, not from every unconfirmed indicator.
    withdrawn_ids = IndicatorStatusChange.objects.filter(
        previous_status=IndicatorStatus.CONFIRMED_FRAUD
    ).values("indicator_id")
    rows = (
        Indicator.objects.filter(pk__in=withdrawn_ids, tlp=tlp, is_warning_listed=False)
        .exclude(status=IndicatorStatus.CONFIRMED_FRAUD)
        .annotate(confirmed_at=Subquery(last_confirmed))
        .filter(confirmed_at__isnull=False)
    )
    if start is not None:
        rows = rows.filter(confirmed_at__gte=start)
    if end is not None:
        rows = rows.filter(confirmed_at__lt=end)
    return rows
