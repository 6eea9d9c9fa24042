"""Record on each report whether its confirmation went out, so a lost job can be found again.

Reports filed before this migration had their confirmation attempted by the code of the time:
they are marked as done, so the sweep does not message their authors a second time.
"""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def mark_existing_reports_confirmed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Report = apps.get_model("intake", "Report")
    Report.objects.filter(confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=models.F("submitted_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="confirmation_attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="report",
            name="confirmation_sent_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the confirmation was delivered, or found to have no one to go to.",
                null=True,
            ),
        ),
        migrations.RunPython(mark_existing_reports_confirmed, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("confirmation_sent_at__isnull", True)),
                fields=["submitted_at"],
                name="report_confirmation_pending",
            ),
        ),
    ]
