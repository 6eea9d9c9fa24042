"""Cases get a stored search document and a trigram index on their number (PostgreSQL only);
the expression indexes of ``0002_search_indexes`` give way to the stored documents.

``search_document`` is a ``tsvector`` column computed by the database from the title and the
summary, in French (accents or not: ``vigilance_french`` of ``intake/0012``) and English, with
its GIN index; it is not a model field (Django never loads it). The trigram index finds a case
number typed partially. SQLite has none of this.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE cases_case ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('vigilance_french'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('vigilance_french'::regconfig, summary), 'B')
        || setweight(to_tsvector('english'::regconfig, summary), 'B')
    ) STORED
    """,
    "CREATE INDEX case_search_document ON cases_case USING gin (search_document)",
    "CREATE INDEX case_number_trgm ON cases_case USING gin (number gin_trgm_ops)",
    "DROP INDEX IF EXISTS report_description_fts",
    "DROP INDEX IF EXISTS report_reporter_name_fts",
    "DROP INDEX IF EXISTS case_text_fts",
]
POSTGRESQL_BACKWARD = [
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
    "DROP INDEX IF EXISTS case_number_trgm",
    "DROP INDEX IF EXISTS case_search_document",
    "ALTER TABLE cases_case DROP COLUMN IF EXISTS search_document",
]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_numbers_from_yearly_counter"),
        ("intake", "0012_report_search_document"),
    ]
    operations = [migrations.RunPython(forward, backward)]
