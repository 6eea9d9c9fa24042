"""API keys of partners' systems: creation and revocation by administrators, and the
Bearer authentication of the API.

A key reads ``vig_<prefix>_<secret>``. The prefix is stored as is, to find the key and to name it
in lists and in the audit trail; the secret (about 238 random bits) only as its SHA-256, compared
in constant time. A key holds a few permissions, never one that its organisation's partner role
would not have, and always expires (at most a year after its creation).
"""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from vigilance.accounts.models import ApiKey, Organisation, OrganisationKind, User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotFound

KEY_PREFIX = "vig"
PREFIX_LENGTH = 8
SECRET_LENGTH = 40
PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
MAX_LIFETIME = dt.timedelta(days=365)

_PARTNER_PERMISSIONS = frozenset(
    {Permission.PULL_FRAUD_LIST, Permission.RESPOND_REQUISITIONS, Permission.EXCHANGE}
)
# Peers abroad and national bodies without a desk here exchange indicators, nothing else.
_EXCHANGE_ONLY = frozenset({Permission.EXCHANGE})

# What a key of each kind of organisation may hold: partners' systems pull the fraud list and
# answer the requisitions sent to their organisation, and exchange indicators (STIX/TAXII, MISP).
# A new use of keys is one more permission.
KEY_PERMISSIONS: dict[str, frozenset[str]] = {
    OrganisationKind.TELECOM_OPERATOR: _PARTNER_PERMISSIONS,
    OrganisationKind.MOBILE_MONEY: _PARTNER_PERMISSIONS,
    OrganisationKind.BANK: _PARTNER_PERMISSIONS,
    OrganisationKind.PRIVATE_PARTNER: _PARTNER_PERMISSIONS,
    OrganisationKind.INTERNET_PROVIDER: _PARTNER_PERMISSIONS,
    OrganisationKind.HOST: _PARTNER_PERMISSIONS,
    OrganisationKind.REGISTRAR: _PARTNER_PERMISSIONS,
    OrganisationKind.PLATFORM: _PARTNER_PERMISSIONS,
    OrganisationKind.PEER_CIRT: _EXCHANGE_ONLY,
    OrganisationKind.INTERNATIONAL: _EXCHANGE_ONLY,
    OrganisationKind.FOREIGN_AUTHORITY: _EXCHANGE_ONLY,
    OrganisationKind.FINANCIAL_INTELLIGENCE: _EXCHANGE_ONLY,
}


@dataclass(frozen=True)
class NewApiKey:
    """A key just created, with the whole key: shown once, never stored."""

    api_key: ApiKey
    key: str


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def key_permissions_allowed(organisation: Organisation) -> frozenset[str]:
    return KEY_PERMISSIONS.get(organisation.kind, frozenset())


def api_key_label(api_key: ApiKey) -> str:
    """How the audit trail names a call made with the key."""
    return f"api_key:{api_key.prefix}@{api_key.organisation.code}"


def api_key_can(api_key: ApiKey, permission: str) -> bool:
    # The organisation's allowance is checked again: a permission withdrawn from a kind of
    # organisation stops working on keys made before.
    return permission in api_key.permissions and permission in key_permissions_allowed(
        api_key.organisation
    )


def _require_manager(actor: User) -> None:
    if not can(actor, Permission.MANAGE_ACCOUNTS):
        raise NotFound


@transaction.atomic
def api_key_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    permissions: list[str],
    expires_at: dt.datetime,
) -> NewApiKey:
    """Create a key for a partner organisation; the whole key is in the answer, and only there."""
    _require_manager(actor)
    allowed = key_permissions_allowed(organisation)
    if not allowed:
        message = _("Keys are for partners' systems: operators, mobile-money providers, banks.")
        raise InvalidAction(message, {"organisation": [message]})
    wanted = sorted({str(permission) for permission in permissions})
    if not wanted:
        message = _("Choose at least one permission.")
        raise InvalidAction(message, {"permissions": [message]})
    if not set(wanted) <= allowed:
        message = _("A key of this organisation cannot hold this permission.")
        raise InvalidAction(message, {"permissions": [message]})
    now = timezone.now()
    if expires_at <= now or expires_at > now + MAX_LIFETIME:
        message = _("Choose an expiry date in the coming year.")
        raise InvalidAction(message, {"expires_at": [message]})
    if not name.strip():
        message = _("Name the system that will use the key.")
        raise InvalidAction(message, {"name": [message]})
    prefix = get_random_string(PREFIX_LENGTH, PREFIX_ALPHABET)
    secret = get_random_string(SECRET_LENGTH)
    api_key = ApiKey.objects.create(
        organisation=organisation,
        name=name.strip(),
        prefix=prefix,
        secret_hash=secret_hash(secret),
        permissions=wanted,
        expires_at=expires_at,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="api_key.created",
        object_type="api_key",
        object_id=api_key.pk,
        details={
            "prefix": prefix,
            "organisation": organisation.code,
            "permissions": wanted,
            "expires_at": expires_at.isoformat(),
        },
    )
    return NewApiKey(api_key=api_key, key=f"{KEY_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def api_key_revoke(*, actor: User, api_key: ApiKey) -> ApiKey:
    """Stop a key at once; it stays listed, marked revoked, and the trail keeps its calls."""
    _require_manager(actor)
    locked = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if locked.revoked_at is not None:
        raise InvalidAction(_("This key is already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        action="api_key.revoked",
        object_type="api_key",
        object_id=locked.pk,
        details={"prefix": locked.prefix, "organisation": locked.organisation.code},
    )
    return locked


def api_key_authenticate(key: str) -> ApiKey | None:
    """The live key this string is, or None (malformed, unknown, wrong secret, revoked, expired)."""
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != PREFIX_LENGTH:
        return None
    api_key = ApiKey.objects.select_related("organisation").filter(prefix=parts[1]).first()
    if api_key is None:
        # Hash anyway, so an unknown prefix takes as long as a wrong secret.
        hmac.compare_digest(secret_hash(parts[2]), secret_hash(""))
        return None
    if not hmac.compare_digest(secret_hash(parts[2]), api_key.secret_hash):
        return None
    now = timezone.now()
    if api_key.revoked_at is not None or api_key.expires_at <= now:
        return None
    if not api_key.organisation.is_active:
        return None
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
    return api_key


def api_key_list() -> list[ApiKey]:
    return list(ApiKey.objects.select_related("organisation", "created_by", "revoked_by"))


def api_key_get(*, api_key_id: int) -> ApiKey:
    if api_key_id > 2**62:  # cannot be a row; the database would refuse the number itself
        raise NotFound
    api_key = ApiKey.objects.select_related("organisation").filter(pk=api_key_id).first()
    if api_key is None:
        raise NotFound
    return api_key


class ApiKeyBearer(HttpBearer):
    """``Authorization: Bearer vig_...``: the request's ``auth`` is the ``ApiKey``."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return api_key_authenticate(token)


api_key_bearer = ApiKeyBearer()
