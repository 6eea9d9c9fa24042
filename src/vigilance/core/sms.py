"""Sending SMS through a pluggable backend, chosen by the ``SMS_BACKEND`` setting.

Console and file backends serve the embedded shape; production posts to an HTTP gateway.
"""

import json
import logging
import urllib.request
import uuid
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SMSBackend(Protocol):
    def send(self, *, to: str, text: str) -> None: ...


class ConsoleSMSBackend:
    def send(self, *, to: str, text: str) -> None:
        print(f"SMS to {to}: {text}")


class FileSMSBackend:
    """Writes each message as a JSON file under ``SMS_FILE_PATH``."""

    def send(self, *, to: str, text: str) -> None:
        folder = settings.SMS_FILE_PATH
        folder.mkdir(parents=True, exist_ok=True)
        message = {
            "to": to,
            "from": settings.SMS_SENDER,
            "text": text,
            "at": timezone.now().isoformat(),
        }
        (folder / f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.json").write_text(
            json.dumps(message, ensure_ascii=False)
        )


class HttpSMSBackend:
    """Posts ``{"from", "to", "text"}`` as JSON to ``SMS_GATEWAY_URL`` with a bearer token."""

    def send(self, *, to: str, text: str) -> None:
        if not settings.SMS_GATEWAY_URL.startswith(
            ("https://", "http://")
        ):  # no file: or other scheme
            raise RuntimeError("SMS_GATEWAY_URL is not configured")
        body = json.dumps({"from": settings.SMS_SENDER, "to": to, "text": text}).encode()
        request = urllib.request.Request(  # noqa: S310 - the gateway URL is configuration, not user input
            settings.SMS_GATEWAY_URL,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310
            if response.status >= 300:
                raise RuntimeError(f"SMS gateway answered {response.status}")


def send_sms(*, to: str, text: str) -> None:
    backend: SMSBackend = import_string(settings.SMS_BACKEND)()
    backend.send(to=to, text=text)
