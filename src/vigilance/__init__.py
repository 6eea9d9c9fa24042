"""Vigilance: the national platform for fighting cybercrime."""

from vigilance.celery import app as celery_app

__all__ = ["celery_app"]
