"""Case numbers come from the shared yearly counter: carry the last numbers over, then drop
the case app's own counter."""

from django.db import migrations


def carry_over(apps, schema_editor):
    old = apps.get_model("cases", "CaseNumberCounter")
    counter = apps.get_model("core", "YearlyCounter")
    for row in old.objects.all():
        counter.objects.update_or_create(
            series="CAS", year=row.year, defaults={"last_number": row.last_number}
        )


def carry_back(apps, schema_editor):
    old = apps.get_model("cases", "CaseNumberCounter")
    counter = apps.get_model("core", "YearlyCounter")
    for row in counter.objects.filter(series="CAS"):
        old.objects.update_or_create(year=row.year, defaults={"last_number": row.last_number})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_caseshare_add_rights"),
        ("core", "0004_yearly_counter"),
    ]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(name="CaseNumberCounter"),
    ]
