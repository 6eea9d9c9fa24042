"""The case list's order within a unit and within a status: ``(owning_unit_id, id DESC)`` and
``(status, id DESC)``.

The list is newest first by primary key (its keyset key). For the cases of a unit, or of a
status, PostgreSQL can then walk one index in that order and stop at the page's ``LIMIT``, and
count "1000+" from the same index, instead of walking every case by primary key and filtering.
Built ``CONCURRENTLY`` on PostgreSQL (a million cases: writers are not blocked); a plain index
on SQLite.
"""

from django.db import migrations, models

from vigilance.core.concurrent_index import AddIndexConcurrentlyOnPostgreSQL


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0007_caseevent_monthly_partitions"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="case",
            index=models.Index(fields=["owning_unit", "-id"], name="case_unit_newest"),
        ),
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="case",
            index=models.Index(fields=["status", "-id"], name="case_status_newest"),
        ),
    ]
