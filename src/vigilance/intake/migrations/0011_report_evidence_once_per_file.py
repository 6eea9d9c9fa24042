"""Hold each file's content once per report: the report-evidence link gets the file's SHA-256
and a unique constraint on (report, sha256).

The link table Django created for ``Report.evidence`` becomes the ``ReportEvidence`` model
without being rebuilt. Where a report already lists the same content twice, the first link is
kept and the later ones removed; the evidence rows and their chain of custody stay.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Min, OuterRef, Subquery


def fill_and_keep_first(apps, schema_editor):  # type: ignore[no-untyped-def]
    ReportEvidence = apps.get_model("intake", "ReportEvidence")
    Evidence = apps.get_model("evidence", "Evidence")
    ReportEvidence.objects.update(
        sha256=Subquery(Evidence.objects.filter(pk=OuterRef("evidence_id")).values("sha256")[:1])
    )
    repeated = (
        ReportEvidence.objects.values("report_id", "sha256")
        .annotate(links=Count("id"), first=Min("id"))
        .filter(links__gt=1)
    )
    for group in repeated:
        ReportEvidence.objects.filter(report_id=group["report_id"], sha256=group["sha256"]).exclude(
            id=group["first"]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_evidence_add_deleted_at"),
        ("intake", "0010_report_add_message_notice_sent_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReportEvidence",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "evidence",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="evidence.evidence"
                            ),
                        ),
                        (
                            "report",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="intake.report"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "intake_report_evidence",
                        "unique_together": {("report", "evidence")},
                    },
                ),
                migrations.AlterField(
                    model_name="report",
                    name="evidence",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="reports",
                        through="intake.ReportEvidence",
                        to="evidence.evidence",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="reportevidence",
            name="sha256",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_and_keep_first, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="reportevidence",
            constraint=models.UniqueConstraint(
                fields=("report", "sha256"), name="report_evidence_once"
            ),
        ),
    ]
