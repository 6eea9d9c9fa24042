"""The signed case file for prosecutors: what it holds, who may export it, what exporting records."""

import hashlib
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.fixtures import Settings

from tests.factories import report_draft
from tests.intake.test_receipts import PNG, pdf_text, squeezed
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.export import case_file_pdf
from vigilance.cases.models import Case, CaseEvent, Tlp
from vigilance.cases.services import lifecycle
from vigilance.core.errors import NotAllowed, NotFound
from vigilance.core.signing import create_development_certificate, verify_pdf_signature
from vigilance.evidence.models import CustodyEvent
from vigilance.evidence.services import IncomingFile
from vigilance.intake import services, staff

pytestmark = pytest.mark.django_db

PASSPHRASE = "case-file-test-passphrase"
NARRATIVE = "Le vendeur Facebook a encaissé 120 000 F par Orange Money puis a disparu."


@pytest.fixture(scope="module")
def case_file_certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "platform.p12"
    create_development_certificate(path=path, passphrase=PASSPHRASE)
    return path


@pytest.fixture(autouse=True)
def _signing(settings: Settings, case_file_certificate: Path) -> None:
    settings.SIGNING_CERTIFICATE = case_file_certificate
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    report = services.report_submit(
        draft=report_draft(description=NARRATIVE),
        channel="web",
        evidence=[IncomingFile(name="capture paiement.png", content=PNG)],
    ).report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=investigator_littoral, tlp=Tlp.RED)


def test_case_file_is_a_signed_pdf(case: Case, investigator_littoral: User) -> None:
    pdf = case_file_pdf(case=case, actor=investigator_littoral)

    assert pdf.startswith(b"%PDF")
    signature = verify_pdf_signature(pdf)
    assert signature.is_signed
    assert signature.is_valid


def test_case_file_holds_the_case_its_report_and_the_evidence_hash(
    case: Case, investigator_littoral: User
) -> None:
    report = case.reports.get()

    text = squeezed(pdf_text(case_file_pdf(case=case, actor=investigator_littoral)))

    assert case.number in text
    assert report.reference in text
    assert hashlib.sha256(PNG).hexdigest() in text
    assert squeezed(NARRATIVE) in text
    assert "TLP:RED" in text
    assert "+237677123456" in text  # the suspect's number, as normalised
    with translation.override(investigator_littoral.language):
        assert squeezed(str(CustodyEvent.Action.RECEIVED.label)) in text


def test_tlp_marking_is_printed_on_every_page(case: Case, investigator_littoral: User) -> None:
    # A long narrative makes the file run over several pages.
    report = case.reports.get()
    report.description = "\n".join(f"Paragraphe {n}: {NARRATIVE}" for n in range(120))
    report.save(update_fields=["description"])

    text = pdf_text(case_file_pdf(case=case, actor=investigator_littoral))

    pages = squeezed(text).count("TLP:RED")
    assert pages >= 3 * 2  # at least three pages, marked top and bottom


def test_case_file_speaks_the_language_of_the_person_exporting(
    case: Case, investigator_littoral: User
) -> None:
    phrase = "National platform against cybercrime"
    texts = {}
    for language in ("fr", "en"):
        investigator_littoral.language = language
        investigator_littoral.save(update_fields=["language"])
        texts[language] = squeezed(pdf_text(case_file_pdf(case=case, actor=investigator_littoral)))

    for language, text in texts.items():
        with translation.override(language):
            assert squeezed(gettext(phrase)) in text
    with translation.override("fr"):
        assert gettext(phrase) != phrase  # the check above tells the two languages apart


def test_exporting_writes_the_timeline_and_the_audit_trail_with_the_hash(
    case: Case, investigator_littoral: User
) -> None:
    pdf = case_file_pdf(case=case, actor=investigator_littoral)

    digest = hashlib.sha256(pdf).hexdigest()
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.EXPORTED)
    assert event.actor == investigator_littoral
    assert digest in event.summary
    audit = AuditEvent.objects.get(action="case.exported", object_id=case.number)
    assert audit.actor_id == investigator_littoral.pk
    assert audit.details["sha256"] == digest


def test_investigator_of_another_unit_gets_not_found(case: Case, gendarme_north: User) -> None:
    with pytest.raises(NotFound):
        case_file_pdf(case=case, actor=gendarme_north)

    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.EXPORTED).exists()
    assert not AuditEvent.objects.filter(action="case.exported").exists()


def test_auditor_cannot_export(case: Case, auditor: User) -> None:
    with pytest.raises((NotAllowed, NotFound)):
        case_file_pdf(case=case, actor=auditor)

    assert not AuditEvent.objects.filter(action="case.exported").exists()
