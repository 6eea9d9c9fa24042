"""Observable types for the identifiers STIX 2.1 does not define, declared as the standard
wants: each is a new SCO type announced by an ``extension-definition`` the platform authors
(``extension_types: ["new-sco"]``), never ``x_`` properties on another type.

The ids of the extension definitions are uuid5s of the type's name in the platform's
namespace: they never change, so partners may key on them. Each type's JSON schema is served
under the platform's address (``schema_url``).
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from stix2.properties import StringProperty
from stix2.v21 import CustomObservable, ExtensionDefinition
from stix2.v21.base import _Observable

from vigilance.exchange.stix.identity import VIGILANCE_NAMESPACE, platform_identity_id

EXTENSIONS_CREATED = "2026-01-01T00:00:00.000Z"
EXTENSIONS_VERSION = "1.0.0"


@dataclass(frozen=True)
class NewObservableType:
    type: str
    key: str  # the property that holds the identifier, and makes the id
    name: str
    description: str

    @property
    def extension_id(self) -> str:
        return f"extension-definition--{uuid.uuid5(VIGILANCE_NAMESPACE, 'sco:' + self.type)}"


PHONE_NUMBER = NewObservableType(
    "phone-number",
    "value",
    "Phone number",
    "A telephone number in E.164 form (+237...), with the operator it belongs to if known.",
)
MOBILE_MONEY_ACCOUNT = NewObservableType(
    "mobile-money-account",
    "value",
    "Mobile-money account",
    "A mobile-money wallet (MTN MoMo, Orange Money...), by its number, with its provider.",
)
BANK_ACCOUNT = NewObservableType(
    "bank-account",
    "value",
    "Bank account",
    "A bank account by its IBAN or national RIB, without spaces, with its bank if known.",
)
CRYPTOCURRENCY_WALLET = NewObservableType(
    "cryptocurrency-wallet",
    "value",
    "Cryptocurrency wallet",
    "A cryptocurrency address, as written on its chain, with the currency if known.",
)
MOBILE_DEVICE = NewObservableType(
    "mobile-device",
    "imei",
    "Mobile device",
    "A mobile handset by its IMEI (15 digits).",
)

NEW_OBSERVABLE_TYPES = (
    PHONE_NUMBER,
    MOBILE_MONEY_ACCOUNT,
    BANK_ACCOUNT,
    CRYPTOCURRENCY_WALLET,
    MOBILE_DEVICE,
)


@CustomObservable(
    PHONE_NUMBER.type,
    [("value", StringProperty(required=True)), ("provider", StringProperty())],
    id_contrib_props=["value"],
    extension_name=PHONE_NUMBER.extension_id,
)
class PhoneNumber(_Observable):
    pass


@CustomObservable(
    MOBILE_MONEY_ACCOUNT.type,
    [("value", StringProperty(required=True)), ("provider", StringProperty())],
    id_contrib_props=["value"],
    extension_name=MOBILE_MONEY_ACCOUNT.extension_id,
)
class MobileMoneyAccount(_Observable):
    pass


@CustomObservable(
    BANK_ACCOUNT.type,
    [("value", StringProperty(required=True)), ("provider", StringProperty())],
    id_contrib_props=["value"],
    extension_name=BANK_ACCOUNT.extension_id,
)
class BankAccount(_Observable):
    pass


@CustomObservable(
    CRYPTOCURRENCY_WALLET.type,
    [("value", StringProperty(required=True)), ("provider", StringProperty())],
    id_contrib_props=["value"],
    extension_name=CRYPTOCURRENCY_WALLET.extension_id,
)
class CryptocurrencyWallet(_Observable):
    pass


@CustomObservable(
    MOBILE_DEVICE.type,
    [("imei", StringProperty(required=True))],
    id_contrib_props=["imei"],
    extension_name=MOBILE_DEVICE.extension_id,
)
class MobileDevice(_Observable):
    pass


def schema_url(kind: NewObservableType) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/taxii2/schemas/{kind.type}.json"


def extension_definition(
    kind: NewObservableType, *, modified: object = EXTENSIONS_CREATED
) -> ExtensionDefinition:
    return ExtensionDefinition(
        id=kind.extension_id,
        created_by_ref=platform_identity_id(),
        created=EXTENSIONS_CREATED,
        modified=modified,
        name=kind.name,
        description=kind.description,
        schema=schema_url(kind),
        version=EXTENSIONS_VERSION,
        extension_types=["new-sco"],
    )


def extension_definitions() -> list[ExtensionDefinition]:
    return [extension_definition(kind) for kind in NEW_OBSERVABLE_TYPES]


def schema_document(kind: NewObservableType) -> dict[str, object]:
    """The JSON schema of one new observable type, as served at ``schema_url``."""
    properties: dict[str, object] = {
        "type": {"type": "string", "const": kind.type},
        "spec_version": {"type": "string", "const": "2.1"},
        "id": {"type": "string", "pattern": f"^{kind.type}--"},
        kind.key: {"type": "string", "minLength": 1},
        "extensions": {"type": "object"},
        "object_marking_refs": {"type": "array", "items": {"type": "string"}},
    }
    if kind.key == "value":
        properties["provider"] = {"type": "string"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url(kind),
        "title": kind.name,
        "description": kind.description,
        "type": "object",
        "required": ["type", "spec_version", "id", kind.key, "extensions"],
        "properties": properties,
    }
