"""Reads of the collections: the pages of objects TAXII serves to partners, and the staff's
list of collections with their readers.

A collection holds the latest rows of its marking (and of its owner, for AMBER+STRICT), plus the
rows common to every collection (the platform's identity, marking and extension definitions).
Pages are keyset pages on (date_added, id), served by the ``exchange_object_page`` index
(tlp, date_added, id): the collection's own rows and the common rows are read as two ordered
scans and merged, so no page ever counts or skips rows (no OFFSET).
"""

import datetime as dt
import heapq
import uuid
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from vigilance.accounts.api_keys import key_permissions_allowed
from vigilance.accounts.models import Organisation, OrganisationKind, User
from vigilance.accounts.permissions import Permission, can
from vigilance.core.errors import NotFound
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import ExchangeCollection, ExchangeObject
from vigilance.exchange.taxii.filters import Cursor, ObjectFilter

# The organisations whose supervisors name who reads what the platform shares.
MANAGING_KINDS = (OrganisationKind.CIRT, OrganisationKind.COORDINATION_CENTRE)


@dataclass(frozen=True)
class ObjectRow:
    row_id: int
    stix_id: str
    version: dt.datetime
    date_added: dt.datetime
    body: str


@dataclass(frozen=True)
class ObjectPage:
    rows: list[ObjectRow]
    more: bool

    @property
    def next(self) -> Cursor | None:
        if not self.more or not self.rows:
            return None
        return Cursor(date_added=self.rows[-1].date_added, row_id=self.rows[-1].row_id)


def _own_rows(collection: ExchangeCollection) -> QuerySet[ExchangeObject]:
    rows = ExchangeObject.objects.filter(tlp=collection.tlp, is_common=False)
    if collection.tlp == Tlp.AMBER_STRICT:
        rows = rows.filter(owner_id=collection.owner_id)
    return rows


def _common_rows() -> QuerySet[ExchangeObject]:
    return ExchangeObject.objects.filter(is_common=True)


def _version_condition(filters: ObjectFilter) -> Q | None:
    """``match[version]``: None when every version is wanted."""
    if "all" in filters.version_keywords:
        return None
    condition = Q(pk__in=[])
    if "last" in filters.version_keywords:
        condition |= Q(is_latest=True)
    if "first" in filters.version_keywords:
        earlier = ExchangeObject.objects.filter(
            stix_id=OuterRef("stix_id"),
            tlp=OuterRef("tlp"),
            is_common=OuterRef("is_common"),
            version__lt=OuterRef("version"),
        )
        condition |= Q(~Exists(earlier))
    if filters.versions:
        condition |= Q(version__in=filters.versions)
    return condition


def _filtered(
    rows: QuerySet[ExchangeObject], filters: ObjectFilter, *, versions: bool = True
) -> QuerySet[ExchangeObject]:
    if not filters.spec_version_matches:
        return rows.none()
    if filters.added_after is not None:
        rows = rows.filter(date_added__gt=filters.added_after)
    if filters.ids:
        rows = rows.filter(stix_id__in=filters.ids)
    if filters.types:
        rows = rows.filter(type__in=filters.types)
    if versions and (condition := _version_condition(filters)) is not None:
        rows = rows.filter(condition)
    if (after := filters.after) is not None:
        # Written so the index range starts at the cursor's date (date_added >= ...).
        rows = rows.filter(date_added__gte=after.date_added).filter(
            Q(date_added__gt=after.date_added) | Q(id__gt=after.row_id)
        )
    return rows


def _ordered_scan(
    rows: QuerySet[ExchangeObject], limit: int, *, with_body: bool
) -> list[ObjectRow]:
    fields = ["id", "stix_id", "version", "date_added"]
    scanned = rows.order_by("date_added", "id").values_list(
        *fields, "body" if with_body else "type"
    )[:limit]
    return [
        ObjectRow(row_id, stix_id, version, date_added, body if with_body else "")
        for row_id, stix_id, version, date_added, body in scanned
    ]


def collection_object_page(
    *,
    collection: ExchangeCollection,
    filters: ObjectFilter,
    stix_id: str | None = None,
    versions: bool = True,
    with_body: bool = True,
) -> ObjectPage:
    """One page of the collection's objects (or of one object's versions, with ``stix_id``),
    in the order they were added; ``versions=False`` ignores ``match[version]`` (every
    version, for the versions endpoint)."""
    wanted = filters.limit + 1
    scans = []
    for rows in (_own_rows(collection), _common_rows()):
        if stix_id is not None:
            rows = rows.filter(stix_id=stix_id)
        scans.append(
            _ordered_scan(_filtered(rows, filters, versions=versions), wanted, with_body=with_body)
        )
    merged = list(heapq.merge(*scans, key=lambda row: (row.date_added, row.row_id)))[:wanted]
    return ObjectPage(rows=merged[: filters.limit], more=len(merged) > filters.limit)


def collection_holds_object(*, collection: ExchangeCollection, stix_id: str) -> bool:
    """Whether any version of the object is in the collection."""
    return (
        _own_rows(collection).filter(stix_id=stix_id).exists()
        or _common_rows().filter(stix_id=stix_id).exists()
    )


# Staff: the collections, their readers and what they hold.


def may_manage_collections(user: User) -> bool:
    """Supervisors of the CIRT and of the coordination centre name who reads what."""
    return (
        can(user, Permission.MANAGE_EXCHANGE)
        and user.organisation is not None
        and user.organisation.kind in MANAGING_KINDS
    )


def _object_count() -> Subquery:
    own = (
        ExchangeObject.objects.filter(tlp=OuterRef("tlp"), is_latest=True, is_common=False)
        .filter(Q(owner_id=OuterRef("owner_id")) | ~Q(tlp=Tlp.AMBER_STRICT))
        .order_by()
        .values("tlp")
        .annotate(count=Count("id"))
        .values("count")
    )
    return Coalesce(Subquery(own, output_field=IntegerField()), 0)  # type: ignore[return-value]


def collection_list_for_staff(user: User) -> QuerySet[ExchangeCollection]:
    """Every collection, active first, with its owner, readers and count of objects."""
    if not may_manage_collections(user):
        return ExchangeCollection.objects.none()
    return (
        ExchangeCollection.objects.select_related("owner")
        .prefetch_related("readers")
        .annotate(object_count=_object_count())
        .order_by("-is_active", "slug")
    )


def collection_get_for_staff(*, user: User, collection_id: uuid.UUID) -> ExchangeCollection:
    collection = collection_list_for_staff(user).filter(pk=collection_id).first()
    if collection is None:
        raise NotFound
    return collection


def common_object_count() -> int:
    return _common_rows().filter(is_latest=True).count()


def may_read_exchange(organisation: Organisation) -> bool:
    """Whether the organisation may hold an exchange key, hence read collections."""
    return organisation.is_active and Permission.EXCHANGE in key_permissions_allowed(organisation)


def exchange_partners() -> QuerySet[Organisation]:
    """The organisations that may be named readers or owners of a collection."""
    kinds = [
        kind
        for kind in OrganisationKind.values
        if Permission.EXCHANGE in key_permissions_allowed(Organisation(kind=kind))
    ]
    return Organisation.objects.filter(is_active=True, kind__in=kinds).order_by("code")
