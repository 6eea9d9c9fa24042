"""Partners of the exchange: peer CIRTs abroad and the keys their systems use."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from tests import personas
from vigilance.accounts import api_keys
from vigilance.accounts.models import Organisation, OrganisationKind
from vigilance.accounts.permissions import Permission


def peer(code: str, name: str) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        code=code,
        defaults={"kind": OrganisationKind.PEER_CIRT, "name_fr": name, "name_en": name},
    )
    return organisation


@pytest.fixture
def peer_cirt(db) -> Organisation:  # type: ignore[no-untyped-def]
    """A peer CIRT abroad, partner of the exchange."""
    return peer("cert-gabon", "CERT Gabon")


@pytest.fixture
def other_peer_cirt(db) -> Organisation:  # type: ignore[no-untyped-def]
    return peer("ci-cert", "CI-CERT")


@pytest.fixture
def exchange_key(db) -> Callable[..., str]:  # type: ignore[no-untyped-def]
    """``exchange_key(organisation, permissions=[...])``: a live key's whole string."""

    def make(organisation: Organisation, permissions: list[str] | None = None) -> str:
        administrator = personas.persona("administrator_user")
        new = api_keys.api_key_create(
            actor=administrator,
            organisation=organisation,
            name="Threat-intelligence platform",
            permissions=permissions or [Permission.EXCHANGE],
            expires_at=timezone.now() + dt.timedelta(days=90),
        )
        return new.key

    return make
