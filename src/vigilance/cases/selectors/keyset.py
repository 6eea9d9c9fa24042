"""Keyset pages over a list that can grow: newest first by primary key, with opaque signed
cursors for "next" and "previous" and no page numbers, no OFFSET and no exact count.

A cursor names the row the page starts after (or ends before); rows added or removed between
two pages never make a row repeat or disappear from the walk. The cursor is signed with the
site's secret and a salt per list, so it cannot be forged nor carried from one list to another;
a broken one is a clear 4xx (``InvalidAction``), never a 500.
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core import signing
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from vigilance.core.errors import InvalidAction

M = TypeVar("M", bound=Model)

AFTER = "a"
BEFORE = "b"


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    items: list[M]
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def object_list(self) -> list[M]:
        return self.items

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def cursor_make(*, key: int, direction: str, salt: str) -> str:
    return signing.dumps([direction, key], salt=salt)


def cursor_read(cursor: str, *, salt: str) -> tuple[str, int]:
    """The direction and key of a cursor made by ``cursor_make`` with the same salt."""
    try:
        direction, key = signing.loads(cursor, salt=salt)
        if direction not in (AFTER, BEFORE) or not isinstance(key, int):
            raise ValueError(direction)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidAction(
            _("This page address is not valid: start again from the first page."),
            {"cursor": [_("This page address is not valid.")]},
        ) from error
    return direction, key


def keyset_page(
    queryset: QuerySet[M, Any], *, cursor: str, per_page: int, salt: str
) -> KeysetPage[M]:
    """One page of ``queryset`` newest first (``-pk``), from ``cursor`` ("" for the first)."""
    if not cursor:
        rows = list(queryset.order_by("-pk")[: per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page]
        return KeysetPage(
            items=rows,
            next_cursor=cursor_make(key=rows[-1].pk, direction=AFTER, salt=salt) if more else "",
        )
    direction, key = cursor_read(cursor, salt=salt)
    if direction == AFTER:
        rows = list(queryset.filter(pk__lt=key).order_by("-pk")[: per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page]
        return KeysetPage(
            items=rows,
            next_cursor=cursor_make(key=rows[-1].pk, direction=AFTER, salt=salt) if more else "",
            previous_cursor=cursor_make(
                key=rows[0].pk if rows else key - 1, direction=BEFORE, salt=salt
            ),
        )
    rows = list(queryset.filter(pk__gt=key).order_by("pk")[: per_page + 1])
    more = len(rows) > per_page
    rows = list(reversed(rows[:per_page]))
    return KeysetPage(
        items=rows,
        next_cursor=cursor_make(key=rows[-1].pk if rows else key + 1, direction=AFTER, salt=salt),
        previous_cursor=cursor_make(key=rows[0].pk, direction=BEFORE, salt=salt) if more else "",
    )
