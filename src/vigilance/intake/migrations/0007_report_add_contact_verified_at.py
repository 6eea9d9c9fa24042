from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_report_add_loss_receipt"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="contact_verified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
