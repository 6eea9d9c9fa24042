"""Authentication of the staff API: the browser session, signed in with a one-time code.

Ninja's cookie authentication checks the CSRF token on every unsafe method.
"""

from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth


class VerifiedStaffSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_verified():  # type: ignore[attr-defined]
            return user
        return None


staff_session = VerifiedStaffSession()
