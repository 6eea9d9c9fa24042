"""The partners' feeds pages: for those who manage the exchange only; a source names the
variable holding its password, never another secret of the platform; every change audited."""

import pytest
from django.test import Client

from tests import personas
from vigilance.accounts.models import Organisation, User
from vigilance.audit.models import AuditEvent
from vigilance.exchange.models import ImportSource, SourceKind

pytestmark = pytest.mark.django_db

BASE = "/en/staff/exchange/sources/"


def form(partner: Organisation, **changes: str) -> dict[str, object]:
    return {
        "partner": partner.pk,
        "name": "CERT Gabon TAXII",
        "url": "https://taxii.cert.ga/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/",
        "username": "vigilance",
        "secret_setting": "EXCHANGE_SECRET_CERT_GABON",
        "default_tlp": "amber",
        "confidence": "60",
        "poll_minutes": "30",
        **changes,
    }


@pytest.fixture
def supervisor(supervisor_police: User) -> Client:
    return personas.signed_in_client(supervisor_police)


@pytest.fixture
def source(peer_cirt: Organisation) -> ImportSource:
    return ImportSource.objects.create(
        partner=peer_cirt,
        kind=SourceKind.TAXII,
        name="CERT Gabon TAXII",
        url="http://127.0.0.1:9/api1/collections/x/",
        username="vigilance",
        secret_setting="EXCHANGE_SECRET_CERT_GABON",
        default_tlp="amber",
        confidence=60,
        poll_minutes=30,
        last_error="ConnectionError: refused",
    )


def test_a_supervisor_adds_a_taxii_collection(supervisor: Client, peer_cirt: Organisation) -> None:
    answer = supervisor.post(f"{BASE}new/", form(peer_cirt))

    assert answer.status_code == 302
    source = ImportSource.objects.get()
    assert (source.kind, source.partner, source.poll_minutes) == ("taxii", peer_cirt, 30)
    assert source.secret_setting == "EXCHANGE_SECRET_CERT_GABON"
    event = AuditEvent.objects.get(action="exchange.source_created")
    assert event.details["partner"] == "cert-gabon"
    assert "CERT Gabon TAXII" in supervisor.get(BASE).content.decode()


def test_a_supervisor_adds_a_misp_feed_and_an_unknown_kind_is_refused(
    supervisor: Client, peer_cirt: Organisation
) -> None:
    added = supervisor.post(f"{BASE}new/", form(peer_cirt, kind="misp_feed"))
    refused = supervisor.post(f"{BASE}new/", form(peer_cirt, kind="ftp"))

    assert added.status_code == 302
    assert ImportSource.objects.get().kind == "misp_feed"
    assert refused.status_code == 400
    assert ImportSource.objects.count() == 1


@pytest.mark.parametrize("name", ["DATABASE_URL", "SECRET_KEY", "exchange_secret_x"])
def test_a_source_cannot_name_another_secret_of_the_platform(
    supervisor: Client, peer_cirt: Organisation, name: str
) -> None:
    answer = supervisor.post(f"{BASE}new/", form(peer_cirt, secret_setting=name))

    assert answer.status_code == 400
    assert "EXCHANGE_SECRET_" in answer.content.decode()
    assert not ImportSource.objects.exists()


def test_a_source_of_an_organisation_we_do_not_exchange_with_is_refused(
    supervisor: Client,
) -> None:
    antic = Organisation.objects.get(code="antic")
    answer = supervisor.post(f"{BASE}new/", form(antic))

    assert answer.status_code == 400
    assert not ImportSource.objects.exists()


def test_changing_the_url_starts_again_from_the_collections_beginning(
    supervisor: Client, source: ImportSource, peer_cirt: Organisation
) -> None:
    source.cursor = "2026-12-01T10:00:00.000000Z"
    source.save()

    answer = supervisor.post(
        f"{BASE}{source.pk}/", form(peer_cirt, url="https://taxii.cert.ga/api1/collections/y/")
    )

    assert answer.status_code == 302
    source.refresh_from_db()
    assert (source.url, source.cursor) == ("https://taxii.cert.ga/api1/collections/y/", "")
    assert AuditEvent.objects.get(action="exchange.source_changed").details["changed"] == ["url"]


def test_a_deactivated_source_is_not_polled_and_shows_its_last_error(
    supervisor: Client, source: ImportSource
) -> None:
    assert "ConnectionError: refused" in supervisor.get(BASE).content.decode()

    supervisor.post(f"{BASE}{source.pk}/active/", {"is_active": "0"})
    polled = supervisor.post(f"{BASE}{source.pk}/poll/", follow=True)

    source.refresh_from_db()
    assert source.is_active is False
    assert "deactivated" in polled.content.decode()
    assert AuditEvent.objects.filter(action="exchange.source_deactivated").count() == 1
    assert not AuditEvent.objects.filter(action="exchange.poll_requested").exists()


def test_poll_now_runs_the_poll_after_the_request(
    supervisor: Client, source: ImportSource, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.EXCHANGE_SECRETS = {"EXCHANGE_SECRET_CERT_GABON": "x"}
    with django_capture_on_commit_callbacks(execute=True):
        answer = supervisor.post(f"{BASE}{source.pk}/poll/")

    assert answer.status_code == 302
    source.refresh_from_db()
    assert source.last_polled_at is not None
    assert source.last_error.startswith("ConnectionError")
    assert AuditEvent.objects.filter(action="exchange.poll_requested").count() == 1
    assert AuditEvent.objects.filter(action="exchange.poll_failed").count() == 1


@pytest.mark.parametrize(
    "name", ["cirt_analyst", "investigator_centre", "mtn_responder", "auditor"]
)
def test_those_who_do_not_manage_the_exchange_get_404(
    name: str, source: ImportSource, peer_cirt: Organisation
) -> None:
    client = personas.signed_in_client(personas.persona(name))

    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}{source.pk}/").status_code == 404
    assert client.post(f"{BASE}new/", form(peer_cirt)).status_code == 404
    assert client.post(f"{BASE}{source.pk}/poll/").status_code == 404
    assert client.post(f"{BASE}{source.pk}/active/", {"is_active": "0"}).status_code == 404
    assert ImportSource.objects.get().is_active is True
