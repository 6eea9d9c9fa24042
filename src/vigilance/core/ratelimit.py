"""Rate limits on public endpoints, per address and for the whole platform.

Limits read ``"count/period"`` (``"60/h"``, ``"5000/m"``, ``"10/5m"``) and are counted in the
store every process shares (``core.counters``). A refusal raises ``RateLimited``, which pages
and the API both turn into a 429 with Retry-After.
"""

import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from vigilance.core.counters import counter_hit, counters_hit_until_refused

F = TypeVar("F", bound=Callable[..., Any])

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
# Longer key values (an address header gone wrong) are hashed to keep the counters' keys short.
LONGEST_KEY_VALUE = 64


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__("rate limited")
        self.retry_after = retry_after


def parse_rate(rate: str) -> tuple[int, int]:
    """``"60/h"`` -> (60, 3600); ``"10/5m"`` -> (10, 300)."""
    match = _RATE.match(rate)
    if match is None:
        raise ImproperlyConfigured(f"A rate limit reads like 60/h or 10/5m, not {rate!r}.")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * UNITS[unit]


def client_address(group: str, request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or the header set by our own proxy when configured."""
    return address_in(request.META)


def address_in(meta: Mapping[str, Any]) -> str:
    """``client_address`` read from a request's META (or the WSGI environ it is made from)."""
    header = settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"
    value = str(meta.get(header, "")).split(",")[0].strip()
    return value or "unknown"


def check_limit(*, group: str, key: str, rate: str) -> None:
    """Count one hit of ``key`` under ``rate``; raise RateLimited beyond it.

    Retry-After is the whole period: waiting that long always finds a fresh window.
    """
    if not settings.RATELIMIT_ENABLE:
        return
    limit, period = parse_rate(rate)
    if counter_hit(_counter_key(group, key), period).hits > limit:
        raise RateLimited(retry_after=period)


def check_rate(request: HttpRequest, *, group: str, per_ip: str, overall: str) -> None:
    """Count this request against both limits; raise RateLimited when one is exceeded."""
    check_rate_of_address(
        client_address(group, request), group=group, per_ip=per_ip, overall=overall
    )


def check_rate_of_address(address: str, *, group: str, per_ip: str, overall: str) -> None:
    """Count one request from ``address`` against both limits; raise RateLimited beyond one.

    The address is counted first, so that one address refused does not use up everyone's share;
    both are counted in one round trip to the store.
    """
    if not settings.RATELIMIT_ENABLE:
        return
    windows = [
        (_counter_key(group, f"ip:{address}"), *_limit_and_period(per_ip)),
        (_counter_key(group, "all"), *_limit_and_period(overall)),
    ]
    refused = counters_hit_until_refused([(key, period, limit) for key, limit, period in windows])
    if refused is not None:
        raise RateLimited(retry_after=windows[refused][2])


def _counter_key(group: str, key: str) -> str:
    if len(key) > LONGEST_KEY_VALUE:
        key = hashlib.sha256(key.encode()).hexdigest()
    return f"{group}:{key}"


@functools.lru_cache(maxsize=64)
def _limit_and_period(rate: str) -> tuple[int, int]:
    return parse_rate(rate)


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
