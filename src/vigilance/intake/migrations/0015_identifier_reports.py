"""The reports naming each identifier, in one unpartitioned table keyed by ``(type, value)``.

The triage queue's linked-report count read them from the sightings, which since ``0014`` are
partitioned by month: each identifier cost one index probe per monthly partition (41 at ten
million reports). ``IdentifierReports`` keeps, for each identifier, the ids of the reports
naming it (all of them up to 1,002, then 1,002 of them), written with the sightings
(``intake.identifier_reports``) and read with one index look-up (docs/decisions/0037).

Filled from the existing sightings by one ``INSERT ... SELECT ... GROUP BY``, the unique index
built afterwards. At 50 million sightings expect about ten minutes on two cores (measured:
docs/benchmarks.md); writers may run meanwhile only if they cannot add sightings, so run it in
the maintenance window, like ``0014``.
"""

from django.db import migrations, models

# Kept per identifier: 1,002 report ids (``intake.models.REPORT_IDS_KEPT`` when written).
FILL_POSTGRESQL = """
INSERT INTO intake_identifierreports (type, value, report_ids)
SELECT type, value, to_jsonb((array_agg(DISTINCT report_id ORDER BY report_id))[1:1002])
FROM intake_sighting
GROUP BY type, value
"""
FILL_SQLITE = """
INSERT INTO intake_identifierreports (type, value, report_ids)
SELECT type, value, json_group_array(report_id) FROM (
    SELECT type, value, report_id,
           row_number() OVER (PARTITION BY type, value ORDER BY report_id) AS rank
    FROM (SELECT DISTINCT type, value, report_id FROM intake_sighting)
    ORDER BY type, value, report_id
)
WHERE rank <= 1002
GROUP BY type, value
"""


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    postgresql = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute(FILL_POSTGRESQL if postgresql else FILL_SQLITE)
    if postgresql:
        schema_editor.execute("ANALYZE intake_identifierreports")


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0014_sighting_created_at_and_monthly_partitions"),
    ]

    operations = [
        migrations.CreateModel(
            name="IdentifierReports",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("type", models.CharField(max_length=20)),
                ("value", models.CharField(max_length=500)),
                ("report_ids", models.JSONField(default=list)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="identifierreports",
            constraint=models.UniqueConstraint(
                fields=("type", "value"), name="identifier_reports_unique"
            ),
        ),
    ]
