"""Loading the bilingual reference data shipped in ``core/data/`` (regions, taxonomy, organisations).

Called by data migrations; nothing reads these files at request time.
"""

import json
from pathlib import Path
from typing import Any

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"


def read(name: str) -> dict[str, Any]:
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def department_code(region_code: str, name: str) -> str:
    """A stable code for a department, e.g. ``CE-MFOUNDI``."""
    return f"{region_code}-{slugify(name).upper()}"


def load_regions(region_model: Any, department_model: Any) -> None:
    for region in read("regions")["regions"]:
        region_row, _ = region_model.objects.update_or_create(
            code=region["code"],
            defaults={
                "name_fr": region["name_fr"],
                "name_en": region["name_en"],
                "capital": region["capital"],
            },
        )
        for name in region["departments"]:
            department_model.objects.update_or_create(
                code=department_code(region["code"], name),
                defaults={"region": region_row, "name_fr": name, "name_en": name},
            )


def load_taxonomy(group_model: Any, category_model: Any) -> None:
    taxonomy = read("taxonomy")
    groups = {}
    for position, group in enumerate(taxonomy["groups"]):
        groups[group["code"]], _ = group_model.objects.update_or_create(
            code=group["code"],
            defaults={
                "name_fr": group["label_fr"],
                "name_en": group["label_en"],
                "position": position,
            },
        )
    for position, category in enumerate(taxonomy["categories"]):
        category_model.objects.update_or_create(
            code=category["code"],
            defaults={
                "group": groups[category["group"]],
                "name_fr": category["label_fr"],
                "name_en": category["label_en"],
                "hint_fr": category.get("hint_fr", ""),
                "hint_en": category.get("hint_en", ""),
                "severity": category["severity"],
                "rsit": category["rsit"],
                "position": position,
            },
        )
