"""The yardstick of the look-up benchmark: the same read as ``GET /api/v1/lookup``, with nothing
around it.

A bare WSGI application: parses the query string, runs ``SELECT ... FROM indicators_indicator
WHERE type = %s AND value = %s`` through psycopg on one connection per worker thread (opened on
first use, kept) and answers JSON. No framework, no normalisation (the benchmark sends normal
forms), no tally, no rate limit. ``DATABASE_URL`` names the database.

    gunicorn bench.raw_lookup_app:app
"""

import json
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

import psycopg

_QUERY = (
    "SELECT status, report_count, reporter_count, first_seen, last_seen, categories "
    "FROM indicators_indicator WHERE type = %s AND value = %s"
)
_local = threading.local()


def _connection() -> psycopg.Connection:
    connection: psycopg.Connection | None = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        _local.connection = connection
    return connection


def _answer(
    start_response: Callable[..., Any], status: str, body: dict[str, Any]
) -> Iterable[bytes]:
    content = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(content)))]
    )
    return [content]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")
    if path == "/healthz":
        return _answer(start_response, "200 OK", {"ok": True})
    if path != "/api/v1/lookup":
        return _answer(start_response, "404 Not Found", {"error": "not found"})
    query = parse_qs(environ.get("QUERY_STRING", ""))
    kind, value = query.get("type", [""])[0], query.get("value", [""])[0]
    if not kind or not value:
        return _answer(start_response, "400 Bad Request", {"error": "type and value"})
    row = _connection().execute(_QUERY, (kind, value), prepare=True).fetchone()
    if row is None or row[2] < 3:
        return _answer(
            start_response, "200 OK", {"type": kind, "value": value, "status": "not_reported"}
        )
    status, reports, _reporters, first_seen, last_seen, categories = row
    return _answer(
        start_response,
        "200 OK",
        {
            "type": kind,
            "value": value,
            "status": "confirmed_fraud" if status == "confirmed_fraud" else "reported",
            "reports": "20+" if reports >= 20 else "5-19" if reports >= 5 else "1-4",
            "first_reported": first_seen.date().isoformat(),
            "last_reported": last_seen.date().isoformat(),
            "categories": categories,
        },
    )
