"""Reads of the reference data (offence categories, regions, departments), cached per process.

Every submission checks its category, region and department; these tables change a few times a
year, so each process keeps them for ``REFERENCE_CACHE_SECONDS`` instead of asking the database
three times per report.
"""

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from vigilance.core.models import Department, OffenceCategory, Region


@dataclass(frozen=True)
class _ReferenceTables:
    categories: dict[str, OffenceCategory]
    regions: dict[str, Region]
    departments: dict[str, Department]
    loaded_at: float


_lock = threading.Lock()
_tables: _ReferenceTables | None = None


def _load() -> _ReferenceTables:
    return _ReferenceTables(
        categories={c.code: c for c in OffenceCategory.objects.filter(is_active=True)},
        regions={r.code: r for r in Region.objects.all()},
        departments={d.code: d for d in Department.objects.all()},
        loaded_at=time.monotonic(),
    )


def _reference_tables() -> _ReferenceTables:
    global _tables
    tables = _tables
    if tables is None or time.monotonic() - tables.loaded_at > settings.REFERENCE_CACHE_SECONDS:
        with _lock:
            tables = _tables = _load()
    return tables


def reference_cache_clear() -> None:
    """Forget the cached tables (after editing reference data, and between tests)."""
    global _tables
    with _lock:
        _tables = None


def category_get_active(code: str) -> OffenceCategory | None:
    return _reference_tables().categories.get(code)


def categories_get_active(codes: Iterable[str]) -> list[OffenceCategory]:
    """The active categories among ``codes``, in their order (the others are left out)."""
    categories = _reference_tables().categories
    return [categories[code] for code in codes if code in categories]


def region_get(code: str) -> Region | None:
    return _reference_tables().regions.get(code)


def department_get(*, code: str, region_code: str) -> Department | None:
    """The department with this code, only if it lies in the given region."""
    department = _reference_tables().departments.get(code)
    return department if department is not None and department.region_id == region_code else None
