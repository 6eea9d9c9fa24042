"""A trigram index (``pg_trgm``) on the indicators' values, PostgreSQL only.

Indicators hold each identifier once, however many reports name it: staff search finds there a
number, an account or an address typed partially, then the reports through the sightings'
``(type, value)`` index. SQLite falls back on substrings.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX indicator_value_trgm ON indicators_indicator USING gin (value gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS indicator_value_trgm"]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0008_indicator_tlp_change")]
    operations = [migrations.RunPython(forward, backward)]
