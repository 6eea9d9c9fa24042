"""Replies from the SMS gateway (STOP)."""

from ninja import Router

router = Router(tags=["subscriptions"])
