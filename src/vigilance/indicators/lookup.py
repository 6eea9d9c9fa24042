"""The public check ("check before you pay"): what anyone may learn about one value.

One indexed read of one or two ``Indicator`` rows, and only their counters, dates, categories
and status: never who reported it, never who was harmed. Only reporters who cannot be multiplied
for free count (docs/decisions/0006-public-status.md): below ``settings.LOOKUP_MIN_REPORTERS``
distinct verified reporters the answer is exactly the answer for a value nobody reported, and
it says that there are not enough verified reports to conclude, never that the value is safe.
A link or an e-mail address is answered from its site's domain too, when that is stronger.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vigilance.core.selectors import categories_get_active
from vigilance.core.tlp import tlp_shows_confirmed_to_public
from vigilance.indicators.models import Indicator, IndicatorStatus
from vigilance.indicators.normalise import defang, normalise
from vigilance.indicators.normalise.phone import e164_cm_normal_form
from vigilance.indicators.sites import site_domain
from vigilance.indicators.warning_list import is_warning_listed

PublicStatusValue = Literal["not_reported", "reported", "confirmed_fraud"]
Band = Literal["1-4", "5-19", "20+"]


class PublicStatus:
    NOT_REPORTED: Final = "not_reported"
    REPORTED: Final = "reported"
    CONFIRMED_FRAUD: Final = "confirmed_fraud"


@dataclass(frozen=True)
class PublicCheck:
    """The answer of the public check; ``value`` is the normal form of what was typed."""

    type: str
    value: str
    status: PublicStatusValue = PublicStatus.NOT_REPORTED
    band: Band | None = None
    first_reported: dt.date | None = None
    last_reported: dt.date | None = None
    categories: tuple[str, ...] = field(default_factory=tuple)
    is_disputed: bool = False
    # Set when the answer is about the site (domain) the link or address belongs to.
    site: str | None = None

    @property
    def is_reported(self) -> bool:
        return self.status != PublicStatus.NOT_REPORTED

    def category_labels(self) -> list[str]:
        """The categories' names in the active language (codes no longer in use are left out)."""
        language = get_language()
        return [category.name_in(language) for category in categories_get_active(self.categories)]

    def advice(self) -> str:
        """What to do, in plain words and in the active language."""
        helpline = {"helpline": settings.HELPLINE}
        if not self.is_reported:
            return (
                _(
                    "There are not enough verified reports to conclude: Vigilance cannot tell you "
                    "whether this is safe. Scammers change numbers, accounts and sites often. "
                    "Never send money or a code to someone you cannot verify, and if in doubt, "
                    "call the free helpline on %(helpline)s."
                )
                % helpline
            )
        text = ""
        if self.site:
            text = (
                _("This is on the site %(site)s: this answer is about the whole site.")
                % {"site": defang("domain", self.site)}
                + " "
            )
        if self.status == PublicStatus.CONFIRMED_FRAUD:
            text += (
                _(
                    "Investigators have confirmed that this is used for fraud. Do not pay, do not "
                    "share any code and stop all contact. If you have already paid, report it on "
                    "Vigilance at once and call the free helpline on %(helpline)s: a quick report "
                    "can help block the money."
                )
                % helpline
            )
        else:
            text += (
                _(
                    "Several people have reported this to Vigilance in connection with a scam. Do not "
                    "pay and do not share any code until you are sure who you are dealing with. If "
                    "you have been harmed, report it on Vigilance or call the free helpline on "
                    "%(helpline)s."
                )
                % helpline
            )
        if self.is_disputed:
            text += " " + _(
                "The owner disputes these reports and an analyst is reviewing them: stay careful "
                "until then."
            )
        return text


def count_band(report_count: int) -> Band | None:
    """The number of reports as a band, never the exact figure."""
    if report_count <= 0:
        return None
    if report_count < 5:
        return "1-4"
    if report_count < 20:
        return "5-19"
    return "20+"


def public_status(
    *,
    type: str,
    value: str,
    status: str,
    verified_reporter_count: int,
    is_warning_listed_row: bool,
    tlp: str,
) -> PublicStatusValue:
    """Which of the three public answers an indicator's row gives (see the module docstring).

    An analyst's confirmation shows only under a marking the public may read of
    (``tlp_shows_confirmed_to_public``): a RED or AMBER+STRICT indicator answers as if
    unconfirmed, from its verified reporters alone (docs/decisions/0023-tlp-enforced.md).
    """
    if status == IndicatorStatus.FALSE_POSITIVE or is_warning_listed_row:
        return PublicStatus.NOT_REPORTED
    if status == IndicatorStatus.CONFIRMED_FRAUD and tlp_shows_confirmed_to_public(tlp):
        answer: PublicStatusValue = PublicStatus.CONFIRMED_FRAUD
    elif verified_reporter_count >= settings.LOOKUP_MIN_REPORTERS:
        answer = PublicStatus.REPORTED
    else:
        return PublicStatus.NOT_REPORTED
    # The row's flag is set when the indicator is created; an entry added to the warning list
    # later is caught here, only for the few values that would otherwise be shown as reported.
    if is_warning_listed(type, value):
        return PublicStatus.NOT_REPORTED
    return answer


# A mobile-money account is its phone number: whoever checks one checks the other too.
_SAME_NUMBER = ("phone", "momo_account")
_RANK = {PublicStatus.NOT_REPORTED: 0, PublicStatus.REPORTED: 1, PublicStatus.CONFIRMED_FRAUD: 2}


