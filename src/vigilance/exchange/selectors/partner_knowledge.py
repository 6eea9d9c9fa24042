"""What partners know about identifiers, as a given staff member may see it.

TLP of imports (docs/decisions/0028-partner-knowledge.md): CLEAR, GREEN and AMBER imports are
shown to staff who already see the report, case or indicator naming the value (the page's own
need-to-know gate decides that); AMBER+STRICT and RED imports only to staff of the organisation
that received them (whoever uploaded the file, or created the polled source). Warning-listed and
revoked values are never shown. One query for a whole page.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import Organisation, User
from vigilance.accounts.permissions import Permission, can
from vigilance.core.errors import NotFound
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import PartnerIndicator
from vigilance.indicators.annotations import Annotation, Pair
from vigilance.indicators.models import Indicator

# Markings shown to everyone who sees what names the value; the others only to the receivers.
SHARED_WITH_VIEWERS = frozenset({Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER})


@dataclass(frozen=True)
class PartnerKnowledge:
    """One partner's word on one value."""

    partner_indicator_id: int
    partner: str
    type: str
    value: str
    tlp: str
    confidence: int | None
    since: datetime
    labels: tuple[str, ...]

    @property
    def tlp_label(self) -> str:
        return str(Tlp(self.tlp).label)

    def sentence(self) -> str:
        """ "Also known to CERT Gabon (TLP:AMBER, confidence 80, since 12/11/2026)"."""
        since = formats.date_format(timezone.localtime(self.since), "SHORT_DATE_FORMAT")
        if self.confidence is None:
            return _("Also known to %(partner)s (%(tlp)s, since %(since)s)") % {
                "partner": self.partner,
                "tlp": self.tlp_label,
                "since": since,
            }
        return _(
            "Also known to %(partner)s (%(tlp)s, confidence %(confidence)s, since %(since)s)"
        ) % {
            "partner": self.partner,
            "tlp": self.tlp_label,
            "confidence": self.confidence,
            "since": since,
        }


def may_see_partner_knowledge(user: User) -> bool:
    """Staff who work reports, cases or indicators; partners' own responders never."""
    return user.is_authenticated and (
        can(user, Permission.VIEW_CASES) or can(user, Permission.ANALYSE_INDICATORS)
    )


def receiving_organisation_id(row: PartnerIndicator) -> int | None:
    """The organisation that received the import: the uploader's, or the source creator's."""
    batch = row.batch
    if batch.uploaded_by is not None:
        return batch.uploaded_by.organisation_id
    if batch.source is not None and batch.source.created_by is not None:
        return batch.source.created_by.organisation_id
    return None


def may_see_import(user: User, row: PartnerIndicator) -> bool:
    """Whether ``user`` (who sees what names the value) may see this partner's import."""
    if row.is_warning_listed:
        return False
    if row.tlp in SHARED_WITH_VIEWERS:
        return True
    receiver = receiving_organisation_id(row)
    return receiver is not None and receiver == user.organisation_id


def _naming(pairs: list[Pair]) -> Q:
    """Each (type, value) asked as a pair: two lists would also match a type of one pair with
    the value of another, and lead the planner to the values' trigram index (decision 0042)."""
    condition = Q(pk__in=[])
    for kind, value in pairs:
        condition |= Q(type=kind, value=value)
    return condition


def _imports(pairs: list[Pair]) -> QuerySet[PartnerIndicator]:
    return PartnerIndicator.objects.filter(
        _naming(pairs),
        is_warning_listed=False,
        is_revoked=False,
    ).select_related("partner", "batch__uploaded_by", "batch__source__created_by")


def partner_knowledge_for(*, user: User, pairs: list[Pair]) -> dict[Pair, list[PartnerKnowledge]]:
    """For each (type, normal value) the partners' knowledge ``user`` may see (one query)."""
    if not pairs or not may_see_partner_knowledge(user):
        return {}
    wanted = set(pairs)
    found: dict[Pair, list[PartnerKnowledge]] = {}
    for row in _imports(list(wanted)).order_by("created_at", "id"):
        key = (row.type, row.value)
        if key not in wanted or not may_see_import(user, row):
            continue
        found.setdefault(key, []).append(
            PartnerKnowledge(
                partner_indicator_id=row.pk,
                partner=row.partner.name,
                type=row.type,
                value=row.value,
                tlp=row.tlp,
                confidence=row.confidence,
                since=row.created_at,
                labels=tuple(row.labels),
            )
        )
    return found


def partner_annotations(user: User, pairs: list[Pair]) -> dict[Pair, list[Annotation]]:
    """The exchange's provider for ``indicators.annotations``."""
    links = can(user, Permission.ANALYSE_INDICATORS)
    return {
        key: [
            Annotation(
                source=item.partner,
                text=item.sentence(),
                url=reverse("exchange:partner_indicator", args=[item.partner_indicator_id])
                if links
                else "",
            )
            for item in items
        ]
        for key, items in partner_knowledge_for(user=user, pairs=pairs).items()
    }


def partner_indicators_for(user: User) -> QuerySet[PartnerIndicator]:
    """The gate of the analysts' pages: every import marked CLEAR, GREEN or AMBER for holders
    of ``analyse_indicators``, AMBER+STRICT and RED ones only for the receiving organisation."""
    if not can(user, Permission.ANALYSE_INDICATORS):
        return PartnerIndicator.objects.none()
    received = Q(batch__uploaded_by__organisation_id=user.organisation_id) | Q(
        batch__uploaded_by__isnull=True,
        batch__source__created_by__organisation_id=user.organisation_id,
    )
    return PartnerIndicator.objects.filter(Q(tlp__in=SHARED_WITH_VIEWERS) | received)


def partner_indicator_get_for_user(*, user: User, partner_indicator_id: int) -> PartnerIndicator:
    """One import through the gate; ``NotFound`` alike for missing and not allowed."""
    row = (
        partner_indicators_for(user)
        .select_related("partner", "batch", "pushed_by")
        .filter(pk=partner_indicator_id)
        .first()
    )
    if row is None:
        raise NotFound
    return row


@dataclass(frozen=True)
class PartnerIndicatorFilters:
    partner_id: int | None = None
    type: str = ""
    tlp: str = ""
    warning_listed: bool | None = None
    named_in_our_reports: bool = False


def partner_indicator_list(
    *, user: User, filters: PartnerIndicatorFilters
) -> QuerySet[PartnerIndicator]:
    """The imports ``user`` may see, filtered, newest change first."""
    rows = partner_indicators_for(user).select_related("partner")
    if filters.partner_id:
        rows = rows.filter(partner_id=filters.partner_id)
    if filters.type:
        rows = rows.filter(type=filters.type)
    if filters.tlp:
        rows = rows.filter(tlp=filters.tlp)
    if filters.warning_listed is not None:
        rows = rows.filter(is_warning_listed=filters.warning_listed)
    named = Indicator.objects.filter(
        type=OuterRef("type"), value=OuterRef("value"), report_count__gt=0
    )
    rows = rows.annotate(named_in_our_reports=Exists(named))
    if filters.named_in_our_reports:
        rows = rows.filter(named_in_our_reports=True)
    return rows.order_by("-updated_at", "-id")


def partners_with_imports() -> QuerySet[Organisation]:
    """The partners who sent something, for the list's filter."""
    return Organisation.objects.filter(
        pk__in=PartnerIndicator.objects.values("partner_id").distinct()
    ).order_by("name_fr")
