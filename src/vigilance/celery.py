"""The Celery application: background and periodic work in the production shape.

In the embedded shape (no REDIS_URL) tasks run in-process at once.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")

app = Celery("vigilance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