def public_check(type: str, raw: str) -> PublicCheck:
    """The public answer for ``raw`` read as ``type``; raises ``InvalidIdentifier`` when invalid.

    A link or an address is also answered from its site's domain: the stronger answer wins and
    says it is about the site.
    """
    kind, value = _normal_form(type, raw)
    kinds = _SAME_NUMBER if kind in _SAME_NUMBER else (kind,)
    keys = [(each, value) for each in kinds]
    site = site_domain(kind, value)
    if site is not None:
        keys.append(("domain", site))
    own: list[tuple[PublicStatusValue, dict[str, Any]]] = []
    of_site: list[tuple[PublicStatusValue, dict[str, Any]]] = []
    for row in _indicator_rows(keys):
        status = public_status(
            type=row["type"],
            value=row["value"],
            status=row["status"],
            verified_reporter_count=row["verified_reporter_count"],
            is_warning_listed_row=row["is_warning_listed"],
            tlp=row["tlp"],
        )
        if status != PublicStatus.NOT_REPORTED:
            is_site = site is not None and (row["type"], row["value"]) == ("domain", site)
            (of_site if is_site else own).append((status, row))
    if of_site and _strongest(of_site) > _strongest(own):
        return _answer(kind, value, of_site, site=site)
    if own:
        return _answer(kind, value, own)
    return PublicCheck(type=kind, value=value)


def _normal_form(type: str, raw: str) -> tuple[str, str]:
    # Most look-ups from apps send E.164 numbers: a quick check instead of a full parse.
    fast = e164_cm_normal_form(type, raw)
    if fast is not None:
        return type, fast
    normalised = normalise(type, raw)
    return normalised.type, normalised.value


def _strongest(shown: list[tuple[PublicStatusValue, dict[str, Any]]]) -> int:
    return max((_RANK[status] for status, _row in shown), default=0)


def _answer(
    type: str,
    value: str,
    shown: list[tuple[PublicStatusValue, dict[str, Any]]],
    *,
    site: str | None = None,
) -> PublicCheck:
    """One answer from the rows that show something (a number's phone and wallet add up)."""
    rows = [row for _status, row in shown]
    confirmed = any(status == PublicStatus.CONFIRMED_FRAUD for status, _row in shown)
    categories: dict[str, None] = {}
    for row in rows:
        found = (
            json.loads(row["categories"])
            if isinstance(row["categories"], str)
            else row["categories"]
        )
        categories.update(dict.fromkeys(str(code) for code in found or []))
    firsts = [day for day in (_local_date(row["first_seen"]) for row in rows) if day]
    lasts = [day for day in (_local_date(row["last_seen"]) for row in rows) if day]
    return PublicCheck(
        type=type,
        value=value,
        status=PublicStatus.CONFIRMED_FRAUD if confirmed else PublicStatus.REPORTED,
        band=count_band(sum(row["verified_reporter_count"] for row in rows)),
        first_reported=min(firsts, default=None),
        last_reported=max(lasts, default=None),
        categories=tuple(categories),
        is_disputed=any(row["status"] == IndicatorStatus.DISPUTED for row in rows),
        site=site,
    )


# The busiest read of the platform, written once as SQL: building the ORM query cost twice the
# database's own time (docs/benchmarks.md). Three rows at most, each by the unique index.
_COLUMNS_READ = (
    "type",
    "value",
    "status",
    "verified_reporter_count",
    "first_seen",
    "last_seen",
    "categories",
    "is_warning_listed",
    "tlp",
)
_SELECT = (
    "SELECT type, value, status, verified_reporter_count, first_seen, last_seen, categories, "
    "is_warning_listed, tlp FROM indicators_indicator WHERE "
)
_ROW_SQL = {
    count: _SELECT + " OR ".join(["(type = %s AND value = %s)"] * count) for count in (1, 2, 3)
}


def _indicator_rows(keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
    # The replica when the caller allows it (``replica_reads``) and one is configured.
    alias = router.db_for_read(Indicator) or DEFAULT_DB_ALIAS
    database = connections[alias]
    params = [part for key in keys for part in key]
    # While queries are recorded (DEBUG, a test counting them), Django's own cursor records it.
    if database.vendor == "postgresql" and not database.queries_logged:
        found = _rows_prepared(database, _ROW_SQL[len(keys)], params)
    else:
        with database.cursor() as cursor:
            cursor.execute(_ROW_SQL[len(keys)], params)
            found = cursor.fetchall()
    return [dict(zip(_COLUMNS_READ, row, strict=True)) for row in found]


def _rows_prepared(database: Any, sql: str, params: list[str]) -> list[tuple[Any, ...]]:
    """The rows through a statement PostgreSQL prepared once per connection, on a psycopg
    cursor of its own: ``core.prepared.prepared_execute`` on Django's cursor wrapper would do the
    same for 56,000 more instructions a look-up (7 %, counted by callgrind). Behind PgBouncer the
    settings turn preparation off and the statement runs unprepared."""
    database.ensure_connection()
    with database.wrap_database_errors, psycopg.Cursor(database.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall()


def _local_date(moment: dt.datetime | str | None) -> dt.date | None:
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite hands raw timestamps back as text
        moment = dt.datetime.fromisoformat(moment)
    if timezone.is_naive(moment):  # stored in UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return timezone.localdate(moment)
