"""The benchmarks' gunicorn serves with the settings it is given, the look-up benchmark
spreads connections over workers as production does, and a process that ended during a run
still counts in the CPU measured."""

import os
import runpy
import subprocess
import sys

from bench.server import (
    PRODUCTION_CONFIG,
    ServerConfig,
    process_cpu_seconds,
    production_connection_settings,
)


def test_a_server_config_names_every_setting_it_passes_to_gunicorn() -> None:
    config = ServerConfig(workers=2, threads=4, worker_connections=8, reuse_port=True)

    assert config.arguments() == [
        "--workers", "2", "--threads", "4", "--worker-class", "gthread",
        "--worker-connections", "8", "--reuse-port",
    ]  # fmt: skip
    assert "8 connections a worker" in config.name
    assert "reuse_port" in config.name


def test_gunicorns_defaults_pass_nothing_more() -> None:
    assert ServerConfig(workers=4, threads=1).arguments() == [
        "--workers", "4", "--threads", "1", "--worker-class", "sync",
    ]  # fmt: skip


def test_the_look_up_bench_spreads_connections_as_production_does() -> None:
    production = runpy.run_path(str(PRODUCTION_CONFIG))

    assert production["reuse_port"] is True
    assert production_connection_settings() == {"worker_connections": None, "reuse_port": True}


def test_the_cpu_of_a_child_that_ended_is_counted_in_its_parents() -> None:
    pid = str(os.getpid())
    before = process_cpu_seconds(pid, ended_children=True)
    own_before = process_cpu_seconds(pid)
    # A child that spends CPU, then ends and is waited for (as a closed PostgreSQL backend).
    busy = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    subprocess.run([sys.executable, "-c", busy], check=True)

    with_children = process_cpu_seconds(pid, ended_children=True) - before
    own = process_cpu_seconds(pid) - own_before
    assert with_children - own >= 0.2
