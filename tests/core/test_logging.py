"""Log lines carry one clock, UTC in ISO 8601, the web server's as well as the platform's; the
embedded shape's in-process broker starts without a warning."""

import datetime as dt
import importlib.util
import logging
import logging.config
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from gunicorn import util
from kombu import Connection

from vigilance.core.log_format import UTCFormatter

REPO = Path(__file__).resolve().parents[2]
# 14:01 in Douala, 13:01 UTC.
MOMENT = dt.datetime(2026, 2, 5, 13, 1, 2, 345000, tzinfo=dt.UTC)


def _record(message: str = "hello") -> logging.LogRecord:
    record = logging.LogRecord("vigilance", logging.INFO, __file__, 1, message, None, None)
    record.created = MOMENT.timestamp()
    record.msecs = 345.0
    return record


def test_platform_lines_start_with_the_utc_time() -> None:
    formatter_settings = settings.LOGGING["formatters"]["plain"]
    formatter = UTCFormatter(formatter_settings["format"])

    assert formatter_settings["class"] == "vigilance.core.log_format.UTCFormatter"
    assert formatter.format(_record()) == "2026-02-05T13:01:02.345Z INFO vigilance hello"


def _gunicorn_config(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"gunicorn_{name}", REPO / "deploy" / name)
    assert spec is not None
    assert spec.loader is not None
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    return config


@pytest.mark.parametrize("name", ["gunicorn.embedded.py", "gunicorn.conf.py"])
def test_web_server_lines_start_with_the_utc_time(name: str) -> None:
    config = _gunicorn_config(name)
    logger_class = util.load_class(config.logger_class, section="gunicorn.loggers")
    log = logging.getLogger(f"test.gunicorn.access.{name}")
    server_log = logger_class.__new__(logger_class)

    server_log._set_handler(log, "-", logging.Formatter(logger_class.access_fmt))

    [handler] = [h for h in log.handlers if getattr(h, "_gunicorn", False)]
    line = handler.format(_record('127.0.0.1 "GET /fr/ HTTP/1.1" 200'))
    log.removeHandler(handler)
    assert line == '2026-02-05T13:01:02.345Z 127.0.0.1 "GET /fr/ HTTP/1.1" 200'
    assert "%(t)s" not in config.access_log_format


def test_in_process_broker_names_its_host(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kombu.connection"):
        Connection(settings.CELERY_BROKER_URL)._info()

    assert "No hostname" not in caplog.text
