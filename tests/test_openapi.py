"""The API holds its own OpenAPI contract: generated requests never get a 5xx or an off-schema
answer, and every JSON body sent as anything but JSON is refused as the document says."""

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import Settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from vigilance.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# Every check on answers, except ``positive_data_acceptance``: codes such as the category come
# from editable reference data, so a schema-valid request may still be refused with a 422.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@schema.parametrize()
@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_within_its_contract(case: schemathesis.Case, settings: Settings) -> None:
    # Rate limits are tested elsewhere; here every generated request must reach its handler.
    settings.RATELIMIT_ENABLE = False
    case.call_and_validate(checks=CHECKS)


def _public_json_operations(document: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [
        (path, method)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
        and not operation.get("security")
    ]


@pytest.mark.django_db
def test_every_public_json_body_sent_as_text_or_a_form_is_refused_with_415(
    client: Client,
) -> None:
    operations = _public_json_operations(client.get("/api/v1/openapi.json").json())
    path = "/api/v1/reports/VIG-2026-000001"

    answers = {
        (route, content_type): client.generic(
            method.upper(),
            route.replace("{reference}", path.rsplit("/", 1)[1]),
            b'{"text": "hello"}',
            content_type=content_type,
        ).status_code
        for route, method in operations
        for content_type in ("text/plain", "application/x-www-form-urlencoded")
    }

    assert len(operations) >= 4
    assert set(answers.values()) == {415}, answers
