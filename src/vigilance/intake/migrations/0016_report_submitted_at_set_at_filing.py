"""A report's submission time is set when the filing starts rather than when its row is saved.
Both are Django's own: the column is unchanged, so only the state is altered (SQLite would
otherwise copy the whole table)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0015_identifier_reports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="report",
                    name="submitted_at",
                    field=models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, editable=False
                    ),
                ),
            ],
        ),
    ]
