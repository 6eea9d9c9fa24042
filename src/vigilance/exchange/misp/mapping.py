"""How one confirmed identifier reads in MISP: its attribute or object, its tags, its uuids.

Pure rules on plain values (no database): each identifier becomes exactly one entry of the event,
either a MISP attribute (phone numbers, e-mail addresses, links, domains, IP addresses) or an
object from pymisp's shipped templates where MISP has one that says more (a mobile-money account
is a ``phone-number`` object naming its provider, a bank account a ``bank-account`` object, a
wallet a ``coin-address`` object with its chain, an IMEI a ``phone`` object, a social profile a
``user-account`` object). Every value is ``to_ids``: it is confirmed fraud.
"""

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from pymisp import MISPAttribute, MISPObject

from vigilance.core.tlp import Tlp

# Fixed forever: event, attribute and object uuids are derived from it, so that a MISP instance
# pulling the feed again recognises every event and attribute it already holds.
EXCHANGE_MISP_NAMESPACE = uuid.UUID("6a0c4d0e-3b1f-5a57-9a41-2f1c8e0b7d52")

MISP_TLP_TAGS = {
    Tlp.CLEAR: "tlp:clear",
    Tlp.GREEN: "tlp:green",
    Tlp.AMBER: "tlp:amber",
    Tlp.AMBER_STRICT: "tlp:amber+strict",
}

# The closest class of the Reference Security Incident Taxonomy (MISP taxonomy "rsit") for each
# offence category, where one fits; scams with no closer class are left to the platform's tag.
RSIT_TAGS = {
    "phishing": 'rsit:fraud="phishing"',
    "identity_theft": 'rsit:fraud="masquerade"',
    "business_email_compromise": 'rsit:fraud="masquerade"',
    "investment_scam": 'rsit:fraud="unauthorized-use-of-resources"',
    "account_takeover": 'rsit:intrusions="unprivileged-account-compromise"',
    "intrusion": 'rsit:intrusions="privileged-account-compromise"',
    "website_defacement": 'rsit:intrusions="application-compromise"',
    "malware": 'rsit:malicious-code="malware-distribution"',
    "ransomware": 'rsit:malicious-code="malware-distribution"',
    "ddos": 'rsit:availability="ddos"',
    "data_breach": 'rsit:information-content-security="unauthorised-information-access"',
    "sextortion": 'rsit:abusive-content="harmful-speech"',
    "cyber_harassment": 'rsit:abusive-content="harmful-speech"',
    "hate_terrorism_content": 'rsit:abusive-content="harmful-speech"',
    "child_sexual_abuse": 'rsit:abusive-content="violence"',
    "non_consensual_imagery": 'rsit:abusive-content="violence"',
}

MOMO_PROVIDERS = {"mtn_momo": "MTN Mobile Money", "orange_money": "Orange Money"}
# The normaliser's chain names -> the coin-address template's symbols.
COIN_SYMBOLS = {"bitcoin": "BTC", "ethereum": "ETH", "tron": "TRX"}
# Monero addresses are kept as written by the normaliser; their shape tells the chain.
_MONERO = re.compile(r"^[48][1-9A-HJ-NP-Za-km-z]{94}$")
SOCIAL_PLATFORMS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "x": "X",
    "telegram": "Telegram",
    "whatsapp": "WhatsApp",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
}

# type -> (MISP attribute type, MISP category) for identifiers that are one plain attribute.
ATTRIBUTE_TYPES = {
    "phone": ("phone-number", "Financial fraud"),
    "email": ("email-src", "Payload delivery"),
    "url": ("url", "Network activity"),
    "domain": ("domain", "Network activity"),
    "ip": ("ip-dst", "Network activity"),
}
OBJECT_TYPES = ("momo_account", "bank_account", "crypto_wallet", "imei", "social_profile")


@dataclass(frozen=True)
class Identifier:
    """One identifier as the feed shows it; ``changed_at`` is when its entry last changed."""

    type: str
    value: str
    provider: str
    categories: tuple[str, ...]
    report_count: int
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    changed_at: dt.datetime
    is_withdrawn: bool = False


def category_tags(categories: Iterable[str]) -> list[str]:
    """The platform's machine tag for each category, then the RSIT class where one fits."""
    codes = sorted(set(categories))
    tags = [f'vigilance:category="{code.replace("_", "-")}"' for code in codes]
    tags += sorted({RSIT_TAGS[code] for code in codes if code in RSIT_TAGS})
    return tags


