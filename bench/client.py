"""The load client: processes of threads, each on its own keep-alive HTTP connection.

Every thread files reports back to back (closed loop) for a warm-up and a measured window; only
operations that start and finish inside the window are counted. The client runs on the same
machine as the server, so the CPU it uses is measured and reported with the figures.
"""

import http.client
import json
import multiprocessing
import random
import resource
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bench.workload import multipart_file, report_payload

SCENARIOS = ("report", "report_with_evidence")


@dataclass
class LoadResult:
    """What one scenario achieved; rates are per second of the measured window."""

    scenario: str
    processes: int
    threads: int
    seconds: float
    operations: int
    errors: int
    error_kinds: dict[str, int]
    per_second: float
    latency_ms: dict[str, float]
    client_cpu_seconds: float
    references: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("references")
        return data


class _Connection:
    """One keep-alive connection that reopens itself when the server closes it."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.http = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        try:
            self.http.request("POST", path, body=body, headers=headers)
            response = self.http.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            self.http.close()
            raise


def _sender(rng: random.Random) -> str:
    """A victim's address, as the proxy in front of the platform passes it on."""
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _file_report(
    connection: _Connection, rng: random.Random, sender: str
) -> tuple[int, dict[str, Any]]:
    body = json.dumps(report_payload(rng)).encode()
    status, answer = connection.post(
        "/api/v1/reports", body, {"Content-Type": "application/json", "X-Real-IP": sender}
    )
    return status, (json.loads(answer) if status == 201 else {})


def _one_operation(
    connection: _Connection, scenario: str, rng: random.Random, evidence: bytes
) -> tuple[str, str]:
    """Run one operation; return ("ok", reference) or ("error", what went wrong)."""
    sender = _sender(rng)
    status, created = _file_report(connection, rng, sender)
    if status != 201:
        return "error", f"report {status}"
    if scenario == "report_with_evidence":
        body, content_type = multipart_file("file", "capture.png", "image/png", evidence)
        status, _answer = connection.post(
            f"/api/v1/reports/{created['reference']}/evidence",
            body,
            {
                "Content-Type": content_type,
                "X-Tracking-Code": created["tracking_code"],
                "X-Real-IP": sender,
            },
        )
        if status != 201:
            return "error", f"evidence {status}"
    return "ok", created["reference"]


def _drive(
    base_url: str,
    scenario: str,
    threads: int,
    start_at: float,
    warmup: float,
    duration: float,
    seed: int,
    evidence: bytes,
) -> dict[str, Any]:
    """One client process: ``threads`` closed loops; returns raw counts and latencies."""
    window_start, window_end = start_at + warmup, start_at + warmup + duration
    latencies: list[float] = []
    references: list[str] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    usage_before = resource.getrusage(resource.RUSAGE_SELF)

    def loop(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        connection = _Connection(base_url)
        while time.time() < start_at:
            time.sleep(0.001)
        while (began := time.time()) < window_end:
            tick = time.perf_counter()
            try:
                outcome, detail = _one_operation(connection, scenario, rng, evidence)
            except (http.client.HTTPException, OSError) as error:
                outcome, detail = "error", type(error).__name__
            elapsed = time.perf_counter() - tick
            if began < window_start or time.time() > window_end:
                continue
            with lock:
                if outcome == "ok":
                    latencies.append(elapsed)
                    references.append(detail)
                else:
                    errors[detail] += 1

    workers = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "latencies": latencies,
        "references": references,
        "errors": dict(errors),
        "cpu": usage.ru_utime + usage.ru_stime - usage_before.ru_utime - usage_before.ru_stime,
    }


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[rank]


def run_load(
    base_url: str,
    *,
    scenario: str,
    processes: int,
    threads: int,
    warmup: float,
    duration: float,
    evidence: bytes = b"",
    seed: int = 1,
) -> LoadResult:
    """Drive the server for ``warmup + duration`` seconds; count what the window achieved.

    With one process the threads run here (nothing is forked), which the smoke test relies on.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}")
    if processes == 1:
        parts = [_drive(base_url, scenario, threads, time.time(), warmup, duration, seed, evidence)]
    else:
        # Spawned processes start in about a second; all begin together at ``start_at``.
        start_at = time.time() + 1.5
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes) as pool:
            pending = [
                pool.apply_async(
                    _drive,
                    (base_url, scenario, threads, start_at, warmup, duration, seed + n, evidence),
                )
                for n in range(processes)
            ]
            parts = [item.get(timeout=warmup + duration + 120) for item in pending]
    latencies = [value for part in parts for value in part["latencies"]]
    errors: Counter[str] = Counter()
    for part in parts:
        errors.update(part["errors"])
    return LoadResult(
        scenario=scenario,
        processes=processes,
        threads=threads,
        seconds=duration,
        operations=len(latencies),
        errors=sum(errors.values()),
        error_kinds=dict(errors),
        per_second=round(len(latencies) / duration, 1),
        latency_ms={
            name: round(percentile(latencies, fraction) * 1000, 1)
            for name, fraction in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99))
        },
        client_cpu_seconds=round(sum(part["cpu"] for part in parts), 2),
        references=[ref for part in parts for ref in part["references"]],
    )
