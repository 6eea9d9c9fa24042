"""The platform through a real PgBouncer in transaction mode (``DATABASE_POOLER=pgbouncer``):
a report filed and followed, the look-up, staff pages, and a streamed ``.iterator()`` export,
each transaction free to land on any server connection of the pool."""

import json
from urllib.parse import quote

import pytest

from tests.factories import report_payload
from tests.replica.conftest import App, Pair, Visitor, pair_seed

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def pooled(pair: Pair, served) -> App:  # type: ignore[no-untyped-def]
    return served(pair.url("pgbouncer"), DATABASE_POOLER="pgbouncer")


def test_requests_pass_through_pgbouncer_in_transaction_mode(pair: Pair, pooled: App) -> None:
    assert "pool_mode = transaction" in (pair.directory / "pgbouncer.ini").read_text()
    assert pooled.environment["DATABASE_URL"].endswith(f":{pair.ports['pgbouncer']}/vigilance")

    victim = Visitor(pooled.base_url)
    status, body = victim.request("POST", "/api/v1/reports", report_payload())
    assert status == 201, body
    created = json.loads(body)
    tracking = {"X-Tracking-Code": created["tracking_code"]}
    status, body = victim.request("GET", f"/api/v1/reports/{created['reference']}", None, tracking)
    assert status == 200
    assert json.loads(body)["reference"] == created["reference"]
    status, body = victim.request(
        "POST",
        f"/api/v1/reports/{created['reference']}/information",
        {"text": "Il m'a rappelé depuis un autre numéro."},
        tracking,
    )
    assert status == 201, body

    status, body = Visitor(pooled.base_url).request(
        "GET", "/api/v1/lookup?type=phone&value=" + quote("+237 6 99 88 77 66")
    )
    assert status == 200, body
    assert json.loads(body)["value"] == "+237699887766"

    seeded = pair_seed(pooled.environment, "staff:triage_officer")
    triage = Visitor(pooled.base_url, {seeded["name"]: seeded["value"]})
    for path in ("/fr/staff/", "/fr/staff/triage/", f"/fr/staff/search/?q={created['reference']}"):
        status, body = triage.request("GET", path)
        assert status == 200, (path, body[:300])
    seeded = pair_seed(pooled.environment, "staff:statistician")
    statistician = Visitor(pooled.base_url, {seeded["name"]: seeded["value"]})
    assert statistician.request("GET", "/api/v1/stats/dashboard")[0] == 200


def test_a_streamed_export_passes_through_pgbouncer(pooled: App) -> None:
    """The fraud list is read with ``.iterator()``: with server-side cursors off it runs as one
    plain query, which transaction pooling cannot break."""
    Visitor(pooled.base_url).request("POST", "/api/v1/reports", report_payload())
    key = pair_seed(pooled.environment, "partner-key")["key"]
    assert int(pair_seed(pooled.environment, "confirm-all")["confirmed"]) >= 3
    partner = Visitor(pooled.base_url)
    status, body = partner.request(
        "GET", "/api/v1/fraud-list?format=csv", None, {"Authorization": f"Bearer {key}"}
    )
    assert status == 200, body[:300]
    assert "+237699887766" in body.decode()
