"""Load the 10 regions, 58 departments and the bilingual taxonomy of offences."""

from django.db import migrations

from vigilance.core import reference


def load(apps, schema_editor):
    reference.load_regions(apps.get_model("core", "Region"), apps.get_model("core", "Department"))
    reference.load_taxonomy(apps.get_model("core", "OffenceGroup"), apps.get_model("core", "OffenceCategory"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
