"""The identifier index also holds the report: ``(type, value, report_id)`` instead of
``(type, value)``.

Counting or listing the reports that name an identifier (the triage queue's linked reports, a
report's related reports, a case's identifiers) then reads the index alone (an index-only scan),
not one heap page per sighting; every look-up the old index served, the new one serves too, so
the old one goes. Reversible: the old index comes back.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0012_report_search_document"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="sighting",
            index=models.Index(
                fields=["type", "value", "report"], name="sighting_identifier_report"
            ),
        ),
        migrations.RemoveIndex(model_name="sighting", name="report_identifier_lookup"),
    ]
