"""Authentication of the staff API: the browser session, signed in with a one-time code.

Ninja's cookie authentication checks the CSRF token on every unsafe method. A session of a
person who has not enrolled their authenticator yet is not verified.
"""

from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth

from vigilance.accounts.decorators import is_verified_staff


class VerifiedStaffSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if is_verified_staff(user) else None


staff_session = VerifiedStaffSession()
