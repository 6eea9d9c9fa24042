"""Uploading a partner's file: for staff who analyse indicators only; imported by the job after
the request, whole or not at all, once; every refusal worded for the reader and audited naming
the partner."""

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import stix2
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests import personas
from vigilance.accounts.models import Organisation, User
from vigilance.audit.models import AuditEvent
from vigilance.exchange.models import ImportBatch, ImportStatus, PartnerIndicator
from vigilance.exchange.services.uploads import import_upload_start

pytestmark = pytest.mark.django_db

BASE = "/en/staff/exchange/imports/"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.EXCHANGE_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path / "uploads"


def bundle_bytes(*values: str) -> bytes:
    objects = [
        json.loads(
            stix2.Indicator(
                pattern=f"[domain-name:value = '{value}']",
                pattern_type="stix",
                valid_from="2026-11-01T00:00:00Z",
            ).serialize()
        )
        for value in values
    ]
    return json.dumps(
        {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}
    ).encode()


def upload(
    client: Client, partner: Organisation, content: bytes, language: str = "en", capture=None
) -> Any:
    """Post the form; with ``capture`` (django_capture_on_commit_callbacks), run the import job
    as the request commits, then follow the redirects as a browser would."""
    if capture is not None:
        with capture(execute=True):
            answer = post(client, partner, content, language, follow=False)
        return client.get(answer["Location"], follow=True) if answer.status_code == 302 else answer
    return post(client, partner, content, language, follow=True)


def post(client: Client, partner: Organisation, content: bytes, language: str, follow: bool) -> Any:
    return client.post(
        f"/{language}/staff/exchange/imports/new/",
        {
            "partner": partner.pk,
            "default_tlp": "amber",
            "confidence": "40",
            "file": SimpleUploadedFile("bundle.json", content, content_type="application/json"),
        },
        follow=follow,
    )


@pytest.mark.parametrize("name", ["cirt_analyst", "investigator_centre", "supervisor_police"])
def test_analysts_open_the_import_pages(name: str) -> None:
    client = personas.signed_in_client(personas.persona(name))
    assert client.get(BASE).status_code == 200
    assert client.get(f"{BASE}new/").status_code == 200


@pytest.mark.parametrize("name", ["mtn_responder", "auditor", "administrator_user"])
def test_other_roles_get_404_on_the_import_pages(name: str, peer_cirt: Organisation) -> None:
    client = personas.signed_in_client(personas.persona(name))
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}new/").status_code == 404
    assert upload(client, peer_cirt, bundle_bytes("a.cm")).status_code == 404
    assert not ImportBatch.objects.exists()


def test_an_uploaded_bundle_is_imported_after_the_request_and_the_file_deleted(
    cirt_analyst: User,
    peer_cirt: Organisation,
    upload_dir: Path,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    client = personas.signed_in_client(cirt_analyst)
    answer = upload(
        client,
        peer_cirt,
        bundle_bytes("colis-bloque.cm", "faux-mtn.cm"),
        capture=django_capture_on_commit_callbacks,
    )

    assert answer.status_code == 200
    batch = ImportBatch.objects.get()
    assert answer.redirect_chain[-1][0] == f"{BASE}{batch.pk}/"
    assert (batch.status, batch.created_count, batch.uploaded_by) == ("imported", 2, cirt_analyst)
    assert "2 new values" in answer.content.decode()
    assert set(PartnerIndicator.objects.values_list("value", "tlp", "partner")) == {
        ("colis-bloque.cm", "amber", peer_cirt.pk),
        ("faux-mtn.cm", "amber", peer_cirt.pk),
    }
    assert list(upload_dir.iterdir()) == []
    assert client.get(BASE).status_code == 200


def test_the_same_bytes_twice_change_nothing(
    cirt_analyst: User, peer_cirt: Organisation, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = personas.signed_in_client(cirt_analyst)
    content = bundle_bytes("colis-bloque.cm")
    upload(client, peer_cirt, content, capture=django_capture_on_commit_callbacks)
    again = upload(client, peer_cirt, content, capture=django_capture_on_commit_callbacks)

    assert "Already imported: nothing changed." in again.content.decode()
    assert list(ImportBatch.objects.order_by("id").values_list("status", flat=True)) == [
        ImportStatus.IMPORTED,
        ImportStatus.ALREADY_IMPORTED,
    ]


def test_a_bundle_failing_half_way_writes_nothing_and_says_why_in_french(
    cirt_analyst: User, peer_cirt: Organisation, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    bundle = json.loads(bundle_bytes(*[f"site{n}.cm" for n in range(1500)]))
    bundle["objects"][1200]["pattern"] = "[domain-name:value = "
    client = personas.signed_in_client(cirt_analyst)
    answer = upload(
        client,
        peer_cirt,
        json.dumps(bundle).encode(),
        language="fr",
        capture=django_capture_on_commit_callbacks,
    )

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "1201" in page
    assert bundle["objects"][1200]["id"] in page
    assert "Nothing was imported" not in page  # worded in French
    assert not PartnerIndicator.objects.exists()
    event = AuditEvent.objects.get(action="exchange.import_refused")
    assert (event.details["partner"], event.details["error"]) == ("cert-gabon", "bad_pattern")


def test_a_file_too_big_is_refused_before_it_is_saved(
    cirt_analyst: User, peer_cirt: Organisation, settings, upload_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    settings.EXCHANGE_UPLOAD_MAX_BYTES = 100
    client = personas.signed_in_client(cirt_analyst)

    answer = upload(client, peer_cirt, bundle_bytes("colis-bloque.cm"))

    assert "larger than the 100" in answer.content.decode()
    assert ImportBatch.objects.get().error_code == "too_big"
    assert not upload_dir.exists() or list(upload_dir.iterdir()) == []
    event = AuditEvent.objects.get(action="exchange.import_refused")
    assert event.details["partner"] == "cert-gabon"


def test_a_file_neither_stix_nor_misp_is_refused(
    cirt_analyst: User, peer_cirt: Organisation
) -> None:
    client = personas.signed_in_client(cirt_analyst)

    answer = upload(client, peer_cirt, b'{"hello": "world"}')

    assert "neither a STIX 2.1 bundle nor a MISP event" in answer.content.decode()
    assert ImportBatch.objects.get().error_code == "unknown_format"


def test_an_organisation_we_do_not_exchange_with_is_refused_and_audited(
    cirt_analyst: User,
) -> None:
    national_cirt = Organisation.objects.get(code="antic")
    client = personas.signed_in_client(cirt_analyst)

    through_form = upload(client, national_cirt, bundle_bytes("a.cm"))
    started = import_upload_start(
        actor=cirt_analyst,
        partner=national_cirt,
        file=SimpleUploadedFile("bundle.json", bundle_bytes("a.cm")),
        default_tlp="amber",
        confidence=50,
    )

    assert through_form.status_code == 400
    assert started.batch is not None
    assert started.batch.error_code == "wrong_partner"
    event = AuditEvent.objects.get(action="exchange.import_refused")
    assert event.details["partner"] == "antic"
    assert not PartnerIndicator.objects.exists()


def test_someone_elses_waiting_token_is_not_found(
    cirt_analyst: User, peer_cirt: Organisation
) -> None:
    client = personas.signed_in_client(cirt_analyst)
    assert client.get(f"{BASE}waiting/forged:token/").status_code == 404
