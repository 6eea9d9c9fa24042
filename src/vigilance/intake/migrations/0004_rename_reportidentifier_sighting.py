import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_indicators_status_warning_list_disputes_lookups"),
        ("intake", "0003_report_routing_and_triage"),
    ]

    operations = [
        migrations.RenameModel(old_name="ReportIdentifier", new_name="Sighting"),
        migrations.AddField(
            model_name="sighting",
            name="indicator",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sightings",
                to="indicators.indicator",
            ),
        ),
        migrations.AddField(
            model_name="sighting",
            name="source",
            field=models.CharField(
                choices=[
                    ("reporter", "Typed by the reporter"),
                    ("extracted", "Found in the narrative"),
                    ("analyst", "Added by an analyst"),
                ],
                default="reporter",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="sighting",
            name="is_counted",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="sighting",
            name="reporter_key",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddIndex(
            model_name="sighting",
            index=models.Index(fields=["indicator", "reporter_key"], name="sighting_indicator_reporter"),
        ),
    ]
