"""The alerts benchmark end to end on a few hundred subscribers: a real Celery worker killed
half-way, and no number receives the alert twice. PostgreSQL and Redis only."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("DATABASE_URL", "")
REDIS = os.environ.get("REDIS_TEST_URL", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (SERVER.startswith("postgres") and REDIS), reason="a worker on Redis and PostgreSQL"
    ),
]


def test_an_alert_sent_through_a_killed_worker_reaches_nobody_twice(tmp_path: Path) -> None:
    database = urlunsplit(urlsplit(SERVER)._replace(path="/vig_bench_smoke_alerts"))
    output = tmp_path / "alerts.json"
    done = subprocess.run(
        [
            sys.executable, str(REPO / "bench" / "alert_delivery.py"),
            "--subscribers", "400", "--rate", "400", "--batch", "100", "--give-up", "400",
            "--database-url", database, "--redis-url", REDIS, "--json", str(output),
        ],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(output.read_text())
    assert result["duplicates"] == 0
    assert result["missing_only_the_failed"]
