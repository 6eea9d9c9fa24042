"""Reads of the accounts app for the administration pages: organisations, units and people."""

from django.db.models import Prefetch, QuerySet

from vigilance.accounts.models import Organisation, Unit, User
from vigilance.core.errors import NotFound


def organisation_list() -> QuerySet[Organisation]:
    """Every organisation with its units (in tree order) and the regions each unit covers."""
    units = Unit.objects.order_by("path").prefetch_related("regions")
    return Organisation.objects.prefetch_related(Prefetch("units", queryset=units))


def unit_get(*, code: str) -> Unit:
    unit = Unit.objects.select_related("organisation", "parent").filter(code=code).first()
    if unit is None:
        raise NotFound
    return unit


def member_list(*, organisation_code: str = "") -> QuerySet[User]:
    people = User.objects.select_related("organisation", "unit").order_by(
        "organisation__name_fr", "username"
    )
    if organisation_code:
        people = people.filter(organisation__code=organisation_code)
    return people


def member_get(*, user_id: int) -> User:
    user = User.objects.select_related("organisation", "unit").filter(pk=user_id).first()
    if user is None:
        raise NotFound
    return user
