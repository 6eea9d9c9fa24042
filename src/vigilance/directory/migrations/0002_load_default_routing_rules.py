"""Formerly loaded the default routing rules; 0003 loads them, named in French and English."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("accounts", "0003_load_organisations_and_units"),
    ]
    operations: list[migrations.operations.base.Operation] = []
