"""A case's reports by when they joined it: ``(case_id, added_at)``.

A report joins a case after it was filed, so the reports of a unit's cases filed since a moment
are among those that joined since then: a search reads those from each case's own entries
(decision 0050) instead of every report of every case of the unit. Built ``CONCURRENTLY`` on
PostgreSQL; a plain index on SQLite.
"""

from django.db import migrations, models

from vigilance.core.concurrent_index import AddIndexConcurrentlyOnPostgreSQL


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0008_case_list_order_indexes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="casereport",
            index=models.Index(fields=["case", "added_at"], name="case_report_case_added"),
        ),
    ]
