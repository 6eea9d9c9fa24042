"""Add the communication unit that drafts public alerts (reference data), keeping what
administrators already changed."""

import importlib

from django.db import migrations

_previous = importlib.import_module("vigilance.accounts.migrations.0007_load_partner_bank")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_load_partner_bank")]
    operations = [migrations.RunPython(_previous.load_missing, migrations.RunPython.noop)]
