"""The server under test: a fresh PostgreSQL database, migrated, served by gunicorn.

Also reads what the kernel says about the server's processes (CPU time, RSS, PSS, USS).
"""

import os
import runpy
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def fresh_database(url: str) -> None:
    """Drop and create the database named in ``url`` (connecting to ``postgres`` to do so)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def count_reports(url: str, references: list[str]) -> int:
    """How many of these references are committed, each with the three identifiers typed."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM intake_report r WHERE r.reference = ANY(%s) AND "
            "(SELECT count(*) FROM intake_sighting i WHERE i.report_id = r.id "
            "AND i.source = 'reporter') = 3",
            (references,),
        ).fetchone()
    return int(row[0]) if row else 0


def server_environment(*, database_url: str, var_dir: Path, redis_url: str) -> dict[str, str]:
    """The environment of the server: embedded shape on PostgreSQL, limits off, mail dropped."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EVIDENCE_"))
    }
    environment.update(
        {
            "VIGILANCE_SHAPE": "embedded",
            "VIGILANCE_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLE": "false",
            # Behind the national proxy, as in production (docs/operations.md): each client of
            # the benchmark names its sender, so the hourly upload allowance is one victim's.
            "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
            "EVIDENCE_ROOT": str(var_dir / "evidence"),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            # Writes each SMS as a small file under VIGILANCE_VAR_DIR/outbox/sms.
            "SMS_BACKEND": "vigilance.core.sms.FileSMSBackend",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    if redis_url:
        environment["REDIS_URL"] = redis_url
    return environment


def production_environment(*, database_url: str, var_dir: Path, redis_url: str) -> dict[str, str]:
    """The production shape (``VIGILANCE_SHAPE=production``: Redis cache and queue), with the
    secrets it requires made for the run, plain HTTP on the loopback and limits off."""
    from vigilance.core.secrets import embedded_secret
    from vigilance.core.signing import create_development_certificate

    environment = server_environment(database_url=database_url, var_dir=var_dir, redis_url="")
    environment.update(
        {
            "VIGILANCE_SHAPE": "production",
            "REDIS_URL": redis_url,
            "HTTPS": "false",
            "SIGNING_CERTIFICATE_PASSPHRASE": "",
        }
    )
    for name in ("SECRET_KEY", "EVIDENCE_KEY"):
        environment[name] = embedded_secret(var_dir, name)
    environment["AUDIT_KEYS"] = embedded_secret(var_dir, "AUDIT_CHECKPOINT_KEY")
    # The production shape refuses to start without a signing certificate that opens.
    certificate = var_dir / "pki" / "platform.p12"
    if not certificate.exists():
        create_development_certificate(path=certificate, passphrase="")
    environment["SIGNING_CERTIFICATE"] = str(certificate)
    return environment


def migrate(environment: dict[str, str]) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=REPO,
        env=environment,
        check=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class ServerConfig:
    workers: int
    threads: int
    # How a gthread server spreads keep-alive connections over its workers; None and False are
    # gunicorn's defaults (1,000 connections a worker, one listening socket shared by all).
    worker_connections: int | None = None
    reuse_port: bool = False

    @property
    def name(self) -> str:
        kind = "sync" if self.threads == 1 else "gthread"
        name = f"{self.workers}w x {self.threads}t {kind}"
        if self.worker_connections is not None:
            name += f", {self.worker_connections} connections a worker"
        if self.reuse_port:
            name += ", a listening socket per worker (reuse_port)"
        return name

    def arguments(self) -> list[str]:
        found = ["--workers", str(self.workers), "--threads", str(self.threads)]
        found += ["--worker-class", "sync" if self.threads == 1 else "gthread"]
        if self.worker_connections is not None:
            found += ["--worker-connections", str(self.worker_connections)]
        if self.reuse_port:
            found.append("--reuse-port")
        return found


PRODUCTION_CONFIG = REPO / "deploy" / "gunicorn.conf.py"


def production_connection_settings() -> dict[str, Any]:
    """How deploy/gunicorn.conf.py spreads connections over workers (its worker_connections
    and reuse_port), for a benchmark that serves what production serves."""
    settings = runpy.run_path(str(PRODUCTION_CONFIG))
    return {
        "worker_connections": settings.get("worker_connections"),
        "reuse_port": bool(settings.get("reuse_port", False)),
    }


class Gunicorn:
    """A gunicorn master started for the run, stopped by its own process id."""

    def __init__(
        self,
        config: ServerConfig,
        environment: dict[str, str],
        log: Path,
        application: str = "vigilance.wsgi",
        port: int | None = None,
    ):
        self.config = config
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                application,
                "--bind",
                f"127.0.0.1:{self.port}",
                *config.arguments(),
                "--keep-alive",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200 and len(self.worker_pids()) == self.config.workers:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def worker_pids(self) -> list[int]:
        return child_pids(self.process.pid)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers."""
        return pids_cpu_seconds([self.process.pid, *self.worker_pids()])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def __enter__(self) -> "Gunicorn":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def child_pids(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` (a server's or a worker's pool), from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(entry.name))
    return sorted(pids)


def process_memory(pid: int) -> dict[str, Any]:
    """RSS, PSS and USS (private pages) of one process, in MiB, from /proc/<pid>/smaps_rollup."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _sep, rest = line.partition(":")
        values[key] = int(rest.split()[0])  # kB
    uss = values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)
    return {
        "pid": pid,
        "rss_mib": round(values["Rss"] / 1024, 1),
        "pss_mib": round(values.get("Pss", 0) / 1024, 1),
        "uss_mib": round(uss / 1024, 1),
    }


def process_cpu_seconds(pid: str, *, ended_children: bool = False) -> float:
    """CPU time (user and system) one process has used so far, from /proc/<pid>/stat; with
    ``ended_children``, that of its children that have ended too (once it has waited for them)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    used = int(fields[11]) + int(fields[12])
    if ended_children:
        used += int(fields[13]) + int(fields[14])
    return used / CLOCK_TICKS


def pids_cpu_seconds(pids: list[int]) -> float:
    """CPU time used so far by these processes; one that has ended counts nothing."""
    total = 0.0
    for pid in pids:
        try:
            total += process_cpu_seconds(str(pid))
        except OSError:
            continue
    return total


def named_processes_cpu_seconds(names: tuple[str, ...]) -> float:
    """CPU time used so far by this machine's processes of these names (``/proc/<pid>/comm``),
    with that of their children that have ended: a PostgreSQL backend whose connection closed
    during a run is counted in its postmaster's share, not lost (which once gave a negative
    figure)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in names:
                    total += process_cpu_seconds(entry.name, ended_children=True)
            except OSError:
                continue
    return total


def postgres_cpu_seconds() -> float:
    """CPU time used so far by the PostgreSQL processes of this machine (server and backends)."""
    return named_processes_cpu_seconds(("postgres", "postmaster"))


def machine_cpu() -> dict[str, float]:
    """Busy, stolen (by the hypervisor) and total CPU seconds of the machine (/proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    total = sum(fields[:8])
    return {
        "busy": (total - idle - fields[7]) / CLOCK_TICKS,
        "steal": fields[7] / CLOCK_TICKS,
        "total": total / CLOCK_TICKS,
    }
