"""Re-authentication before sensitive actions (changing roles, exporting a case file...).

The time of the last check of a password AND a one-time code (sign-in, enrolment, the confirm
page) is kept in the session. A view decorated with ``require_recent_authentication()`` sends a
person whose last check is older than ``REAUTH_MAX_AGE_SECONDS`` (10 minutes by default) to the
confirm page, which brings them back to the page they asked for.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

AUTHENTICATED_AT_SESSION_KEY = "vigilance_authenticated_at"
DEFAULT_MAX_AGE_SECONDS = 600

View = Callable[..., HttpResponse]


def max_age_default() -> int:
    return int(getattr(settings, "REAUTH_MAX_AGE_SECONDS", DEFAULT_MAX_AGE_SECONDS))


def authentication_record(request: HttpRequest) -> None:
    """Note in the session that the person has just given their password and a code."""
    request.session[AUTHENTICATED_AT_SESSION_KEY] = int(time.time())


def is_recently_authenticated(request: HttpRequest, *, max_age: int | None = None) -> bool:
    at = request.session.get(AUTHENTICATED_AT_SESSION_KEY)
    if not isinstance(at, int | float):
        return False
    age = time.time() - at
    return 0 <= age <= (max_age_default() if max_age is None else max_age)


def confirm_url(next_url: str) -> str:
    return f"{reverse('accounts:confirm')}?{urlencode({'next': next_url})}"


def require_recent_authentication(max_age: int | None = None) -> Callable[[View], View]:
    """Put it under ``@staff_required(...)``: the person is already signed in with a code."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_recently_authenticated(request, max_age=max_age):
                return HttpResponseRedirect(confirm_url(request.get_full_path()))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
