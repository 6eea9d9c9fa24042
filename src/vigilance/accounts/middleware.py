"""A person signed in with a temporary password an administrator gave them reaches nothing but
the page where they choose their own (and sign-out, and the enrolment of their authenticator)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from vigilance.core.errors import error_body

ALLOWED_VIEWS = frozenset(
    {
        "accounts:password_renew",
        "accounts:sign_out",
        "accounts:sign_in",
        "accounts:enrol",
        "set_language",
    }
)


class PasswordRenewalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(user, "must_change_password", False):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_VIEWS:
            return None
        if request.path.startswith("/api/"):
            message = _("Choose a new password on the sign-in page before using the platform.")
            return JsonResponse(error_body("password_change_required", message), status=403)
        url = reverse("accounts:password_renew")
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