def event_uuid(collection_id: uuid.UUID, day: dt.date) -> str:
    """One event per collection and UTC day of confirmation, the same uuid at every build."""
    return str(uuid.uuid5(EXCHANGE_MISP_NAMESPACE, f"event:{collection_id}:{day.isoformat()}"))


def entry_uuid(event: str, identifier: Identifier) -> str:
    """Unique in a MISP instance (MISP refuses one uuid in two events): the same identifier
    confirmed again on another day is a new attribute of that day's event."""
    return str(uuid.uuid5(uuid.UUID(event), f"{identifier.type}:{identifier.value}"))


def _comment(identifier: Identifier) -> str:
    if identifier.is_withdrawn:
        return "No longer confirmed fraud: withdrawn from the list."
    reports = identifier.report_count
    return f"Confirmed fraud, named in {reports} report{'s' if reports != 1 else ''}."


def _seen(identifier: Identifier) -> dict[str, dt.datetime]:
    seen: dict[str, dt.datetime] = {}
    if identifier.first_seen is not None:
        seen["first_seen"] = identifier.first_seen
    if identifier.last_seen is not None:
        seen["last_seen"] = max(identifier.last_seen, identifier.first_seen or identifier.last_seen)
    return seen


def _common(identifier: Identifier, uuid_: str) -> dict[str, object]:
    return {
        "uuid": uuid_,
        "comment": _comment(identifier),
        "timestamp": identifier.changed_at,
        "deleted": identifier.is_withdrawn,
        **_seen(identifier),
    }


def misp_entry(identifier: Identifier, *, event: str) -> MISPAttribute | MISPObject:
    """The attribute or object standing for ``identifier`` in event ``event`` (a uuid)."""
    uuid_ = entry_uuid(event, identifier)
    tags = category_tags(identifier.categories)
    if identifier.type in ATTRIBUTE_TYPES:
        misp_type, category = ATTRIBUTE_TYPES[identifier.type]
        attribute = MISPAttribute()
        attribute.from_dict(
            type=misp_type,
            value=identifier.value,
            category=category,
            to_ids=True,
            **_common(identifier, uuid_),
        )
        for tag in tags:
            attribute.add_tag(tag)
        return attribute
    misp_object = _object(identifier)
    for name, value in _common(identifier, uuid_).items():
        setattr(misp_object, name, value)
    for attribute in misp_object.attributes:
        attribute.uuid = str(uuid.uuid5(uuid.UUID(uuid_), attribute.object_relation))
        attribute.timestamp = identifier.changed_at
        attribute.deleted = identifier.is_withdrawn
        for tag in tags:
            attribute.add_tag(tag)
    return misp_object


def _object(identifier: Identifier) -> MISPObject:
    kind, value, provider = identifier.type, identifier.value, identifier.provider
    ids = {"to_ids": True}
    text = {"to_ids": False}
    if kind == "momo_account":
        misp_object = MISPObject("phone-number", standalone=False)
        misp_object.add_attribute("phone-number", value=value, category="Financial fraud", **ids)
        label = MOMO_PROVIDERS.get(provider, "")
        description = f"Mobile-money account ({label})" if label else "Mobile-money account"
        misp_object.add_attribute("text", value=description, **text)
    elif kind == "bank_account":
        misp_object = MISPObject("bank-account", standalone=False)
        is_iban = value[:2].isalpha()
        relation = "iban" if is_iban else "account"
        misp_object.add_attribute(relation, value=value, **ids)
        if not is_iban:
            misp_object.add_attribute("text", value="RIB (CEMAC)", **text)
    elif kind == "crypto_wallet":
        misp_object = MISPObject("coin-address", standalone=False)
        symbol = COIN_SYMBOLS.get(provider, "")
        if not symbol and _MONERO.match(value):
            symbol = "XMR"
        relation = {"BTC": "address", "XMR": "address-xmr"}.get(symbol, "address-crypto")
        misp_object.add_attribute(relation, value=value, **ids)
        if symbol:
            misp_object.add_attribute("symbol", value=symbol, **text)
    elif kind == "imei":
        misp_object = MISPObject("phone", standalone=False)
        misp_object.add_attribute("imei", value=value, **ids)
    elif kind == "social_profile":
        misp_object = MISPObject("user-account", standalone=False)
        misp_object.add_attribute("link", value=value, **ids)
        misp_object.add_attribute("username", value=value.rstrip("/").rsplit("/", 1)[-1], **text)
        platform = SOCIAL_PLATFORMS.get(provider, "")
        if platform:
            misp_object.add_attribute("description", value=f"{platform} profile", **text)
    else:
        raise ValueError(f"No MISP form for identifiers of type {kind!r}.")
    return misp_object
