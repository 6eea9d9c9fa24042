"""Give every dispute a short reference its owner can quote, existing ones included."""

import secrets

from django.db import migrations, models

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _reference() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"CTS-{raw[:4]}-{raw[4:]}"


def give_references(apps, schema_editor):  # type: ignore[no-untyped-def]
    Dispute = apps.get_model("indicators", "Dispute")
    taken: set[str] = set()
    for dispute in Dispute.objects.filter(reference__isnull=True).only("pk"):
        reference = _reference()
        while reference in taken:
            reference = _reference()
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
            field=models.CharField(editable=False, max_length=13, unique=True),
        ),
    ]
