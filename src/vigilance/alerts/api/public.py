"""Published alerts, for other sites and apps."""

from ninja import Router

router = Router(tags=["alerts"])
