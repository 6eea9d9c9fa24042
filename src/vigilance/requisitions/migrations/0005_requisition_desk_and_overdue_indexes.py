"""Indexes of the open requisitions (the partner desk, the overdue list) and of the latest
answers: a few rows among millions answered."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('requisitions', '0004_freeze_request'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='requisition',
            index=models.Index(condition=models.Q(('status__in', ['sent', 'acknowledged'])), fields=['addressee', '-urgency', 'deadline', 'id'], name='requisition_open_by_addressee'),
        ),
        migrations.AddIndex(
            model_name='requisition',
            index=models.Index(condition=models.Q(('status__in', ['sent', 'acknowledged'])), fields=['deadline', 'id'], name='requisition_open_by_deadline'),
        ),
        migrations.AddIndex(
            model_name='requisition',
            index=models.Index(condition=models.Q(('closed_at__isnull', False)), fields=['addressee', '-closed_at', '-id'], name='requisition_closed_recent'),
        ),
    ]
