"""Reports get a stored search document and trigram indexes (PostgreSQL only).

``search_document`` is a ``tsvector`` column the database computes from the narrative (French,
accents or not, through the ``vigilance_french`` configuration; then English) and the reporter's
name (word by word, not stemmed), with its GIN index: search reads it instead of building
``to_tsvector`` again for each row. The column is not a model field, so that Django never loads
it with a report; ``cases.selectors.search_text`` queries it. Trigram indexes (``pg_trgm``) find
a reference or a reporter's name typed partially.

SQLite has none of this: search falls back on substrings there. Adding a stored column rewrites
the table: on a large database run it in a maintenance window (docs/decisions/0029).
"""

from django.db import migrations

# French without accents as well as with: people type "escroque" for "escroqué" on a phone.
FRENCH_CONFIGURATION = """
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vigilance_french') THEN
        CREATE TEXT SEARCH CONFIGURATION vigilance_french (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION vigilance_french
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END $$
"""

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    FRENCH_CONFIGURATION,
    """
    ALTER TABLE intake_report ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('vigilance_french'::regconfig, description), 'A')
        || setweight(to_tsvector('english'::regconfig, description), 'B')
        || setweight(to_tsvector('simple'::regconfig, reporter_name), 'C')
    ) STORED
    """,
    "CREATE INDEX report_search_document ON intake_report USING gin (search_document)",
    "CREATE INDEX report_reference_trgm ON intake_report USING gin (reference gin_trgm_ops)",
    "CREATE INDEX report_reporter_name_trgm ON intake_report USING gin "
    "(reporter_name gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS report_reporter_name_trgm",
    "DROP INDEX IF EXISTS report_reference_trgm",
    "DROP INDEX IF EXISTS report_search_document",
    "ALTER TABLE intake_report DROP COLUMN IF EXISTS search_document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS vigilance_french",
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
    dependencies = [("intake", "0011_report_evidence_once_per_file")]
    operations = [migrations.RunPython(forward, backward)]
