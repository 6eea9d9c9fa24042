"""The partner API of takedowns over HTTP against the live server: the host's system lists what
was sent to it, acknowledges, says when it took it down or refuses; another organisation's
request is a 404, a closed one a 409, an empty reason a 422 in the caller's language."""

from typing import Any

import pytest

from tests.accounts.test_api_keys import create_key
from tests.requisitions.outward import host, host_responder, takedown
from tests.requisitions.test_partner_api import RESPOND, call
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.requisitions.models_takedown import TakedownRequest
from vigilance.requisitions.services import takedowns

BASE = "/api/v1/partner/takedowns"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_host_works_its_takedowns_over_http(
    live_server: Any,
    case: Case,
    investigator_littoral: User,
    supervisor_police: User,
    administrator_user: User,
) -> None:
    server = live_server.url
    host()
    host_responder()
    hostco = create_key(administrator_user, "hostco", permissions=RESPOND).key
    mtn = create_key(administrator_user, "mtn", permissions=RESPOND).key
    waiting = takedown(case, investigator_littoral)
    sent = takedowns.takedown_approve(
        actor=supervisor_police, takedown=takedown(case, investigator_littoral)
    )

    status, listed = call(server, "GET", BASE, hostco)
    assert (status, [item["reference"] for item in listed["items"]]) == (200, [sent.reference])
    item = listed["items"][0]
    assert item["target"] == sent.target
    assert "case" not in item
    for key, reference in ((mtn, sent.reference), (hostco, waiting.reference)):
        status, error = call(server, "GET", f"{BASE}/{reference}", key)
        assert (status, error["error"]["code"]) == (404, "not_found")
    assert call(server, "POST", f"{BASE}/{sent.reference}/acknowledge", mtn, {})[0] == 404

    status, acknowledged = call(server, "POST", f"{BASE}/{sent.reference}/acknowledge", hostco, {})
    assert (status, acknowledged["status"]) == (200, "acknowledged")
    status, error = call(
        server, "POST", f"{BASE}/{sent.reference}/refuse", hostco, {"reason": "  "}, language="fr"
    )
    assert status == 422
    assert "Indiquez pourquoi" in error["error"]["message"]
    status, error = call(
        server, "POST", f"{BASE}/{sent.reference}/done", hostco, {"done_at": "2026-01-01T10:00:00"}
    )
    assert (status, list(error["error"]["fields"])) == (422, ["done_at"])

    status, done = call(server, "POST", f"{BASE}/{sent.reference}/done", hostco, {})
    assert (status, done["status"]) == (200, "done")
    assert done["done_at"] is not None
    status, error = call(
        server, "POST", f"{BASE}/{sent.reference}/refuse", hostco, {"reason": "No"}
    )
    assert status == 409
    assert TakedownRequest.objects.get(pk=sent.pk).status == "done"
    event = AuditEvent.objects.get(action="takedown.done_take_down", object_id=sent.reference)
    assert event.actor_id is None
    assert event.actor_label
