"""Gunicorn settings of the production web service (deploy/systemd/vigilance-web.service).

Sizing comes from docs/benchmarks.md: on a 2-core host shared with PostgreSQL and the Celery
worker, 3 gthread workers of 4 threads and 4 sync workers each accepted 208-253 reports a second
on 2026-12-07 (fourth machine), the sync workers with the lower p99 behind nginx's request
buffering; after serving reports a gthread worker holds 142-149 MiB of RSS, a sync worker 133.
"""

import os
from typing import Any

# nginx is the only client; it connects over loopback (see deploy/nginx/vigilance.conf).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Each worker listens on a socket of its own (SO_REUSEPORT): the kernel spreads new connections
# over the workers, where a shared socket let the first worker awake take a burst of them and
# keep them alive on one core. nginx's upstream keep-alive connections are then spread for their
# whole life; a cap on connections per worker instead left the ones beyond it waiting in the
# backlog for seconds (decision 0045). deploy/sysctl/90-vigilance.conf must be installed: with
# net.ipv4.tcp_migrate_req, a worker that restarts hands the connections it has not accepted
# yet to the others instead of resetting them.
reuse_port = True

# Recycle workers now and then so that slow leaks in libraries never grow without bound; at
# ~2,000 look-ups/s a worker restarting every few thousand requests would hurt p99, so rarely.
max_requests = 100_000
max_requests_jitter = 10_000

# A submission with ten 10 MB files over a slow link is buffered by nginx first, so 30 s is ample.
timeout = 30
graceful_timeout = 30
keepalive = 5

# Trust X-Forwarded-* only from nginx on the same host.
forwarded_allow_ips = "127.0.0.1"

# Request lines and headers stay small; bodies are bounded by nginx and the settings.
limit_request_line = 4094
limit_request_fields = 100

# Paths without query strings: a look-up's query names a phone number or an account, and logs
# keep no personal data (SECURITY.md). nginx logs the client address; this log keeps timings.
# Each line starts with its UTC time in ISO 8601, like the platform's own (not Apache's local %(t)s).
logger_class = "vigilance.core.log_format.GunicornUTCLogger"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def on_exit(server: Any) -> None:
    """After the workers have stopped, sign the audit chain as they left it (Celery beat takes
    the other checkpoints, every minute): a tail cut after a restart then shows."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()
    from vigilance.audit.checkpoints import audit_checkpoint_take

    checkpoint = audit_checkpoint_take(occasion="shutdown")
    if checkpoint is not None:
        server.log.info("audit chain signed at shutdown (%s events)", checkpoint.count)


def post_worker_init(worker: Any) -> None:
    """Once the worker has loaded the application: its objects leave the collector's scans."""
    from vigilance.core.worker_memory import freeze_loaded_application

    frozen = freeze_loaded_application()
    worker.log.info("%s objects of the loaded application frozen for the collector", frozen)
