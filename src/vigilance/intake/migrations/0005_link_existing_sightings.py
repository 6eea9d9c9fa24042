"""Link the sightings recorded before indicators existed, as report_submit now does."""

from django.conf import settings
from django.db import migrations
from django.db.models import F
from django.utils.crypto import salted_hmac


def _reporter_key(report) -> str:  # type: ignore[no-untyped-def]
    contact = report.reporter_phone or report.reporter_email.lower()
    subject = f"contact:{contact}" if contact else f"report:{report.reference}"
    return salted_hmac("intake.sighting.reporter", subject).hexdigest()


def link(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    Sighting = apps.get_model("intake", "Sighting")
    Indicator = apps.get_model("indicators", "Indicator")
    pending = (
        Sighting.objects.filter(indicator__isnull=True, reporter_key="")
        .select_related("report")
        .order_by("report__submitted_at", "id")
    )
    for sighting in pending.iterator(chunk_size=2000):
        report = sighting.report
        indicator, _ = Indicator.objects.get_or_create(
            type=sighting.type, value=sighting.value, defaults={"provider": sighting.provider}
        )
        key = _reporter_key(report)
        is_new_reporter = not Sighting.objects.filter(
            indicator=indicator, reporter_key=key
        ).exists()
        changes = {"report_count": F("report_count") + 1, "last_seen": report.submitted_at}
        if is_new_reporter:
            changes["reporter_count"] = F("reporter_count") + 1
        if indicator.first_seen is None:
            changes["first_seen"] = report.submitted_at
        if report.category_id not in indicator.categories:
            changes["categories"] = [*indicator.categories, report.category_id][-20:]
        Indicator.objects.filter(pk=indicator.pk).update(**changes)
        sighting.reporter_key = key
        if indicator.report_count < settings.INDICATOR_LINK_CAP:
            sighting.indicator = indicator
        sighting.save(update_fields=["indicator", "reporter_key"])


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_rename_reportidentifier_sighting")]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
