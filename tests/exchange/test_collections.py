"""The staff's collections: supervisors of the CIRT and of the coordination centre create them,
name and remove AMBER readers (with a reason, audited) and deactivate them; others get 404."""

import pytest
from django.test import Client

from tests import personas
from tests.exchange.taxii_support import collection, publish, publish_identity
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotAllowed
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import ExchangeCollection
from vigilance.exchange.services import collections as services

pytestmark = pytest.mark.django_db

LIST = "/fr/staff/exchange/collections/"


def supervisor_of(unit_code: str) -> User:
    """The police supervisor persona, moved to ``unit_code``."""
    supervisor = personas.persona("supervisor_police")
    unit = Unit.objects.select_related("organisation").get(code=unit_code)
    supervisor.organisation, supervisor.unit = unit.organisation, unit
    supervisor.save(update_fields=["organisation", "unit"])
    return supervisor


@pytest.fixture
def manager(cirt_supervisor: User) -> Client:
    return personas.signed_in_client(cirt_supervisor)


def detail(slug: str) -> str:
    return f"{LIST}{collection(slug).pk}/"


def test_the_list_shows_readers_and_object_counts(manager: Client, peer_cirt: Organisation) -> None:
    collection("confirmed-amber").readers.add(peer_cirt)
    publish(tlp=Tlp.AMBER)
    publish(tlp=Tlp.AMBER, is_latest=False)
    publish_identity()

    response = manager.get(LIST)

    assert response.status_code == 200
    listed = {each.slug: each for each in response.context["collections"]}
    assert listed["confirmed-amber"].object_count == 1
    assert listed["confirmed-green"].object_count == 0
    assert "CERT Gabon" in response.content.decode()
    assert response.context["common_count"] == 1


def test_a_coordination_centre_supervisor_manages_collections() -> None:
    client = personas.signed_in_client(supervisor_of("coord-supervision"))

    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize(
    "name", ["supervisor_police", "cirt_analyst", "administrator_user", "auditor", "mtn_responder"]
)
def test_others_get_404(request: pytest.FixtureRequest, name: str) -> None:
    client = personas.signed_in_client(request.getfixturevalue(name))
    amber = detail("confirmed-amber")

    assert client.get(LIST).status_code == 404
    assert client.get(amber).status_code == 404
    assert client.post(f"{amber}deactivate/", {"deactivate-reason": "x"}).status_code == 404
    assert collection("confirmed-amber").is_active


def test_creating_a_strict_collection_for_its_owner(
    manager: Client, peer_cirt: Organisation
) -> None:
    response = manager.post(
        f"{LIST}new/",
        {
            "slug": "gabon-only",
            "tlp": Tlp.AMBER_STRICT,
            "owner": peer_cirt.pk,
            "title_fr": "Pour le CERT Gabon",
            "title_en": "For CERT Gabon",
        },
    )

    created = ExchangeCollection.objects.get(slug="gabon-only")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{created.pk}/")
    assert created.owner == peer_cirt
    assert created.tlp == Tlp.AMBER_STRICT
    event = AuditEvent.objects.get(action="exchange.collection_created")
    assert event.object_id == "gabon-only"
    assert event.details["owner"] == "cert-gabon"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"tlp": Tlp.RED}, "tlp"),
        ({"tlp": Tlp.AMBER_STRICT, "owner": ""}, "owner"),
        ({"tlp": Tlp.GREEN}, "owner"),
        ({"slug": "confirmed-green", "tlp": Tlp.GREEN, "owner": ""}, "slug"),
        ({"slug": "pas un nom"}, "slug"),
    ],
)
def test_an_invalid_collection_is_refused(
    manager: Client, peer_cirt: Organisation, changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "slug": "new-one",
        "tlp": Tlp.AMBER_STRICT,
        "owner": peer_cirt.pk,
        "title_fr": "Titre",
        "title_en": "Title",
    }
    values.update(changes)

    response = manager.post(f"{LIST}new/", values)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ExchangeCollection.objects.filter(slug="new-one").exists()


