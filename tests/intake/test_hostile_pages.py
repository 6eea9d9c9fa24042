"""Public pages answer hostile input with a readable 4xx or the form again, never a 5xx,
and every asset they name is served by the platform itself."""

import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import report_draft
from vigilance.intake import services
from vigilance.intake.models import Channel

pytestmark = pytest.mark.django_db

FORM_PATHS = [
    "/fr/report/who/",
    "/fr/report/what/",
    "/fr/report/suspects/",
    "/en/report/loss/",
    "/en/report/evidence/",
    "/en/report/review/",
    "/fr/follow/",
]
FIELDS = [
    "is_anonymous",
    "type",
    "role",
    "name",
    "phone",
    "email",
    "category",
    "incident_date",
    "region",
    "department",
    "description",
    "identifier_type_0",
    "identifier_value_0",
    "has_loss",
    "amount",
    "currency",
    "channel",
    "consent",
    "website",
    "reference",
    "tracking_code",
    "action",
]
hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "x" * 50_000,
            "\x00",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "9" * 400,
            "2026-02-30",
            "-1e309",
            "VIG-2026-99999999999999999999",
        ]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=st.sampled_from(FORM_PATHS),
    data=st.dictionaries(st.sampled_from(FIELDS), hostile_text, max_size=8),
)
def test_hostile_form_posts_never_get_a_server_error(path: str, data: dict[str, str]) -> None:
    client = Client()

    response = client.post(path, data)

    assert response.status_code < 500
    if response.status_code == 200:
        assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize(
    "path",
    ["/fr/follow/VIG-2026-000001/", "/fr/follow/%00/", "/fr/report/receipt/x.pdf", "/fr/report/x/"],
)
def test_hostile_addresses_get_a_client_error_or_a_redirect(client: Client, path: str) -> None:
    assert client.get(path).status_code in (302, 400, 404)


def test_pages_name_only_assets_served_by_the_platform(client: Client) -> None:
    services.report_submit(draft=report_draft(), channel=Channel.WEB)
    pages = ["/fr/", "/en/report/who/", "/fr/follow/", "/fr/advice/", "/api/v1/docs"]

    for path in pages:
        html = client.get(path).content.decode()
        assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
        assert assets, path
        assert all(a.startswith("/") and not a.startswith("//") for a in assets), (path, assets)
