"""Real server and worker processes for the tests that need them: gunicorn, a Celery worker.

Each process runs in its own process group on 127.0.0.1, with the environment a test gives it,
and is ended through that group: gently with ``stop()``, or with SIGKILL to simulate a crash.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kombu import pools

from vigilance.celery import app as celery_app

REPO = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
PYTHON = sys.executable

# Variables of the test run that must not leak into a child, which gets its own explicitly.
_OWN_PREFIXES = ("DJANGO_", "DATABASE_", "REDIS_", "EVIDENCE_", "EMAIL_", "SMS_", "CELERY_")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url(settings_dict: Mapping[str, Any]) -> str:
    """A DATABASE_URL naming the database Django is connected to (``connection.settings_dict``)."""
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    if engine != "django.db.backends.postgresql":
        raise ValueError(f"no DATABASE_URL for {engine}")
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def child_environment(*, var_dir: Path, database: str, **extra: str) -> dict[str, str]:
    """The environment of a child: embedded shape under ``var_dir``, limits off, quiet logs."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(_OWN_PREFIXES)
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "vigilance.settings",
            "VIGILANCE_SHAPE": "embedded",
            "VIGILANCE_VAR_DIR": str(var_dir),
            "DATABASE_URL": database,
            "RATELIMIT_ENABLE": "false",
            "EVIDENCE_ROOT": str(var_dir / "evidence"),
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    environment.update(extra)
    return environment


def modules_after_startup(tmp_path: Path, statements: str = "pass") -> set[str]:
    """Every module a fresh process holds once Django, the WSGI app and the URL conf are loaded
    (what a web worker loads before its first request) and ``statements`` have run."""
    code = (
        "import json, sys, django; django.setup(); import vigilance.wsgi; "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        f"{statements}; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    environment = child_environment(
        var_dir=tmp_path / "var", database=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    done = subprocess.run(
        [PYTHON, "-c", code],
        cwd=REPO,
        env={**environment, "PYTHONPATH": str(REPO / "src")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


def migrate(environment: Mapping[str, str]) -> None:
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=REPO,
        env=dict(environment),
        check=True,
        timeout=120,
    )


class LiveProcess:
    """A command started in a new process group, ended by that group's id only."""

    def __init__(self, argv: Sequence[str], environment: Mapping[str, str], log: Path):
        self.argv = list(argv)
        self.environment = dict(environment)
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                cwd=REPO,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group, as a power cut or the OOM killer would."""
        self._signal_group(signal.SIGKILL)
        self._reap(timeout=10)

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM, then SIGKILL if the group has not ended within ``timeout`` seconds."""
        if self.process is None:
            return
        self._signal_group(signal.SIGTERM)
        if not self._reap(timeout=timeout):
            self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def _signal_group(self, signum: signal.Signals) -> None:
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def _reap(self, *, timeout: float) -> bool:
        if self.process is None:
            return True
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        # Workers of the group may outlive the leader for a moment after SIGKILL.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.05)
        return False


class Gunicorn(LiveProcess):
    """gunicorn serving ``vigilance.wsgi`` on a free port of 127.0.0.1."""

    def __init__(
        self,
        environment: Mapping[str, str],
        log: Path,
        *,
        workers: int = 2,
        port: int | None = None,
    ):
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        super().__init__(
            [
                str(BIN / "gunicorn"),
                "vigilance.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "2",
                # Load the application once, before forking, so that "ready" means ready.
                "--preload",
                # Several servers may run at once: no shared control socket under ~/.gunicorn.
                "--no-control-socket",
            ],
            environment,
            log,
        )

    def start(self, *, ready_within: float = 45) -> None:
        super().start()
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if not self.is_running:
                raise RuntimeError(f"gunicorn ended at start-up:\n{self.output()}")
            try:
                probe = f"{self.base_url}/healthz"  # always http://127.0.0.1
                with urllib.request.urlopen(probe, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {ready_within} s:\n{self.output()}")


class CeleryWorker(LiveProcess):
    """``celery -A vigilance worker`` with one process, consuming the default queue."""

    def __init__(self, environment: Mapping[str, str], log: Path):
        super().__init__(
            [
                str(BIN / "celery"),
                "-A",
                "vigilance",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            environment,
            log,
        )


def _drop_broker_connections() -> None:
    # The app keeps a pool of connections to the broker it first used; the next send opens anew.
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_publishing_to(broker_url: str) -> Iterator[None]:
    """Jobs sent by this process go to ``broker_url`` instead of running in-process."""
    saved = {
        "broker_url": celery_app.conf.broker_url,
        "task_always_eager": celery_app.conf.task_always_eager,
    }
    celery_app.conf.update(broker_url=broker_url, task_always_eager=False)
    _drop_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        _drop_broker_connections()
