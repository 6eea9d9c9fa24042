"""Loading the bilingual reference data shipped in ``core/data/`` (regions, taxonomy, organisations,
routing rules).

Called by data migrations; at request time only the operators' customer-service numbers are
read, once per process (``intake.next_steps``).
"""

import json
from decimal import Decimal
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


def load_organisations(organisation_model: Any, unit_model: Any, region_model: Any) -> None:
    for organisation in read("organisations")["organisations"]:
        organisation_model.objects.update_or_create(
            code=organisation["code"],
            defaults={
                "kind": organisation["kind"],
                "name_fr": organisation["name_fr"],
                "name_en": organisation["name_en"],
                "mission_en": organisation.get("role", ""),
            },
        )
    for unit in read("units")["units"]:
        parent = unit_model.objects.get(code=unit["parent"]) if unit["parent"] else None
        row, _ = unit_model.objects.update_or_create(
            code=unit["code"],
            defaults={
                "organisation": organisation_model.objects.get(code=unit["organisation"]),
                "parent": parent,
                # Historical models in migrations do not run Unit.save(), so the path is set here.
                "path": f"{parent.path}/{unit['code']}" if parent else unit["code"],
                "name_fr": unit["name_fr"],
                "name_en": unit["name_en"],
            },
        )
        row.regions.set(region_model.objects.filter(code__in=unit["regions"]))


def load_routing_rules(rule_model: Any, unit_model: Any) -> None:
    if rule_model.objects.exists():
        return  # administrators own the rules once loaded
    for rule in read("routing_rules")["rules"]:
        rule_model.objects.create(
            position=rule["position"],
            name_fr=rule["name_fr"],
            name_en=rule["name_en"],
            action=rule["action"],
            category_id=rule.get("category"),
            region_id=rule.get("region"),
            min_amount=rule.get("min_amount"),
            unit=unit_model.objects.get(code=rule["unit"]),
        )


def name_routing_rules(rule_model: Any) -> None:
    """Name in both languages the loaded rules that are still as shipped; a rule an
    administrator changed keeps its one name in both languages until they rename it."""
    shipped_rules = read("routing_rules")["rules"]
    for row in rule_model.objects.select_related("unit"):
        row.name_fr = row.name_en
        for rule in shipped_rules:
            shipped = (rule["position"], rule["action"], rule["unit"])
            amount = Decimal(rule["min_amount"]) if "min_amount" in rule else None
            conditions = (rule.get("category"), rule.get("region"), amount)
            row_conditions = (row.category_id, row.region_id, row.min_amount)
            if (
                shipped == (row.position, row.action, row.unit.code)
                and conditions == row_conditions
            ):
                row.name_fr, row.name_en = rule["name_fr"], rule["name_en"]
        row.save(update_fields=["name_fr", "name_en"])
