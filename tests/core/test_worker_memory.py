"""A web worker freezes the objects of the loaded application for the garbage collector, in
both shapes of the server."""

import gc
from pathlib import Path

import pytest

from tests.audit.test_checkpoint_clock import wait_for
from tests.support.live_process import (
    BIN,
    REPO,
    LiveProcess,
    child_environment,
    free_port,
    migrate,
)
from vigilance.core.worker_memory import freeze_loaded_application

FROZEN = "objects of the loaded application frozen for the collector"


def test_freezing_moves_the_loaded_objects_out_of_the_collectors_reach() -> None:
    try:
        frozen = freeze_loaded_application()
        assert frozen == gc.get_freeze_count()
        assert frozen > 10_000
        assert len(gc.get_objects()) < frozen
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("config", ["gunicorn.conf.py", "gunicorn.embedded.py"])
def test_each_server_shape_freezes_its_workers_once_the_application_is_loaded(
    tmp_path: Path, config: str
) -> None:
    port = free_port()
    environment = child_environment(
        var_dir=tmp_path / "var",
        database=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    migrate(environment)
    server = LiveProcess(
        [
            str(BIN / "gunicorn"),
            "-c",
            str(REPO / "deploy" / config),
            "vigilance.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "1",
            "--no-control-socket",
        ],
        environment,
        tmp_path / "server.log",
    )
    server.start()
    try:
        assert wait_for(lambda: FROZEN in server.output()), server.output()
    finally:
        server.stop(timeout=30)
