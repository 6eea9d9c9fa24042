"""The gate of every staff page: signed in with a verified one-time code, and, when a page
needs it, a role that allows the action. A missing role answers 404, like a missing object."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from vigilance.accounts.permissions import can
from vigilance.core.errors import NotFound

View = Callable[..., HttpResponse]


def staff_required(permission: str | None = None) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not (user.is_authenticated and user.is_verified()):  # type: ignore[attr-defined]
                return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
            if permission is not None and not can(user, permission):
                raise NotFound
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
