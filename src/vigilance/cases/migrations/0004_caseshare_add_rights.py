"""The rights the owner of a case chooses when sharing it. Existing shares keep reading only."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_access_request"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseshare",
            name="may_contribute",
            field=models.BooleanField(default=False, verbose_name="may add notes and tasks"),
        ),
        migrations.AddField(
            model_name="caseshare",
            name="may_download_evidence",
            field=models.BooleanField(default=False, verbose_name="may download evidence"),
        ),
        migrations.AddField(
            model_name="caseshare",
            name="may_export_case_file",
            field=models.BooleanField(default=False, verbose_name="may export the case file"),
        ),
    ]
