"""Replies from the SMS gateway: "STOP" (or "ARRÊT") unsubscribes the number from the alerts.

The gateway authenticates with the shared secret SMS_INBOUND_TOKEN, sent as
``Authorization: Bearer <token>``; without it the answer is 401, with a wrong one 403, and every
request is refused (403) while the setting is empty.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.security import HttpBearer

from vigilance.alerts.services.subscriptions import subscriber_stop_by_sms
from vigilance.core.errors import ErrorOut, NotAllowed

router = Router(tags=["subscriptions"])


class InboundSMS(Schema):
    sender: str = Field(..., alias="from", max_length=40)
    text: str = Field(..., max_length=1600)


class InboundAnswer(Schema):
    unsubscribed: bool


class GatewayToken(HttpBearer):
    """``Authorization: Bearer <SMS_INBOUND_TOKEN>``: none is a 401, a wrong one a 403. Checked
    before the body is read."""

    def authenticate(self, request: HttpRequest, token: str) -> bool:
        expected = settings.SMS_INBOUND_TOKEN
        if not expected or not constant_time_compare(token, expected):
            raise NotAllowed(_("This gateway secret is not accepted."))
        return True


@router.post(
    "/sms/inbound",
    response={200: InboundAnswer, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="A reply received by the SMS gateway",
    auth=GatewayToken(),
)
def sms_inbound(request: HttpRequest, payload: InboundSMS) -> InboundAnswer:
    """``{"from": "+2376...", "text": "STOP"}``: STOP unsubscribes the number and answers it
    with a confirmation SMS; any other text is accepted and ignored."""
    return InboundAnswer(
        unsubscribed=subscriber_stop_by_sms(sender=payload.sender, text=payload.text)
    )
