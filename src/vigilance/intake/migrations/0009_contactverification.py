import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0008_sighting_source_derived"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("submitted", "Report received"),
                    ("information_added", "Information added by the reporter"),
                    ("evidence_added", "Evidence added by the reporter"),
                    ("identity_completed", "Anonymous tip turned into a complaint"),
                    ("contact_verified", "Contact details confirmed by the reporter"),
                    ("status_changed", "Status changed"),
                    ("transferred", "Transferred to an agency"),
                    ("closed", "Closed"),
                    ("message", "Message from the investigators"),
                ],
                max_length=24,
            ),
        ),
        migrations.CreateModel(
            name="ContactVerification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("phone", "Phone"), ("email", "E-mail")], max_length=5
                    ),
                ),
                ("contact", models.CharField(max_length=254)),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("code_hash", models.CharField(blank=True, max_length=64)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
                ("used_at", models.DateTimeField(blank=True, null=True)),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contact_verifications",
                        to="intake.report",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["report", "channel", "-created_at"],
                        name="contact_verification_recent",
                    )
                ],
            },
        ),
    ]
