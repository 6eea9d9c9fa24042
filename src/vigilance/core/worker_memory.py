"""What a web worker does with its memory once the application is loaded: the objects it holds
from then on for good (modules, settings, URL patterns, templates, translations) leave the
reach of Python's cyclic garbage collector, so that a full collection in the middle of a large
page (a cluster of 200 reports) scans only what requests made (docs/decisions/0043)."""

import gc


def freeze_loaded_application() -> int:
    """Collect what loading left behind, then move every surviving object to the permanent
    generation; returns how many objects were frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loaded here rather than by the first request)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
