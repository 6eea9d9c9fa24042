"""Log lines stamped in UTC, ISO 8601 with a Z (2026-12-06T02:03:37.983Z), whatever the time zone
of the process: Django sets the process's zone to Africa/Douala, which would otherwise make lines
written before and after start-up disagree."""

import datetime as dt
import logging
from typing import Any

from gunicorn.glogging import Logger as GunicornLogger


class UTCFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        moment = dt.datetime.fromtimestamp(record.created, dt.UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class GunicornUTCLogger(GunicornLogger):
    """Gunicorn's own lines with the platform's clock: each starts with the UTC time in ISO 8601."""

    access_fmt = "%(asctime)s %(message)s"
    error_fmt = "%(asctime)s %(levelname)s gunicorn [%(process)d] %(message)s"
    datefmt = None

    def _set_handler(self, log: Any, output: Any, fmt: Any, stream: Any = None) -> None:
        super()._set_handler(log, output, UTCFormatter(fmt._fmt), stream=stream)
