"""Load the legal bases a requisition may cite from the app's reference data."""

import json
from pathlib import Path

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

DATA = Path(__file__).resolve().parent.parent / "data" / "legal_bases.json"


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    LegalBasis = apps.get_model("requisitions", "LegalBasis")
    for row in json.loads(DATA.read_text(encoding="utf-8"))["legal_bases"]:
        LegalBasis.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "needs_magistrate": row["needs_magistrate"],
            },
        )


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("requisitions", "LegalBasis").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("requisitions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
