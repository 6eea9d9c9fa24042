"""Reads that may be served by a PostgreSQL streaming replica: the public look-up, statistics
and search. Nothing else ever reads from it (docs/decisions/0034-replica-reads.md).

Code opts in with ``with replica_reads():`` or the ``reads_from_replica`` view decorator; the
router (``ReplicaRouter``) then sends its reads to the ``replica`` database when
``DATABASE_REPLICA_URL`` configures one, unless one of these sends them to the primary:

- the person wrote something less than ``REPLICA_STICKY_SECONDS`` ago (a signed cookie set by
  ``ReadAfterWriteMiddleware`` after any successful POST, PUT, PATCH or DELETE), so their own
  pages show what they just did;
- this request already wrote (the rest of it reads what it wrote), or a transaction is open on
  the primary;
- the replica is down or lags more than ``REPLICA_MAX_LAG_SECONDS`` (``replica_health``); and if
  it fails in the middle of a page, the middleware runs the page again on the primary.

Writes always go to the primary.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

from vigilance.core.replica_health import (
    REPLICA,
    replica_mark_down,
    replica_usable,
)

STICKY_COOKIE = "vigilance_wrote"
_STICKY_SALT = "vigilance.core.replica.sticky"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# Records a request writes without ever reading them back on the page: they do not pin it.
_RECORDS_NOT_READ_BACK = frozenset(
    {
        "audit.auditevent",
        "audit.audithead",
        "indicators.lookuptally",
        "sessions.session",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
    }
)

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)


@dataclass
class RequestReads:
    """Where this request's reads may go; mutated in place so every layer sees one answer."""

    primary_only: bool = False
    wrote: bool = False
    replica_used: bool = False


_request_reads: ContextVar[RequestReads | None] = ContextVar("request_reads", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Let the reads made inside this block go to the replica."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view whose reads may be served by the replica."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


def _replica_chosen() -> bool:
    if not _replica_allowed.get() or not replica_configured():
        return False
    reads = _request_reads.get()
    if reads is not None and reads.primary_only:
        return False
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False
    if not replica_usable():
        return False
    if reads is not None:
        reads.replica_used = True
    return True


class ReplicaRouter:
    """Reads inside ``replica_reads()`` go to the replica when it may serve them; all else, and
    every write, to the primary (named explicitly: an object read from the replica and saved
    must not be written back where it came from)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return REPLICA if _replica_chosen() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        reads = _request_reads.get()
        if reads is not None and model._meta.label_lower not in _RECORDS_NOT_READ_BACK:  # type: ignore[attr-defined]
            reads.wrote = True
            reads.primary_only = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA


def _wrote_recently(request: HttpRequest) -> bool:
    value = request.get_signed_cookie(
        STICKY_COOKIE, default=None, salt=_STICKY_SALT, max_age=settings.REPLICA_STICKY_SECONDS
    )
    return value is not None


class ReadAfterWriteMiddleware:
    """Keeps a person who just wrote on the primary, and runs a page again on the primary when
    the replica fails under it. Does nothing when no replica is configured."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        token = _request_reads.set(RequestReads(primary_only=_wrote_recently(request)))
        try:
            response = self.get_response(request)
        finally:
            _request_reads.reset(token)
        if request.method not in _SAFE_METHODS and response.status_code < 400:
            response.set_signed_cookie(
                STICKY_COOKIE,
                "1",
                salt=_STICKY_SALT,
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        reads = _request_reads.get()
        if (
            reads is None
            or reads.wrote
            or not reads.replica_used
            or not isinstance(exception, OperationalError | InterfaceError)
        ):
            return None
        # Stopped, cut off, or a query cancelled by a conflict with recovery: this page, and
        # this process's replica reads until the next health check, go to the primary.
        with suppress(DatabaseError):
            connections[REPLICA].close()
        replica_mark_down()
        match = request.resolver_match
        if match is None:
            return None
        reads.primary_only = True
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        return response
