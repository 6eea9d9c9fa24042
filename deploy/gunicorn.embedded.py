"""Gunicorn hooks of the embedded shape (``make run``): with no Celery beat, the server itself
checkpoints the audit trail when it starts, every AUDIT_CHECKPOINT_SECONDS, and when it stops.

The clock runs in the master process, one for the whole server, whatever the number of workers.
Links the platform writes name the address served unless PUBLIC_BASE_URL says otherwise, and
every log line, the server's and the platform's, is stamped in UTC.
"""

import os
from typing import Any

from vigilance.core.log_format import GunicornUTCLogger
from vigilance.core.public_address import public_base_url_for_bind

_clock: Any = None


logger_class = GunicornUTCLogger
# The request time is the line's own stamp (access_fmt), not Apache's local-time %(t)s.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


def on_starting(server: Any) -> None:
    """Before any process reads the settings: the public address follows the port served."""
    address = public_base_url_for_bind(server.cfg.bind[0]) if server.cfg.bind else None
    if address:
        os.environ.setdefault("PUBLIC_BASE_URL", address)


def when_ready(server: Any) -> None:
    global _clock
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from vigilance.audit.checkpoints import CheckpointClock, audit_checkpoint_take

    audit_checkpoint_take(occasion="start")
    connection.close()  # before the workers are forked
    _clock = CheckpointClock(settings.AUDIT_CHECKPOINT_SECONDS)
    _clock.start()
    server.log.info("audit checkpoints every %s s", settings.AUDIT_CHECKPOINT_SECONDS)


def on_exit(server: Any) -> None:
    """After the workers have stopped: the last events they wrote get their checkpoint."""
    checkpoint = _clock.stop() if _clock is not None else None
    if checkpoint is not None:
        server.log.info("audit chain signed at shutdown (%s events)", checkpoint.count)


def post_worker_init(worker: Any) -> None:
    """Once the worker has loaded the application: its objects leave the collector's scans."""
    from vigilance.core.worker_memory import freeze_loaded_application

    frozen = freeze_loaded_application()
    worker.log.info("%s objects of the loaded application frozen for the collector", frozen)
