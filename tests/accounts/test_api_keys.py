"""Partners' API keys: stored hashed, shown once, scoped to a partner organisation, expiring,
revocable; created and revoked by administrators only, each step audited."""

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from tests import personas
from vigilance.accounts import api_keys
from vigilance.accounts.models import ApiKey, Organisation, User
from vigilance.accounts.permissions import Permission
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotFound

pytestmark = pytest.mark.django_db

KEYS = "/en/staff/admin/api-keys/"
FRAUD_LIST = "/api/v1/fraud-list"


def create_key(
    actor: User, organisation_code: str = "mtn", **changes: object
) -> api_keys.NewApiKey:
    values: dict[str, object] = {
        "actor": actor,
        "organisation": Organisation.objects.get(code=organisation_code),
        "name": "Anti-fraud platform",
        "permissions": [Permission.PULL_FRAUD_LIST],
        "expires_at": timezone.now() + dt.timedelta(days=90),
    }
    values.update(changes)
    return api_keys.api_key_create(**values)  # type: ignore[arg-type]


def test_only_the_hash_of_the_secret_is_stored(administrator_user: User) -> None:
    new = create_key(administrator_user)

    _vig, prefix, secret = new.key.split("_", 2)
    stored = ApiKey.objects.get(pk=new.api_key.pk)
    assert stored.prefix == prefix
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiKey.objects.filter(pk=stored.pk).values().get()), (
        "the secret itself is nowhere in the row"
    )
    assert len(secret) >= 32


def test_the_key_authenticates_and_records_its_last_use(administrator_user: User) -> None:
    new = create_key(administrator_user)

    found = api_keys.api_key_authenticate(new.key)

    assert found is not None
    assert found.pk == new.api_key.pk
    assert ApiKey.objects.get(pk=found.pk).last_used_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),
        lambda key: key.replace("vig_", "xyz_", 1),
        lambda key: "vig_zzzzzzzz_" + key.split("_", 2)[2],
        lambda key: "",
    ],
    ids=["wrong-secret", "wrong-scheme", "unknown-prefix", "empty"],
)
def test_a_wrong_key_does_not_authenticate(
    administrator_user: User, mangle: Callable[[str], str]
) -> None:
    new = create_key(administrator_user)
    assert api_keys.api_key_authenticate(mangle(new.key)) is None


def test_a_revoked_key_gets_401(administrator_user: User, client: Client) -> None:
    new = create_key(administrator_user)
    api_keys.api_key_revoke(actor=administrator_user, api_key=new.api_key)

    response = client.get(FRAUD_LIST, headers={"authorization": f"Bearer {new.key}"})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 1


def test_an_expired_key_gets_401(administrator_user: User, client: Client) -> None:
    new = create_key(administrator_user)
    ApiKey.objects.filter(pk=new.api_key.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get(FRAUD_LIST, headers={"authorization": f"Bearer {new.key}"})

    assert response.status_code == 401


def test_a_key_without_the_permission_gets_403(administrator_user: User, client: Client) -> None:
    new = create_key(administrator_user)
    ApiKey.objects.filter(pk=new.api_key.pk).update(permissions=[])

    response = client.get(
        FRAUD_LIST, headers={"authorization": f"Bearer {new.key}", "accept-language": "en"}
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_a_call_with_a_key_is_audited_under_the_key_and_its_organisation(
    administrator_user: User, client: Client
) -> None:
    new = create_key(administrator_user)

    assert client.get(FRAUD_LIST, headers={"authorization": f"Bearer {new.key}"}).status_code == 200

    event = AuditEvent.objects.get(action="fraud_list.pulled")
    assert event.actor_id is None
    assert event.actor_label == f"api_key:{new.api_key.prefix}@mtn"


def test_a_key_is_only_for_a_partner_organisation(administrator_user: User) -> None:
    with pytest.raises(InvalidAction) as refused:
        create_key(administrator_user, organisation_code="dgsn")
    assert "organisation" in refused.value.fields


def test_a_key_cannot_hold_a_permission_partners_do_not_have(administrator_user: User) -> None:
    with pytest.raises(InvalidAction) as refused:
        create_key(administrator_user, permissions=[Permission.VIEW_CASES])
    assert "permissions" in refused.value.fields


@pytest.mark.parametrize("days", [-1, 366], ids=["past", "beyond-a-year"])
def test_a_key_expires_within_the_coming_year(administrator_user: User, days: int) -> None:
    with pytest.raises(InvalidAction) as refused:
        create_key(administrator_user, expires_at=timezone.now() + dt.timedelta(days=days))
    assert "expires_at" in refused.value.fields


def test_only_account_managers_create_keys(supervisor_police: User) -> None:
    with pytest.raises(NotFound):
        create_key(supervisor_police)


def test_key_pages_are_404_without_manage_accounts(cirt_analyst: User) -> None:
    client = personas.signed_in_client(cirt_analyst)
    assert client.get(KEYS).status_code == 404
    assert client.get(f"{KEYS}new/").status_code == 404


def test_the_key_is_shown_once_on_creation(administrator_user: User) -> None:
    client = personas.signed_in_client(administrator_user)
    expires = timezone.localdate() + dt.timedelta(days=30)

    response = client.post(
        f"{KEYS}new/",
        {
            "organisation": Organisation.objects.get(code="orange").pk,
            "name": "Orange Money anti-fraud",
            "permissions": [Permission.PULL_FRAUD_LIST],
            "expires_on": expires.isoformat(),
        },
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    api_key = ApiKey.objects.get()
    shown = response.context["new"].key
    assert shown.startswith(f"vig_{api_key.prefix}_")
    assert shown in response.content.decode()
    assert api_keys.api_key_authenticate(shown) is not None
    listing = client.get(KEYS).content.decode()
    assert api_key.prefix in listing
    assert shown not in listing
    assert AuditEvent.objects.filter(action="api_key.created", object_id=str(api_key.pk)).exists()


def test_a_key_form_beyond_a_year_is_shown_again_with_the_error(administrator_user: User) -> None:
    client = personas.signed_in_client(administrator_user)

    response = client.post(
        f"{KEYS}new/",
        {
            "organisation": Organisation.objects.get(code="orange").pk,
            "name": "Orange Money anti-fraud",
            "permissions": [Permission.PULL_FRAUD_LIST],
            "expires_on": (timezone.localdate() + dt.timedelta(days=800)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert "expires_on" in response.context["form"].errors
    assert not ApiKey.objects.exists()


def test_an_administrator_revokes_a_key_from_the_list(administrator_user: User) -> None:
    new = create_key(administrator_user)
    client = personas.signed_in_client(administrator_user)

    response = client.post(f"{KEYS}{new.api_key.pk}/revoke/")

    assert response.status_code == 302
    assert ApiKey.objects.get(pk=new.api_key.pk).revoked_at is not None
    assert api_keys.api_key_authenticate(new.key) is None
