"""Requisition (REQ) and freeze (GEL) references come from the shared yearly counter: carry the
last numbers over, then drop the app's own counters."""

from django.db import migrations

SERIES = {"REQ": "RequisitionNumberCounter", "GEL": "FreezeNumberCounter"}


def carry_over(apps, schema_editor):
    counter = apps.get_model("core", "YearlyCounter")
    for series, model in SERIES.items():
        for row in apps.get_model("requisitions", model).objects.all():
            counter.objects.update_or_create(
                series=series, year=row.year, defaults={"last_number": row.last_number}
            )


def carry_back(apps, schema_editor):
    counter = apps.get_model("core", "YearlyCounter")
    for series, model in SERIES.items():
        old = apps.get_model("requisitions", model)
        for row in counter.objects.filter(series=series):
            old.objects.update_or_create(year=row.year, defaults={"last_number": row.last_number})


class Migration(migrations.Migration):
    dependencies = [
        ("requisitions", "0008_answer_identifier"),
        ("core", "0004_yearly_counter"),
    ]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(name="RequisitionNumberCounter"),
        migrations.DeleteModel(name="FreezeNumberCounter"),
    ]
