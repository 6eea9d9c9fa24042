"""What administrators do to other people's accounts and to units, each write audited.

Who may act on which account is decided by ``accounts.access``; here, nobody grants a role they
do not hold unless they are an administrator, and what opens case content waits for a second
administrator (``grants``).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from vigilance.accounts.access import is_privileged, require_can_act_on, require_manager
from vigilance.accounts.models import Organisation, Role, RoleGrant, Unit, UnitMove, User
from vigilance.accounts.permissions import ROLES_NEEDING_APPROVAL
from vigilance.accounts.services.authentication import user_create_staff
from vigilance.accounts.services.grants import (
    assignment_apply,
    needs_approval,
    role_grant_request,
)
from vigilance.accounts.services.unit_moves import (
    move_needs_approval,
    unit_move_request,
    unit_parent_set,
)
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction
from vigilance.core.models import Region

READABLE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class NewMember:
    user: User
    password: str
    grant: RoleGrant | None = None


def temporary_password() -> str:
    """16 random characters in groups of four, easy to read out and to type (about 79 bits)."""
    raw = get_random_string(16, READABLE_ALPHABET)
    return "-".join(raw[index : index + 4] for index in range(0, 16, 4))


def _role_codes(roles: Iterable[str]) -> list[str]:
    codes = sorted({str(role) for role in roles})
    unknown = [code for code in codes if code not in Role.values]
    if unknown:
        raise InvalidAction(_("Unknown role."), {"roles": [_("Unknown role.")]})
    if not codes:
        message = _("Choose at least one role.")
        raise InvalidAction(message, {"roles": [message]})
    return codes


def _require_grantable(actor: User, roles: Iterable[str]) -> None:
    if actor.has_role(Role.ADMINISTRATOR):
        return
    missing = [Role(code).label for code in roles if not actor.has_role(code)]
    if missing:
        message = _("You cannot grant a role you do not hold yourself: %(roles)s.") % {
            "roles": ", ".join(str(label) for label in missing)
        }
        raise InvalidAction(message, {"roles": [message]})


def _require_unit_of(organisation: Organisation, unit: Unit) -> None:
    if unit.organisation_id != organisation.pk:
        message = _("Choose a unit of the organisation %(organisation)s.") % {
            "organisation": organisation.name
        }
        raise InvalidAction(message, {"unit": [message]})


@transaction.atomic
def user_create_member(
    *,
    actor: User,
    username: str,
    email: str,
    organisation: Organisation,
    unit: Unit,
    roles: Iterable[str],
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> NewMember:
    """Create a person's account in a unit, with roles; they enrol their authenticator and
    choose their own password at their first sign-in. Without a password, a temporary one is
    generated (shown once to the actor). Roles that open case content (or administration) wait
    for a second administrator's approval: the account starts without them.

    Raises ValidationError (username taken, weak password) or InvalidAction (rules above).
    """
    require_manager(actor)
    _require_unit_of(organisation, unit)
    codes = _role_codes(roles)
    _require_grantable(actor, codes)
    password = password or temporary_password()
    user = user_create_staff(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        must_enrol_authenticator=True,
    ).user
    user.organisation = organisation
    user.unit = unit
    user.roles = [code for code in codes if code not in ROLES_NEEDING_APPROVAL]
    user.must_change_password = True
    user.save(update_fields=["organisation", "unit", "roles", "must_change_password"])
    audit_record(
        actor=actor,
        action="account.created",
        object_type="user",
        object_id=user.pk,
        details={
            "username": user.username,
            "organisation": organisation.code,
            "unit": unit.code,
            "roles": user.roles,
        },
    )
    grant = None
    if user.roles != codes:
        grant = role_grant_request(actor=actor, user=user, unit=unit, roles=codes)
    return NewMember(user=user, password=password, grant=grant)


@transaction.atomic
def user_update_assignment(
    *, actor: User, user: User, unit: Unit, roles: Iterable[str]
) -> RoleGrant | None:
    """A person's unit and roles, together or not at all (callers ask for a recent
    re-authentication first). A change that opens case content or administration is not applied:
    it becomes a grant waiting for a second administrator, returned; otherwise None.
    """
    require_manager(actor)
    codes = _role_codes(roles)
    before = sorted(user.roles or [])
    if codes == before and user.unit_id == unit.pk:
        return None
    if user.pk == actor.pk:
        raise InvalidAction(_("You cannot change your own roles: ask another administrator."))
    require_can_act_on(actor, user)
    _require_unit_of(user.organisation or unit.organisation, unit)
    _require_grantable(actor, set(codes) - set(before))
    if needs_approval(roles_before=before, unit_before=user.unit, roles=codes, unit=unit):
        return role_grant_request(actor=actor, user=user, unit=unit, roles=codes)
    assignment_apply(actor=actor, user=user, unit=unit, roles=codes)
    return None


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """Close a person's account: they can no longer sign in, and their sessions stop working.

    Unlike other changes, an administrator may close another administrator's account (not a
    superuser's): it takes rights away and gives none, and a departing or compromised
    administrator must be stoppable without the operators.
    """
    require_manager(actor)
    if user.pk == actor.pk:
        raise InvalidAction(_("You cannot deactivate your own account."))
    if not (is_privileged(user) and not user.is_superuser):
        require_can_act_on(actor, user)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="account.deactivated",
        object_type="user",
        object_id=user.pk,
        details={"username": user.username},
    )
    return user


def _require_parent(
    unit_organisation: Organisation, parent: Unit | None, unit: Unit | None
) -> None:
    if parent is None:
        return
    if parent.organisation_id != unit_organisation.pk:
        message = _("The parent unit must belong to the same organisation.")
        raise InvalidAction(message, {"parent": [message]})
    if unit is not None and (parent.pk == unit.pk or parent.path.startswith(unit.path + "/")):
        message = _("A unit cannot be inside itself or inside one of its own units.")
        raise InvalidAction(message, {"parent": [message]})


@transaction.atomic
def unit_create(
    *,
    actor: User,
    organisation: Organisation,
    code: str,
    name_fr: str,
    name_en: str,
    parent: Unit | None = None,
    regions: Iterable[Region] = (),
    email: str = "",
) -> Unit:
    require_manager(actor)
    code = code.strip().lower()
    if Unit.objects.filter(code=code).exists():
        message = _("This code is already used by another unit.")
        raise InvalidAction(message, {"code": [message]})
    _require_parent(organisation, parent, None)
    unit = Unit.objects.create(
        organisation=organisation,
        code=code,
        name_fr=name_fr.strip(),
        name_en=name_en.strip(),
        parent=parent,
        email=email.strip().lower(),
    )
    chosen = list(regions)
    region_codes = sorted(str(region.pk) for region in chosen)
    unit.regions.set(chosen)
    audit_record(
        actor=actor,
        action="unit.created",
        object_type="unit",
        object_id=unit.code,
        details={
            "organisation": organisation.code,
            "parent": parent.code if parent else "",
            "regions": region_codes,
        },
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: User,
    unit: Unit,
    name_fr: str,
    name_en: str,
    parent: Unit | None,
    regions: Iterable[Region],
    email: str = "",
) -> UnitMove | None:
    """Rename a unit, move it under another unit of its organisation, change its regions.

    A move that puts new units above it waits for a second administrator: the move asked for
    is returned, and everything else is saved at once. Other moves apply now, rewriting the
    path of every unit inside it in the same transaction.
    """
    require_manager(actor)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_parent(unit.organisation, parent, unit)
    old_path = unit.path
    before_regions = sorted(unit.regions.values_list("code", flat=True))
    unit.name_fr, unit.name_en = name_fr.strip(), name_en.strip()
    unit.email = email.strip().lower()
    unit.save(update_fields=["name_fr", "name_en", "email"])
    move = None
    if parent is not None and move_needs_approval(unit, parent):
        move = unit_move_request(actor=actor, unit=unit, parent=parent)
    elif unit.parent_id != (parent.pk if parent else None):
        unit_parent_set(unit, parent)
    chosen = list(regions)
    region_codes = sorted(str(region.pk) for region in chosen)
    unit.regions.set(chosen)
    audit_record(
        actor=actor,
        action="unit.updated",
        object_type="unit",
        object_id=unit.code,
        details={
            "parent": unit.parent.code if unit.parent else "",
            "path": {"before": old_path, "after": unit.path},
            "regions": {"before": before_regions, "after": region_codes},
        },
    )
    return move
