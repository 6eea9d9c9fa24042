"""Give every dispute a short reference its owner can quote, existing ones included."""

from django.db import migrations, models

from vigilance.indicators.models import new_dispute_reference


def give_references(apps, schema_editor):  # type: ignore[no-untyped-def]
    Dispute = apps.get_model("indicators", "Dispute")
    taken: set[str] = set()
    for dispute in Dispute.objects.filter(reference__isnull=True).only("pk"):
        reference = new_dispute_reference()
        while reference in taken:
            reference = new_dispute_reference()
        taken.add(reference)
        Dispute.objects.filter(pk=dispute.pk).update(reference=reference)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_count_verified_reporters")]

    operations = [
        migrations.AddField(
            model_name="dispute",
            name="reference",
            field=models.CharField(editable=False, max_length=13, null=True),
        ),
        migrations.RunPython(give_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="dispute",
            name="reference",
            field=models.CharField(
                default=new_dispute_reference, editable=False, max_length=13, unique=True
            ),
        ),
    ]
