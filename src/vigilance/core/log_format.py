"""Log lines stamped in UTC, ISO 8601 with a Z (2026-12-06T02:03:37.983Z), whatever the time zone
of the process: Django sets the process's zone to Africa/Douala, which would otherwise make lines
written before and after start-up disagree."""

import datetime as dt
import logging


class UTCFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        moment = dt.datetime.fromtimestamp(record.created, dt.UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
