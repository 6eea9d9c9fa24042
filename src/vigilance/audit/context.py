"""The network address of the request being served, for audit events.

Only this piece of request metadata travels implicitly (set by ``AuditAddressMiddleware``): who
acted is always passed explicitly to the services.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from vigilance.core.ratelimit import client_address

current_address: ContextVar[str] = ContextVar("audit_address", default="")


class AuditAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_address.set(client_address("audit", request)[:45])
        try:
            return self.get_response(request)
        finally:
            current_address.reset(token)
