"""How a search's words and fragments become SQL conditions, on PostgreSQL and on SQLite.

PostgreSQL: the words are matched against the stored ``search_document`` of reports and cases
(migrations ``intake/0012`` and ``cases/0006``: French and English narratives, reporters' names
word by word) through its GIN index, and ranked with ``ts_rank``; fragments (part of a reference,
a case number, a name, an identifier) with ``ILIKE`` through trigram indexes. SQLite: every word
as a case-insensitive substring, fragments likewise; no ranking.
"""

import re
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, Value
from django.db.models.sql.compiler import SQLCompiler

# Trigram indexes only help with fragments of at least three characters.
FRAGMENT_MIN = 3
MAX_WORDS = 10
DIAL_CHARACTERS = re.compile(r"^[\d\s+().\-/]+$")

_TSQUERY = (
    "(websearch_to_tsquery('vigilance_french', %s) || websearch_to_tsquery('english', %s)"
    " || websearch_to_tsquery('simple', %s))"
)


def is_full_text() -> bool:
    """Whether this installation searches with stemming (PostgreSQL) or by substrings."""
    return connection.vendor == "postgresql"


def words(text: str) -> list[str]:
    return [word for word in text.split() if word][:MAX_WORDS]


def has_searchable_character(text: str) -> bool:
    """At least one letter or digit: a query of punctuation alone finds nothing."""
    return any(character.isalnum() for character in text)


def fragments(text: str) -> list[str]:
    """What the text may be part of: itself (trimmed, lower case) and, for something typed like
    a phone number (``6 77 12``), its digits alone, as identifiers are stored."""
    found = []
    lowered = " ".join(text.lower().split())
    if len(lowered) >= FRAGMENT_MIN:
        found.append(lowered)
    if DIAL_CHARACTERS.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) >= FRAGMENT_MIN and digits != lowered:
            found.append(digits)
    return found


class _DocumentSearch(Func):
    """``search_document @@ query`` (or its rank) on the query's own table: the stored column
    is not a model field, so it is named here after the table's alias."""

    rank = False

    def __init__(self, text: str) -> None:
        super().__init__(Value(text), Value(text), Value(text))

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        document = f'{alias}."search_document"'
        params: list[Any] = []
        for text in self.get_source_expressions():
            _sql, text_params = compiler.compile(text)
            params += text_params
        if self.rank:
            return f"ts_rank({document}, {_TSQUERY})", params
        return f"{document} @@ {_TSQUERY}", params


class _DocumentMatches(_DocumentSearch):
    output_field = BooleanField()


class _DocumentRank(_DocumentSearch):
    output_field = FloatField()
    rank = True


def document_matches(text: str) -> Q:
    """The row's stored search document matches the words (PostgreSQL only)."""
    return Q(_DocumentMatches(text))


def document_rank(text: str) -> Func:
    """How well the row's stored search document matches the words (PostgreSQL only)."""
    return _DocumentRank(text)


def _escape_like(fragment: str) -> str:
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class _Contains(Func):
    """``column ILIKE '%fragment%'``: the form a trigram (``gin_trgm_ops``) index serves."""

    output_field = BooleanField()

    def __init__(self, column: str, fragment: str) -> None:
        super().__init__(F(column), Value(f"%{_escape_like(fragment)}%"))

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        column, pattern = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        pattern_sql, pattern_params = compiler.compile(pattern)
        return f"{column_sql} ILIKE {pattern_sql}", [*column_params, *pattern_params]


def contains(column: str, fragment: str) -> Q:
    """The column holds the fragment, whatever the case: by trigram index on PostgreSQL."""
    if is_full_text():
        return Q(_Contains(column, fragment))
    return Q(**{f"{column}__icontains": fragment})


def all_words_in(columns: tuple[str, ...], text: str) -> Q:
    """SQLite: every word is a substring of one of the columns."""
    condition = Q()
    for word in words(text):
        in_one = Q()
        for column in columns:
            in_one |= Q(**{f"{column}__icontains": word})
        condition &= in_one
    return condition