def test_an_owner_that_cannot_hold_exchange_keys_is_refused(cirt_supervisor: User) -> None:
    police = Organisation.objects.get(code="dgsn")

    with pytest.raises(InvalidAction):
        services.collection_create(
            actor=cirt_supervisor,
            slug="police-only",
            tlp=Tlp.AMBER_STRICT,
            owner=police,
            title_fr="Police",
            title_en="Police",
        )


def test_naming_and_removing_an_amber_reader_with_a_reason(
    manager: Client, peer_cirt: Organisation
) -> None:
    amber = detail("confirmed-amber")

    added = manager.post(
        f"{amber}readers/", {"organisation": peer_cirt.pk, "reason": "Same scam wave in Libreville"}
    )
    assert added.status_code == 302
    assert list(collection("confirmed-amber").readers.all()) == [peer_cirt]

    removed = manager.post(f"{amber}readers/cert-gabon/remove/", {"remove-reason": "Wave over"})
    assert removed.status_code == 302
    assert not collection("confirmed-amber").readers.exists()

    events = AuditEvent.objects.filter(action__startswith="exchange.collection_reader").order_by(
        "sequence"
    )
    assert [
        (event.action, event.details["organisation"], event.details["reason"]) for event in events
    ] == [
        ("exchange.collection_reader_added", "cert-gabon", "Same scam wave in Libreville"),
        ("exchange.collection_reader_removed", "cert-gabon", "Wave over"),
    ]


def test_a_reader_needs_a_reason(manager: Client, peer_cirt: Organisation) -> None:
    response = manager.post(
        f"{detail('confirmed-amber')}readers/", {"organisation": peer_cirt.pk, "reason": " "}
    )

    assert response.status_code == 400
    assert "reason" in response.context["reader_form"].errors
    assert not collection("confirmed-amber").readers.exists()


def test_a_reader_must_be_able_to_hold_an_exchange_key(manager: Client) -> None:
    police = Organisation.objects.get(code="dgsn")

    response = manager.post(
        f"{detail('confirmed-amber')}readers/", {"organisation": police.pk, "reason": "Because"}
    )

    assert response.status_code == 400
    assert "organisation" in response.context["reader_form"].errors
    assert not collection("confirmed-amber").readers.exists()


def test_only_amber_collections_have_readers(
    cirt_supervisor: User, peer_cirt: Organisation
) -> None:
    with pytest.raises(InvalidAction):
        services.collection_reader_add(
            actor=cirt_supervisor,
            collection=collection("confirmed-green"),
            organisation=peer_cirt,
            reason="Need to know",
        )


def test_deactivating_stops_serving_with_a_reason(manager: Client) -> None:
    green = detail("confirmed-green")

    refused = manager.post(f"{green}deactivate/", {"deactivate-reason": ""})
    done = manager.post(f"{green}deactivate/", {"deactivate-reason": "Replaced by a new feed"})

    assert refused.status_code == 400
    assert done.status_code == 302
    assert not collection("confirmed-green").is_active
    event = AuditEvent.objects.get(action="exchange.collection_deactivated")
    assert event.details["reason"] == "Replaced by a new feed"


def test_the_service_refuses_an_actor_without_the_right(peer_cirt: Organisation) -> None:
    analyst = personas.persona("cirt_analyst")

    with pytest.raises(NotAllowed):
        services.collection_deactivate(
            actor=analyst, collection=collection("confirmed-green"), reason="No"
        )
    assert collection("confirmed-green").is_active


def test_the_detail_page_shows_the_taxii_identifier(manager: Client) -> None:
    response = manager.get(detail("confirmed-amber"))

    assert response.status_code == 200
    assert str(collection("confirmed-amber").pk) in response.content.decode()
