"""The gate of every staff page: signed in with a verified one-time code, and, when a page
needs it, a role that allows the action. A missing role answers 404, like a missing object.

A person who has not yet enrolled their authenticator (first sign-in, password only) is sent to
the enrolment page: their session is not verified until they confirm a code.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from vigilance.accounts.models import User
from vigilance.accounts.permissions import can
from vigilance.core.errors import NotFound

View = Callable[..., HttpResponse]


def is_verified_staff(user: Any) -> bool:
    """Signed in, enrolled, and verified by a one-time code in this session."""
    return bool(
        user.is_authenticated
        and not getattr(user, "must_enrol_authenticator", True)
        and user.is_verified()
    )


def enrol_url(next_url: str) -> str:
    return f"{reverse('accounts:enrol')}?{urlencode({'next': next_url})}"


def signed_in_user(request: HttpRequest) -> User:
    """The staff member of a request that passed ``staff_required`` (typed for the services)."""
    user = request.user
    if not isinstance(user, User):
        raise NotFound
    return user


def staff_required(permission: str | None = None) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if user.is_authenticated and getattr(user, "must_enrol_authenticator", False):
                return HttpResponseRedirect(enrol_url(request.get_full_path()))
            if not is_verified_staff(user):
                return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
            if permission is not None and not can(user, permission):  # type: ignore[arg-type]
                raise NotFound
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
