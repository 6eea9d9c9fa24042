"""Count the verified reporters of existing indicators: suspects' identifiers of reports filed at
a counter or by phone, or whose reporter proved their contact (docs/decisions/0006)."""

from django.db import migrations
from django.db.models import Count, OuterRef, Q, Subquery

# Small enough for SQLite's limit on the depth of one condition.
_CHUNK = 200


def count_verified_reporters(apps, schema_editor):
    Sighting = apps.get_model("intake", "Sighting")
    Indicator = apps.get_model("indicators", "Indicator")
    VerifiedReporter = apps.get_model("indicators", "VerifiedReporter")
    verified = (
        Sighting.objects.filter(role="suspect", is_counted=True)
        .filter(
            Q(report__contact_verified_at__isnull=False)
            | Q(report__channel__in=("counter", "phone"))
        )
        .values_list("type", "value", "reporter_key", "report_id")
        .order_by()
    )
    batch = []
    for row in verified.iterator(chunk_size=_CHUNK):
        batch.append(row)
        if len(batch) >= _CHUNK:
            _record(Indicator, VerifiedReporter, batch)
            batch = []
    _record(Indicator, VerifiedReporter, batch)
    counts = (
        VerifiedReporter.objects.filter(indicator=OuterRef("pk"))
        .order_by()
        .values("indicator")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Indicator.objects.filter(verified_reporters__isnull=False).distinct().update(
        verified_reporter_count=Subquery(counts)
    )


def _record(Indicator, VerifiedReporter, rows):
    if not rows:
        return
    condition = Q()
    for kind, value, _key, _report in rows:
        condition |= Q(type=kind, value=value)
    ids = {(i.type, i.value): i.pk for i in Indicator.objects.filter(condition).only("type", "value")}
    VerifiedReporter.objects.bulk_create(
        [
            VerifiedReporter(indicator_id=ids[(kind, value)], reporter_key=key or f"report:{report}")
            for kind, value, key, report in rows
            if (kind, value) in ids
        ],
        ignore_conflicts=True,
    )


def forget_verified_reporters(apps, schema_editor):
    apps.get_model("indicators", "VerifiedReporter").objects.all().delete()
    apps.get_model("indicators", "Indicator").objects.update(verified_reporter_count=0)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_indicator_add_verified_reporter_count"),
        ("intake", "0008_sighting_source_derived"),
    ]

    operations = [migrations.RunPython(count_verified_reporters, forget_verified_reporters)]
