"""Load the default routing rules; administrators edit them afterwards."""

from django.db import migrations

from vigilance.core import reference


def load(apps, schema_editor):
    reference.load_routing_rules(
        apps.get_model("directory", "RoutingRule"), apps.get_model("accounts", "Unit")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("accounts", "0003_load_organisations_and_units"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
