"""Date every sighting, and partition sightings and report histories by month (PostgreSQL).

A sighting takes its report's submission time; the new column is added with a constant default
(no table rewrite on PostgreSQL) and filled from the reports during the copy into the
partitioned table, so 50 million rows are read and written once. SQLite keeps plain tables.
"""

import django.utils.timezone
from django.db import migrations, models

from vigilance.core.partitions import convert

SIGHTING_FILL = {"created_at": "COALESCE(report.submitted_at, old.created_at)"}
SIGHTING_JOIN = "LEFT JOIN intake_report AS report ON report.id = old.report_id"
SIGHTING_BOUNDS = "SELECT min(submitted_at), max(submitted_at) FROM intake_report"
SQLITE_FILL = (
    "UPDATE intake_sighting SET created_at = (SELECT submitted_at FROM intake_report "
    "WHERE intake_report.id = intake_sighting.report_id)"
)


def partition(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FILL)
    convert.table_partition(
        connection,
        table="intake_sighting",
        key="created_at",
        fill=SIGHTING_FILL,
        join=SIGHTING_JOIN,
        bounds_sql=SIGHTING_BOUNDS,
    )
    convert.table_partition(connection, table="intake_reportevent", key="created_at")


def unpartition(apps, schema_editor):
    connection = schema_editor.connection
    convert.table_unpartition(connection, table="intake_reportevent", key="created_at")
    convert.table_unpartition(connection, table="intake_sighting", key="created_at")


class Migration(migrations.Migration):
    dependencies = [("intake", "0013_sighting_identifier_index_covers_report")]
    operations = [
        migrations.AddField(
            model_name="sighting",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(partition, unpartition),
    ]
