"""Statements that every filing runs, parsed and planned by PostgreSQL once per connection.

Django never asks psycopg to prepare; ``settings.py`` lets psycopg prepare exactly the statements
executed with ``prepare=True`` (decision 0041). ``prepared_execute`` runs a fixed statement
that way on Django's own cursor, so its rows are read from that cursor as usual. Behind
PgBouncer in transaction mode the settings turn preparation off and the same call runs the
statement plainly; so do SQLite and a connection whose queries are recorded (DEBUG, a test
counting statements), which Django's cursor must see.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from django.db.backends.utils import CursorWrapper


def prepared_execute(
    cursor: CursorWrapper, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None
) -> None:
    database = cursor.db
    raw = cursor.cursor
    if (
        database.vendor != "postgresql"
        or database.queries_logged
        or database.execute_wrappers
        or isinstance(raw, psycopg.ClientCursor)  # binds on the client: never prepares
    ):
        cursor.execute(sql, params)
        return
    database.validate_no_broken_transaction()
    with database.wrap_database_errors:
        raw.execute(sql, params, prepare=True)
