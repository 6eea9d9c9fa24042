"""Seed the warning list (data/warning_list.json and the platform's own domains from settings)
and mark the indicators it already covers."""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations
from django.db.models import Q

DATA = Path(__file__).resolve().parent.parent / "data" / "warning_list.json"
OWN_REASON = "This platform's own domain, quoted in receipts and messages."


def _own_domains() -> list[str]:
    """The domains of the public address and of the sender of e-mails, when they are names."""
    from vigilance.indicators.normalise import InvalidIdentifier, normalise

    hosts = [
        urlsplit(settings.PUBLIC_BASE_URL).hostname or "",
        settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >"),
    ]
    domains = []
    for host in hosts:
        try:
            domains.append(normalise("domain", host).value)
        except InvalidIdentifier:
            continue  # an IP address or "localhost" in development
    return domains


def seed(apps, schema_editor):
    entry_model = apps.get_model("indicators", "WarningListEntry")
    indicator_model = apps.get_model("indicators", "Indicator")
    entries = json.loads(DATA.read_text(encoding="utf-8"))["entries"]
    entries += [
        {"type": "domain", "value": domain, "is_suffix": True, "reason": OWN_REASON}
        for domain in _own_domains()
    ]
    for entry in entries:
        entry_model.objects.get_or_create(
            type=entry["type"],
            value=entry["value"],
            defaults={"is_suffix": entry["is_suffix"], "reason": entry["reason"]},
        )
        indicator_model.objects.filter(
            Q(value=entry["value"]) | Q(value__endswith="." + entry["value"]), type="domain"
        ).update(is_warning_listed=True)


def unseed(apps, schema_editor):
    entry_model = apps.get_model("indicators", "WarningListEntry")
    values = [entry["value"] for entry in json.loads(DATA.read_text(encoding="utf-8"))["entries"]]
    entry_model.objects.filter(type="domain", value__in=values, created_by=None).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_indicators_status_warning_list_disputes_lookups")]
    operations = [migrations.RunPython(seed, unseed)]
