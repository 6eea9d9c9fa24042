"""Rate limits on public endpoints, per address and for the whole platform (django-ratelimit).

A refusal raises ``RateLimited``, which pages and the API both turn into a 429 with Retry-After.
"""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import _split_rate, is_ratelimited

F = TypeVar("F", bound=Callable[..., Any])


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__("rate limited")
        self.retry_after = retry_after


def _whole_platform(group: str, request: HttpRequest) -> str:
    return "all"


def client_address(group: str, request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or the header set by our own proxy when configured."""
    header = settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"
    value = str(request.META.get(header, "")).split(",")[0].strip()
    return value or "unknown"


def check_rate(request: HttpRequest, *, group: str, per_ip: str, overall: str) -> None:
    """Count this request against both limits; raise RateLimited when one is exceeded."""
    if not settings.RATELIMIT_ENABLE:
        return
    for key, rate in ((client_address, per_ip), (_whole_platform, overall)):
        if is_ratelimited(request, group=group, key=key, rate=rate, increment=True):
            raise RateLimited(retry_after=_split_rate(rate)[1])


def rate_limit(group: str, *, per_ip: str, overall: str) -> Callable[[F], F]:
    """Decorate a view (``request`` first) with the limits named by two settings."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            check_rate(
                request,
                group=group,
                per_ip=getattr(settings, per_ip),
                overall=getattr(settings, overall),
            )
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
