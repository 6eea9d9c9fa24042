"""Partition cases_caseevent by month of ``at`` (PostgreSQL; SQLite keeps a plain table).

See core/partitions/convert.py: one set-based copy, then the indexes, constraints and triggers
read from the old table re-created on the new one, the partition key added to its primary key.
"""

from django.db import migrations

from vigilance.core.partitions import convert


def partition(apps, schema_editor):
    convert.table_partition(schema_editor.connection, table="cases_caseevent", key="at")


def unpartition(apps, schema_editor):
    convert.table_unpartition(schema_editor.connection, table="cases_caseevent", key="at")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_search_document")]
    operations = [migrations.RunPython(partition, unpartition)]
