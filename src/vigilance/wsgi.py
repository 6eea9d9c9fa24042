"""WSGI entry point for gunicorn: Django, with the public look-up answered by its lean entry
(``indicators/lookup_wsgi.py``, docs/decisions/0031-lean-public-lookup.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
django_application = get_wsgi_application()

# Imported once Django's apps are ready (get_wsgi_application sets them up).
from django.db import connections  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from vigilance.indicators.lookup_wsgi import with_lean_lookup  # noqa: E402

# Every app's routes loaded now rather than by each worker's first request: once for all workers
# under --preload, and before a worker takes requests otherwise.
get_resolver().url_patterns  # noqa: B018
# Nothing above may leave a connection open for forked workers to share.
connections.close_all()

application = with_lean_lookup(django_application)
