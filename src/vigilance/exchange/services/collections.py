"""Writes on the collections: staff create them, name or remove the AMBER readers (need to know,
with a reason) and deactivate them; and the audit of every TAXII read by a partner's key.

Each write checks the actor's right, keeps TLP 2.0 (no RED collection, an owner for
AMBER+STRICT and only for it, AMBER readers that may hold an exchange key) and records its
audit event in the same transaction.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vigilance.accounts.api_keys import api_key_label
from vigilance.accounts.models import ApiKey, Organisation, User
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotAllowed
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import ExchangeCollection
from vigilance.exchange.selectors.collections import may_manage_collections, may_read_exchange

OBJECT_TYPE = "exchange_collection"


def _check_right(actor: User) -> None:
    if not may_manage_collections(actor):
        raise NotAllowed(
            _("Only supervisors of the CIRT or the coordination centre manage the collections.")
        )


def _reason(reason: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise InvalidAction(_("Give the reason."), {"reason": [_("Give the reason.")]})
    return cleaned


@transaction.atomic
def collection_create(
    *,
    actor: User,
    slug: str,
    tlp: str,
    title_fr: str,
    title_en: str,
    description_fr: str = "",
    description_en: str = "",
    owner: Organisation | None = None,
) -> ExchangeCollection:
    """A new collection; AMBER+STRICT ones belong to ``owner``, a partner of the exchange."""
    _check_right(actor)
    if tlp not in (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT):
        raise InvalidAction(
            _("RED never leaves the platform: no collection may carry it."),
            {"tlp": [_("Choose CLEAR, GREEN, AMBER or AMBER+STRICT.")]},
        )
    if tlp == Tlp.AMBER_STRICT:
        if owner is None or not may_read_exchange(owner):
            raise InvalidAction(
                _("An AMBER+STRICT collection belongs to one partner of the exchange."),
                {"owner": [_("Choose the organisation the collection belongs to.")]},
            )
    elif owner is not None:
        raise InvalidAction(
            _("Only an AMBER+STRICT collection has an owner."),
            {"owner": [_("Leave the owner empty, or choose AMBER+STRICT.")]},
        )
    if ExchangeCollection.objects.filter(slug=slug).exists():
        raise InvalidAction(
            _("A collection already has this short name."),
            {"slug": [_("A collection already has this short name.")]},
        )
    try:
        with transaction.atomic():
            collection = ExchangeCollection.objects.create(
                slug=slug,
                tlp=tlp,
                owner=owner,
                title_fr=title_fr,
                title_en=title_en,
                description_fr=description_fr,
                description_en=description_en,
            )
    except IntegrityError as error:
        raise InvalidAction(
            _("A collection already has this short name."),
            {"slug": [_("A collection already has this short name.")]},
        ) from error
    audit_record(
        actor=actor,
        action="exchange.collection_created",
        object_type=OBJECT_TYPE,
        object_id=collection.slug,
        details={
            "collection_id": str(collection.pk),
            "tlp": tlp,
            "owner": owner.code if owner is not None else "",
        },
    )
    return collection


def _check_amber(collection: ExchangeCollection) -> None:
    if collection.tlp != Tlp.AMBER:
        raise InvalidAction(
            _("Only AMBER collections have readers named for their need to know."),
            {"organisation": [_("This collection is not AMBER.")]},
        )


@transaction.atomic
def collection_reader_add(
    *, actor: User, collection: ExchangeCollection, organisation: Organisation, reason: str
) -> None:
    """Name ``organisation`` a reader of an AMBER collection, for its need to know."""
    _check_right(actor)
    _check_amber(collection)
    cleaned = _reason(reason)
    if not may_read_exchange(organisation):
        raise InvalidAction(
            _("This organisation cannot hold an exchange key."),
            {"organisation": [_("Choose a partner of the exchange.")]},
        )
    if collection.readers.filter(pk=organisation.pk).exists():
        raise InvalidAction(
            _("This organisation already reads the collection."),
            {"organisation": [_("This organisation already reads the collection.")]},
        )
    collection.readers.add(organisation)
    audit_record(
        actor=actor,
        action="exchange.collection_reader_added",
        object_type=OBJECT_TYPE,
        object_id=collection.slug,
        details={"organisation": organisation.code, "reason": cleaned},
    )


@transaction.atomic
def collection_reader_remove(
    *, actor: User, collection: ExchangeCollection, organisation: Organisation, reason: str
) -> None:
    """Withdraw ``organisation``'s need to know: its next read of the collection is a 404."""
    _check_right(actor)
    _check_amber(collection)
    cleaned = _reason(reason)
    if not collection.readers.filter(pk=organisation.pk).exists():
        raise InvalidAction(
            _("This organisation does not read the collection."),
            {"organisation": [_("This organisation does not read the collection.")]},
        )
    collection.readers.remove(organisation)
    audit_record(
        actor=actor,
        action="exchange.collection_reader_removed",
        object_type=OBJECT_TYPE,
        object_id=collection.slug,
        details={"organisation": organisation.code, "reason": cleaned},
    )


@transaction.atomic
def collection_deactivate(*, actor: User, collection: ExchangeCollection, reason: str) -> None:
    """Stop serving the collection: every partner then gets a 404 for it."""
    _check_right(actor)
    cleaned = _reason(reason)
    if not collection.is_active:
        raise InvalidAction(_("This collection is already inactive."))
    collection.is_active = False
    collection.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="exchange.collection_deactivated",
        object_type=OBJECT_TYPE,
        object_id=collection.slug,
        details={"reason": cleaned},
    )


@transaction.atomic
def collection_read_record(
    *,
    api_key: ApiKey,
    collection: ExchangeCollection,
    endpoint: str,
    count: int,
    filters: dict[str, str],
) -> None:
    """One TAXII read of a partner's key: which collection, what it asked, how many objects."""
    audit_record(
        actor=None,
        actor_label=api_key_label(api_key),
        action="exchange.taxii_read",
        object_type=OBJECT_TYPE,
        object_id=collection.slug,
        details={
            "partner": api_key.organisation.code,
            "key": api_key.prefix,
            "endpoint": endpoint,
            "count": count,
            "filters": filters,
        },
    )
