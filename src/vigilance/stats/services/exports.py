"""CSV exports of the dashboards' tables: every export is recorded in the audit trail."""

import csv
import datetime as dt
import io

from django.db import transaction

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.stats.access import Scope
from vigilance.stats.selectors.dashboard import Table


@transaction.atomic
def statistics_export(
    *, actor: User, table: Table, scope: Scope, month_from: dt.date, month_to: dt.date
) -> str:
    """The table as CSV (a header row, then its rows), after recording who exported what."""
    audit_record(
        actor=actor,
        action="statistics.exported",
        object_type="statistics",
        object_id=table.key,
        details={
            "scope": scope.code or "national",
            "month_from": f"{month_from:%Y-%m}",
            "month_to": f"{month_to:%Y-%m}",
        },
    )
    written = io.StringIO()
    writer = csv.writer(written)
    writer.writerow([table.caption])
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return written.getvalue()
