"""Who sees and does what with alerts, written once.

Editors (the communication unit) draft; another editor, or a supervisor of the communication
unit or a unit above it, approves and publishes (docs/decisions/0017-alerts-four-eyes.md); the
person who drafted or submitted an alert never approves it. Published public alerts are for
everyone. Partners-audience alerts are for signed-in staff, by their TLP 2.0 marking
(``core.tlp.tlp_may_read_alert``, docs/decisions/0023-tlp-enforced.md): TLP:CLEAR, GREEN and
AMBER for every partner responder and agency; TLP:AMBER+STRICT only for the staff of the
alerts' owning organisation (the communication unit's, ANTIC); TLP:RED for the platform's own
agencies, never a partner responder.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vigilance.accounts.models import Role, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.alerts.models import PUBLIC_STATUSES, Alert, AlertStatus, Audience
from vigilance.core.errors import NotAllowed, NotFound
from vigilance.core.tlp import tlp_markings, tlp_may_read_alert

COMMUNICATION_UNIT = "antic-communication"


def public_alerts() -> QuerySet[Alert]:
    """What anyone may read: public alerts once published (a withdrawn one says so)."""
    return Alert.objects.filter(audience=Audience.PUBLIC, status__in=PUBLIC_STATUSES)


def published_public_alerts() -> QuerySet[Alert]:
    """What lists, feeds, the home page and the check show: public alerts in force."""
    return Alert.objects.filter(audience=Audience.PUBLIC, status=AlertStatus.PUBLISHED)


def is_editor(user: User) -> bool:
    return can(user, Permission.EDIT_ALERTS)


def _communication_path() -> str:
    return Unit.objects.filter(code=COMMUNICATION_UNIT).values_list("path", flat=True).first() or ""


def supervises_communication(user: User) -> bool:
    """A supervisor of the communication unit or of a unit above it."""
    if not user.has_role(Role.SUPERVISOR) or user.unit is None:
        return False
    path = _communication_path()
    return bool(path) and (path == user.unit.path or path.startswith(f"{user.unit.path}/"))


def works_on_alerts(user: User) -> bool:
    """Whom the authoring pages are for: editors, and the supervisors who approve."""
    return is_editor(user) or (
        can(user, Permission.APPROVE_ALERTS) and supervises_communication(user)
    )


def alerts_for_authors(user: User) -> QuerySet[Alert]:
    """Every alert, at any stage, for those who work on them; none for anyone else."""
    if not works_on_alerts(user):
        return Alert.objects.none()
    return Alert.objects.all()


def alert_get_for_author(*, user: User, reference: str) -> Alert:
    try:
        return alerts_for_authors(user).get(reference=reference)
    except Alert.DoesNotExist as error:
        raise NotFound from error


def alerts_organisation_id() -> int | None:
    """The organisation that owns the alerts: the communication unit's."""
    return (
        Unit.objects.filter(code=COMMUNICATION_UNIT)
        .values_list("organisation_id", flat=True)
        .first()
    )


def partner_alerts_visible_to(user: User) -> QuerySet[Alert]:
    """Published partners-audience alerts the signed-in person may read, by TLP."""
    published = Alert.objects.filter(audience=Audience.PARTNERS, status=AlertStatus.PUBLISHED)
    if not user.is_authenticated or not user.is_active or not user.roles:
        return published.none()
    is_partner = user.has_role(Role.PARTNER_RESPONDER)
    is_owner = (
        not is_partner
        and user.organisation_id is not None
        and user.organisation_id == alerts_organisation_id()
    )
    markings = tlp_markings(
        lambda marking: tlp_may_read_alert(marking, is_partner=is_partner, is_owner=is_owner)
    )
    return published.filter(tlp__in=markings)


def may_edit(user: User, alert: Alert) -> bool:
    return is_editor(user) and alert.status in (AlertStatus.DRAFT, AlertStatus.IN_REVIEW)


def require_edit(user: User) -> None:
    if not is_editor(user):
        raise NotAllowed(_("Only an editor of the communication unit may write an alert."))


def may_approve(user: User, alert: Alert) -> bool:
    return (
        alert.status == AlertStatus.IN_REVIEW
        and _approver(user)
        and user.pk not in (alert.drafted_by_id, alert.submitted_by_id)
    )


def _approver(user: User) -> bool:
    return can(user, Permission.APPROVE_ALERTS) and (
        is_editor(user) or supervises_communication(user)
    )


def require_approve(user: User, alert: Alert) -> None:
    if not _approver(user):
        raise NotAllowed(
            _("Only an editor or a supervisor of the communication unit may publish an alert.")
        )
    if user.pk in (alert.drafted_by_id, alert.submitted_by_id):
        raise NotAllowed(
            _("An alert is approved by someone other than the person who wrote or submitted it.")
        )


def may_change_published(user: User, alert: Alert) -> bool:
    return alert.status == AlertStatus.PUBLISHED and _approver(user)


def require_change_published(user: User) -> None:
    if not _approver(user):
        raise NotAllowed(
            _(
                "Only an editor or a supervisor of the communication unit may change a published alert."
            )
        )
