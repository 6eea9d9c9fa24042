"""The reports routed to a unit, newest first: ``(unit_id, submitted_at DESC)`` for the reports
past triage (the reports a unit sees as routed to it, ``cases.access``).

A search by a unit that sees a small part of the reports walks it for the newest matches of its
words (decision 0050) instead of the date order of every report. Built ``CONCURRENTLY`` on
PostgreSQL (ten million reports: writers are not blocked); a plain index on SQLite.
"""

from django.db import migrations, models

from vigilance.core.concurrent_index import AddIndexConcurrentlyOnPostgreSQL


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("intake", "0016_report_submitted_at_set_at_filing"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="report",
            index=models.Index(
                fields=["unit", "-submitted_at"],
                name="report_unit_recent",
                condition=~models.Q(status="received"),
            ),
        ),
    ]
