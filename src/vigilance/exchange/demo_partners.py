"""Demonstration partners of the exchange: two peer CIRTs, clearly named as demonstrations, each
with an exchange key; the first is a named reader of ``confirmed-amber``, the second owns an
AMBER+STRICT collection. Safe to run again.

The demonstration keys must work on every ``make run`` and be printed by ``demo_logins``, so
their secrets cannot be random at each run. They are not written in the code either: each is an
embedded secret (``var/secrets.json``, made once per installation, readable by its owner only),
and the database keeps only its SHA-256, as for every key. Nothing is done outside the embedded
shape, the only one with demonstration data: a production installation never gets a key whose
secret sits in a file.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vigilance.accounts.api_keys import KEY_PREFIX, MAX_LIFETIME, secret_hash
from vigilance.accounts.models import ApiKey, Organisation, OrganisationKind
from vigilance.accounts.permissions import Permission
from vigilance.audit.services import audit_record
from vigilance.core.secrets import embedded_secret
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import ExchangeCollection

# Read by ``demo_logins`` to print the keys: names of secrets and prefixes, never a secret.
DEMO_KEYS_FILE = "demo-exchange.json"
AMBER_COLLECTION = "confirmed-amber"
_SEEDER = "command:seed_exchange"


@dataclass(frozen=True)
class DemoPeer:
    code: str
    name_fr: str
    name_en: str
    prefix: str  # eight characters, as every key's
    secret_name: str


DEMO_PEERS = (
    DemoPeer(
        "demo-cert-gabon",
        "CERT partenaire (démo) Gabon",
        "Partner CERT (demo) Gabon",
        "demogab1",
        "DEMO_EXCHANGE_SECRET_GABON",
    ),
    DemoPeer(
        "demo-cert-senegal",
        "CERT partenaire (démo) Sénégal",
        "Partner CERT (demo) Senegal",
        "demosen1",
        "DEMO_EXCHANGE_SECRET_SENEGAL",
    ),
)


def strict_collection_slug(organisation: Organisation) -> str:
    return f"amber-strict-{organisation.code}"


def demo_key(peer: DemoPeer) -> str:
    """The whole demonstration key of ``peer`` (embedded shape only)."""
    secret = embedded_secret(settings.VAR_DIR, peer.secret_name)
    return f"{KEY_PREFIX}_{peer.prefix}_{secret}"


def _organisation(peer: DemoPeer) -> Organisation:
    organisation, _created = Organisation.objects.update_or_create(
        code=peer.code,
        defaults={
            "kind": OrganisationKind.PEER_CIRT,
            "name_fr": peer.name_fr,
            "name_en": peer.name_en,
            "is_active": True,
        },
    )
    return organisation


def _key(peer: DemoPeer, organisation: Organisation) -> ApiKey | None:
    """The peer's key, created or brought up to date; None if an administrator revoked it or
    the prefix belongs to another organisation (then it is left alone)."""
    digest = secret_hash(demo_key(peer).split("_", 2)[2])
    expires_at = timezone.now() + MAX_LIFETIME - dt.timedelta(minutes=1)
    api_key = ApiKey.objects.filter(prefix=peer.prefix).first()
    if api_key is None:
        api_key = ApiKey.objects.create(
            organisation=organisation,
            name="Demonstration TAXII client",
            prefix=peer.prefix,
            secret_hash=digest,
            permissions=[str(Permission.EXCHANGE)],
            expires_at=expires_at,
        )
        audit_record(
            actor=None,
            actor_label=_SEEDER,
            action="api_key.created",
            object_type="api_key",
            object_id=api_key.pk,
            details={
                "prefix": peer.prefix,
                "organisation": organisation.code,
                "permissions": api_key.permissions,
                "expires_at": expires_at.isoformat(),
            },
        )
        return api_key
    if api_key.organisation_id != organisation.pk or api_key.revoked_at is not None:
        return None
    api_key.secret_hash, api_key.expires_at = digest, expires_at
    api_key.save(update_fields=["secret_hash", "expires_at"])
    return api_key


def _collections(reader: Organisation, owner: Organisation) -> None:
    amber = ExchangeCollection.objects.filter(slug=AMBER_COLLECTION).first()
    if amber is not None:
        amber.readers.add(reader)
    ExchangeCollection.objects.get_or_create(
        slug=strict_collection_slug(owner),
        defaults={
            "tlp": Tlp.AMBER_STRICT,
            "owner": owner,
            "title_fr": f"Pour {owner.name_fr} seulement (TLP:AMBER+STRICT)",
            "title_en": f"For {owner.name_en} only (TLP:AMBER+STRICT)",
            "description_fr": "Identifiants partagés avec ce seul partenaire.",
            "description_en": "Identifiers shared with this partner only.",
        },
    )


def seed(stdout: TextIO) -> None:
    if not settings.EMBEDDED:
        stdout.write("Exchange demonstration partners exist only in the embedded shape: skipped.\n")
        return
    with transaction.atomic():
        organisations = [_organisation(peer) for peer in DEMO_PEERS]
        keys = [
            _key(peer, organisation)
            for peer, organisation in zip(DEMO_PEERS, organisations, strict=True)
        ]
        _collections(reader=organisations[0], owner=organisations[1])
    listed = [
        {"organisation": peer.name_en, "prefix": peer.prefix, "secret": peer.secret_name}
        for peer, key in zip(DEMO_PEERS, keys, strict=True)
        if key is not None
    ]
    path = settings.VAR_DIR / DEMO_KEYS_FILE
    path.write_text(json.dumps(listed, indent=2))
    stdout.write(f"Exchange demonstration partners: {len(listed)} peer CIRTs with a key.\n")
