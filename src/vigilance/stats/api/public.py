"""Open data: counts by month, region and category, small cells suppressed."""

from ninja import Router

router = Router(tags=["statistics"])
