"""A throwaway PostgreSQL primary, its streaming replica and a PgBouncer in transaction mode
(``.ci/replica.sh``, on free ports under a temporary directory), and the platform served by a
real gunicorn on them. Started once per test session, and only when the server binaries are
installed (CI installs them: these tests run there, they are not skipped).

Which server answered a page is read from the replica's own log, which records every statement
it runs: a page served by the replica leaves its SELECTs there, one served by the primary none.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.support.live_process import PYTHON, REPO, Gunicorn, free_port

SCRIPT = REPO / ".ci" / "replica.sh"
PSQL_OPTIONS = ("-U", "postgres", "-d", "vigilance", "-XAtqc")
SERVER_BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"))


@dataclass
class Pair:
    directory: Path
    ports: dict[str, int]

    @property
    def environment(self) -> dict[str, str]:
        return {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "PRIMARY_PORT": str(self.ports["primary"]),
            "REPLICA_PORT": str(self.ports["replica"]),
            "PGBOUNCER_PORT": str(self.ports["pgbouncer"]),
            "REPLICA_LOG_STATEMENTS": "1",
        }

    def url(self, server: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.ports[server]}/vigilance"

    def run(self, command: str) -> None:
        subprocess.run(
            [str(SCRIPT), command, str(self.directory)],
            env=self.environment,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def sql(self, server: str, statement: str) -> str:
        psql = str(Path(SERVER_BINARIES[-1]).parent / "psql")
        done = subprocess.run(
            [psql, "-h", "127.0.0.1", "-p", str(self.ports[server]), *PSQL_OPTIONS, statement],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        )
        return done.stdout.strip()

    @property
    def replica_log(self) -> Path:
        return self.directory / "replica.log"

    def replica_log_size(self) -> int:
        return self.replica_log.stat().st_size

    def replica_reads_since(self, offset: int) -> list[str]:
        """The statements on the platform's tables the replica ran after ``offset``."""
        with self.replica_log.open("rb") as log:
            log.seek(offset)
            lines = log.read().decode(errors="replace").splitlines()
        # Django's queries ("statement: SELECT … FROM \"app_table\"") and the prepared ones of
        # the look-up ("execute <name>: SELECT … FROM app_table").
        return [line for line in lines if _PLATFORM_READ.search(line)]


_PLATFORM_READ = re.compile(r'(statement|execute [^:]+): SELECT .* FROM "?[a-z]+_[a-z]')


@pytest.fixture(scope="session")
def pair() -> Iterator[Pair]:
    """The pair ``.ci/run`` started (``VIGILANCE_PAIR_DIR`` and the three ports exported), or one
    of this session's own."""
    if os.environ.get("VIGILANCE_PAIR_DIR"):
        yield Pair(
            directory=Path(os.environ["VIGILANCE_PAIR_DIR"]),
            ports={
                "primary": int(os.environ["PRIMARY_PORT"]),
                "replica": int(os.environ["REPLICA_PORT"]),
                "pgbouncer": int(os.environ["PGBOUNCER_PORT"]),
            },
        )
        return
    if not SERVER_BINARIES:
        pytest.skip("the PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    directory = Path(tempfile.mkdtemp(prefix="vigilance-pair-"))
    started = Pair(
        directory=directory,
        ports={"primary": free_port(), "replica": free_port(), "pgbouncer": free_port()},
    )
    try:
        started.run("start")
        yield started
    finally:
        started.run("stop")
        shutil.rmtree(directory, ignore_errors=True)


def pair_seed(environment: Mapping[str, str], command: str) -> dict[str, str]:
    """Run ``tests/replica/pair_seed.py`` against the database ``environment`` names."""
    done = subprocess.run(
        [PYTHON, "-m", "tests.replica.pair_seed", command],
        cwd=REPO,
        env=dict(environment),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    result: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="session")
def pair_migrated(pair: Pair, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The primary holds the platform's schema and reference data (the replica follows)."""
    from tests.support.live_process import child_environment

    var_dir = tmp_path_factory.mktemp("pair-var")
    # Every migration from an empty database: minutes on a loaded machine.
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=REPO,
        env=child_environment(var_dir=var_dir, database=pair.url("primary")),
        check=True,
        timeout=900,
    )
    return var_dir


@dataclass
class App:
    server: Gunicorn
    environment: dict[str, str]

    @property
    def base_url(self) -> str:
        return self.server.base_url


@pytest.fixture(scope="session")
def served(pair: Pair, pair_migrated: Path) -> Iterator[Callable[..., App]]:
    """``served(database_url, **environment)``: a gunicorn on the pair, ended with the session."""
    from tests.support.live_process import child_environment

    servers: list[Gunicorn] = []

    def start(database: str, **extra: str) -> App:
        environment = child_environment(var_dir=pair_migrated, database=database, **extra)
        server = Gunicorn(environment, pair_migrated / f"gunicorn-{len(servers)}.log", workers=1)
        # The first request imports every view: on a loaded machine, longer than 30 s.
        server.argv[server.argv.index("--timeout") + 1] = "300"
        servers.append(server)
        server.start(ready_within=600)
        return App(server=server, environment=environment)

    yield start
    for server in servers:
        server.stop()


class Form(dict[str, str]):
    """A body sent as a form (``application/x-www-form-urlencoded``) rather than JSON."""


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is the answer (its cookies count), not a step to follow."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_NOT_FOLLOWING = urllib.request.build_opener(_KeepRedirects)


class Visitor:
    """One person's browser, cookies kept, talking to a server on 127.0.0.1."""

    def __init__(self, base_url: str, cookies: Mapping[str, str] | None = None):
        self.base_url = base_url
        self.cookies: dict[str, str] = dict(cookies or {})
        self.last_location = ""

    def request(
        self,
        method: str,
        path: str,
        body: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes]:
        sent = dict(headers or {})
        data = None
        if isinstance(body, Form):
            data = urlencode(body).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        # Always the test's own server on 127.0.0.1.
        request = urllib.request.Request(  # noqa: S310
            self.base_url + path, data=data, headers=sent, method=method
        )
        try:
            with _NOT_FOLLOWING.open(request, timeout=30) as response:
                status, content, received = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, content, received = error.code, error.read(), error.headers
        self.last_location = received.get("Location", "")
        for line in received.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return status, content
