"""Dashboards' figures for supervisors and the ministry."""

from ninja import Router

router = Router(tags=["statistics"])
