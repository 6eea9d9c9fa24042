"""Partition indicators_lookuptally by month of ``day`` (PostgreSQL; SQLite keeps a plain table).

See core/partitions/convert.py: one set-based copy, then the indexes, constraints and triggers
read from the old table re-created on the new one, the partition key added to its primary key.
"""

from django.db import migrations

from vigilance.core.partitions import convert


def partition(apps, schema_editor):
    convert.table_partition(schema_editor.connection, table="indicators_lookuptally", key="day")


def unpartition(apps, schema_editor):
    convert.table_unpartition(schema_editor.connection, table="indicators_lookuptally", key="day")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0009_indicator_value_trigram")]
    operations = [migrations.RunPython(partition, unpartition)]
