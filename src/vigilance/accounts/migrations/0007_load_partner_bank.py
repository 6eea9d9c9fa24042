"""Add the organisations and units of the reference data that an existing database lacks (a
bank answering requisitions and freezes), leaving those already loaded as administrators keep
them."""

from django.db import migrations

from vigilance.core import reference


def load_missing(apps, schema_editor):
    organisation_model = apps.get_model("accounts", "Organisation")
    unit_model = apps.get_model("accounts", "Unit")
    for organisation in reference.read("organisations")["organisations"]:
        organisation_model.objects.get_or_create(
            code=organisation["code"],
            defaults={
                "kind": organisation["kind"],
                "name_fr": organisation["name_fr"],
                "name_en": organisation["name_en"],
                "mission_en": organisation.get("role", ""),
            },
        )
    region_model = apps.get_model("core", "Region")
    for unit in reference.read("units")["units"]:
        if unit_model.objects.filter(code=unit["code"]).exists():
            continue
        parent = unit_model.objects.get(code=unit["parent"]) if unit["parent"] else None
        row = unit_model.objects.create(
            code=unit["code"],
            organisation=organisation_model.objects.get(code=unit["organisation"]),
            parent=parent,
            # Historical models in migrations do not run Unit.save(), so the path is set here.
            path=f"{parent.path}/{unit['code']}" if parent else unit["code"],
            name_fr=unit["name_fr"],
            name_en=unit["name_en"],
        )
        row.regions.set(region_model.objects.filter(code__in=unit["regions"]))

class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_organisation_kinds_for_partners"), ("core", "0002_load_reference_data")]
    operations = [migrations.RunPython(load_missing, migrations.RunPython.noop)]
