"""Load the Cameroonian organisations and their units, with the regions each unit covers."""

from django.db import migrations

from vigilance.core import reference


def load(apps, schema_editor):
    reference.load_organisations(
        apps.get_model("accounts", "Organisation"),
        apps.get_model("accounts", "Unit"),
        apps.get_model("core", "Region"),
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_organisations_units_roles"), ("core", "0002_load_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
