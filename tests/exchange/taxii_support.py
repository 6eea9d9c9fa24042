"""Published objects for the TAXII tests: real STIX 2.1 indicators, stored as the platform
stores them (one ``ExchangeObject`` row per version)."""

import datetime as dt
import hashlib
import uuid

import stix2

from vigilance.accounts.models import Organisation
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import ExchangeCollection, ExchangeObject

START = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)


def publish(
    *,
    tlp: str = Tlp.GREEN,
    owner: Organisation | None = None,
    domain: str = "",
    date_added: dt.datetime | None = None,
    stix_id: str = "",
    version: dt.datetime | None = None,
    is_common: bool = False,
    is_latest: bool = True,
) -> ExchangeObject:
    """One indicator of ``domain`` (or a version of ``stix_id``) in the objects served."""
    moment = version or date_added or START
    indicator = stix2.Indicator(
        id=stix_id or f"indicator--{uuid.uuid4()}",
        created=START,
        modified=moment,
        pattern=f"[domain-name:value = '{domain or uuid.uuid4().hex[:10] + '.example'}']",
        pattern_type="stix",
        valid_from=START,
    )
    body = indicator.serialize()
    return ExchangeObject.objects.create(
        stix_id=indicator.id,
        type="indicator",
        version=moment,
        date_added=date_added or moment,
        tlp=tlp,
        owner=owner,
        is_common=is_common,
        is_latest=is_latest,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        body=body,
    )


def publish_identity(date_added: dt.datetime = START) -> ExchangeObject:
    """The platform's identity: common to every collection."""
    identity = stix2.Identity(
        id="identity--8c6f4a1e-2d2b-4b8e-9a51-1a0c9b0f7e11",
        name="Vigilance",
        identity_class="organization",
        created=START,
        modified=START,
    )
    body = identity.serialize()
    return ExchangeObject.objects.create(
        stix_id=identity.id,
        type="identity",
        version=START,
        date_added=date_added,
        tlp=Tlp.CLEAR,
        is_common=True,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        body=body,
    )


def strict_collection(owner: Organisation) -> ExchangeCollection:
    return ExchangeCollection.objects.create(
        slug=f"strict-{owner.code}",
        tlp=Tlp.AMBER_STRICT,
        owner=owner,
        title_fr=f"Pour {owner.code}",
        title_en=f"For {owner.code}",
    )


def collection(slug: str) -> ExchangeCollection:
    return ExchangeCollection.objects.get(slug=slug)
