"""Full-text search in French and English over reports' narratives and cases' titles and summaries.

PostgreSQL only: GIN indexes on the very expressions ``cases.selectors.search`` queries with, so
that the planner uses them; plus one on the reporter's name, word by word (the ``simple``
configuration: names are not stemmed). SQLite has no such index; search falls back on substrings
there. Concurrent creation is not used: the tables are small when the migration first runs.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    """
    CREATE INDEX IF NOT EXISTS report_description_fts ON intake_report USING gin (
        (to_tsvector('french', description) || to_tsvector('english', description))
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS report_reporter_name_fts ON intake_report
        USING gin (to_tsvector('simple', reporter_name))
    """,
    """
    CREATE INDEX IF NOT EXISTS case_text_fts ON cases_case USING gin (
        (to_tsvector('french', title || ' ' || summary)
         || to_tsvector('english', title || ' ' || summary))
    )
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS report_description_fts",
    "DROP INDEX IF EXISTS report_reporter_name_fts",
    "DROP INDEX IF EXISTS case_text_fts",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
