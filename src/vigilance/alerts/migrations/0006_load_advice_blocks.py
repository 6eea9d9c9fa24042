"""Load the wizard's advice, in French and English, as first written (editors change it after)."""

import json
from pathlib import Path

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

DATA = Path(__file__).resolve().parent.parent / "data" / "advice_blocks.json"


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    AdviceBlock = apps.get_model("alerts", "AdviceBlock")
    blocks = json.loads(DATA.read_text(encoding="utf-8"))["blocks"]
    for position, row in enumerate(blocks, start=1):
        AdviceBlock.objects.get_or_create(
            key=row["key"],
            defaults={
                "title_fr": row["title_fr"],
                "title_en": row["title_en"],
                "body_fr": row["body_fr"],
                "body_en": row["body_en"],
                "position": position,
            },
        )


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("alerts", "AdviceBlock").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("alerts", "0005_guidance_and_awareness")]

    operations = [migrations.RunPython(load, unload)]
