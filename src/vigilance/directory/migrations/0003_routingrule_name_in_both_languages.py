"""Routing rules get a French and an English name, shown in the reader's language; the default
rules are loaded (new databases) or named from ``core/data/routing_rules.json``."""

from django.db import migrations, models

from vigilance.core import reference


def load_or_name(apps, schema_editor):
    rules = apps.get_model("directory", "RoutingRule")
    if rules.objects.exists():
        reference.name_routing_rules(rules)
    else:
        reference.load_routing_rules(rules, apps.get_model("accounts", "Unit"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_load_default_routing_rules")]
    operations = [
        migrations.RenameField("routingrule", "name", "name_en"),
        migrations.AddField(
            "routingrule", "name_fr", models.CharField(max_length=200, default=""), preserve_default=False
        ),
        migrations.RunPython(load_or_name, migrations.RunPython.noop),
    ]
