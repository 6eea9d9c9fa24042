"""The analysts' decision on what a partner sent: list the value as confirmed fraud.

Never automatic, never for a warning-listed value. A CLEAR or GREEN import may be confirmed on
the partner's word; an AMBER, AMBER+STRICT or RED one only when the platform's own reports name
the value (the confirmation then rests on them). The resulting indicator is never marked wider
than the partner's marking. docs/decisions/0028-partner-knowledge.md.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotAllowed
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import PartnerIndicator
from vigilance.exchange.warning_lists import on_warning_list
from vigilance.indicators.models import Indicator
from vigilance.indicators.services import IndicatorStatusError, indicator_confirm_fraud

# Imports whose confirmation needs the platform's own reports.
NEEDS_OWN_REPORTS = frozenset({Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED})


@dataclass(frozen=True)
class PushCheck:
    """Whether the value may be listed as confirmed fraud, and why not."""

    allowed: bool
    reason: str = ""
    rests_on_own_reports: bool = False


def own_report_count(row: PartnerIndicator) -> int:
    """How many of the platform's own reports name the value."""
    indicator = Indicator.objects.filter(type=row.type, value=row.value).only("report_count")
    found = indicator.first()
    return found.report_count if found is not None else 0


def partner_indicator_push_check(
    row: PartnerIndicator, *, report_count: int | None = None
) -> PushCheck:
    """The rules of the decision, for the page (to explain) and the service (to enforce)."""
    if row.pushed_at is not None:
        return PushCheck(False, _("This value was already listed as confirmed fraud."))
    if row.is_warning_listed or on_warning_list(row.type, row.value):
        return PushCheck(False, _("This value is on a warning list: it is never listed as fraud."))
    if row.is_revoked:
        return PushCheck(False, _("The partner withdrew this value."))
    count = own_report_count(row) if report_count is None else report_count
    if row.tlp in NEEDS_OWN_REPORTS:
        if count == 0:
            return PushCheck(
                False,
                _(
                    "The partner marked this value %(tlp)s: it may be listed as fraud only when "
                    "our own reports name it, and none does yet."
                )
                % {"tlp": Tlp(row.tlp).label},
            )
        return PushCheck(True, rests_on_own_reports=True)
    return PushCheck(True, rests_on_own_reports=count > 0)


@transaction.atomic
def partner_indicator_push(
    *, actor: User, partner_indicator: PartnerIndicator, reason: str
) -> Indicator:
    """List ``partner_indicator``'s value as confirmed fraud, citing the partner; audited."""
    if not can(actor, Permission.ANALYSE_INDICATORS):
        raise NotAllowed(_("You may not list values as confirmed fraud."))
    if not reason.strip():
        raise InvalidAction(
            _("Say why: the reason is kept in the indicator's history."),
            {"reason": [_("Say why you list this value as confirmed fraud.")]},
        )
    row = (
        PartnerIndicator.objects.select_for_update()
        .select_related("partner")
        .get(pk=partner_indicator.pk)
    )
    check = partner_indicator_push_check(row)
    if not check.allowed:
        raise InvalidAction(check.reason)
    basis = (
        _("our own reports name it; also known to %(partner)s")
        if check.rests_on_own_reports
        else _("on the word of %(partner)s")
    ) % {"partner": row.partner.name}
    try:
        indicator = indicator_confirm_fraud(
            type=row.type,
            value=row.value,
            reason=f"{reason.strip()} ({basis}, {Tlp(row.tlp).label})",
            tlp_ceiling=row.tlp,
            actor=actor,
        )
    except IndicatorStatusError as error:
        raise InvalidAction(str(error)) from error
    row.pushed_at = timezone.now()
    row.pushed_by = actor
    row.save(update_fields=["pushed_at", "pushed_by"])
    partner_indicator.pushed_at, partner_indicator.pushed_by = row.pushed_at, actor
    audit_record(
        actor=actor,
        action="exchange.partner_indicator_pushed",
        object_type="partner_indicator",
        object_id=row.pk,
        details={
            "partner": row.partner.code,
            "type": row.type,
            "indicator": indicator.pk,
            "partner_tlp": row.tlp,
            "indicator_tlp": indicator.tlp,
            "rests_on_own_reports": check.rests_on_own_reports,
        },
    )
    return indicator
