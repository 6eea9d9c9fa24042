"""The signed case file, downloaded from the case page."""

from pathlib import Path

import pytest
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests import personas
from tests.factories import report_draft
from vigilance.accounts import reauth
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.core.signing import create_development_certificate
from vigilance.intake import services, staff

pytestmark = pytest.mark.django_db
PASSPHRASE = "case file test"


@pytest.fixture(autouse=True)
def _signing_certificate(settings: Settings, tmp_path: Path) -> None:
    settings.SIGNING_CERTIFICATE = tmp_path / "platform.p12"
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    create_development_certificate(path=settings.SIGNING_CERTIFICATE, passphrase=PASSPHRASE)


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    report = services.report_submit(draft=report_draft(region="LT"), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=investigator_littoral)


def _url(case: Case) -> str:
    return reverse("cases:case_export", kwargs={"case_id": case.public_id})


def test_the_investigator_downloads_the_signed_case_file(
    case: Case, investigator_littoral: User
) -> None:
    response = personas.signed_in_client(investigator_littoral).get(_url(case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{case.number}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="case.exported", object_id=case.number).exists()


def test_a_stale_sign_in_must_be_confirmed_before_exporting(
    case: Case, investigator_littoral: User
) -> None:
    client = personas.signed_in_client(investigator_littoral)
    session = client.session
    session[reauth.AUTHENTICATED_AT_SESSION_KEY] = 0
    session.save()
    response = client.get(_url(case))
    assert response.status_code == 302
    assert reverse("accounts:confirm") in response["Location"]


@pytest.mark.parametrize("outsider", ["investigator_centre", "gendarme_north", "mtn_responder"])
def test_outsiders_get_not_found(request: pytest.FixtureRequest, case: Case, outsider: str) -> None:
    user = request.getfixturevalue(outsider)
    assert personas.signed_in_client(user).get(_url(case)).status_code == 404
