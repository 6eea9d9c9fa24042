"""Values every page may show."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    return {"HELPLINE": settings.HELPLINE}
