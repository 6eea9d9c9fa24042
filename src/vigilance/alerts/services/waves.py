"""Scam-wave detection: the periodic job turns each new wave into a finding and a draft alert
awaiting an editor (never published without a person), and staff dismiss what is no wave.

Running the job again changes nothing: a subject has at most one finding a day (a database
constraint), and is not judged again while a finding of the last OPEN_DAYS days is open.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.alerts import access_waves as access
from vigilance.alerts.detection.rules import Thresholds, baseline_mean, is_wave
from vigilance.alerts.models import (
    Alert,
    AlertSource,
    Audience,
    Severity,
)
from vigilance.alerts.models_waves import WaveFinding, WaveKind, WaveStatus
from vigilance.alerts.selectors import waves as selectors
from vigilance.alerts.services.alerts import AlertContent, alert_draft
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotAllowed
from vigilance.core.models import OffenceCategory, Region
from vigilance.indicators.models import Tlp
from vigilance.indicators.normalise import display, type_label

JOB = "job:waves_detect"
# A finding still open (new, or its draft proposed) this many days keeps its subject quiet.
OPEN_DAYS = 7
REASON_MAX = 2000
LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Subject:
    """What a finding is about, and the evidence the detector gathered."""

    kind: str
    key: str
    series: list[int]
    recent_count: int
    baseline_mean: float
    references: list[str]
    indicator_type: str = ""
    indicator_value: str = ""
    category: OffenceCategory | None = None
    region: Region | None = None
    # Where an identifier's recent reports came from (none: the whole country).
    alert_regions: tuple[str, ...] = ()


def _thresholds(min_count: int) -> Thresholds:
    return Thresholds(min_count=min_count, ratio=settings.WAVE_RATIO, z=settings.WAVE_Z)


def _window_end(now: dt.datetime) -> dt.datetime:
    """The next hour boundary: the last 24 hours run up to it, the current hour included."""
    return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


def _indicator_subjects(window_end: dt.datetime) -> list[Subject]:
    thresholds = _thresholds(settings.WAVE_MIN_REPORTS)
    counted = selectors.indicator_counts(
        window_end=window_end,
        baseline_days=settings.WAVE_BASELINE_DAYS,
        min_count=thresholds.min_count,
    )
    waves = {key: counts for key, counts in counted.items() if is_wave(counts.series, thresholds)}
    categories = OffenceCategory.objects.in_bulk({c.category for c in waves.values() if c.category})
    return [
        Subject(
            kind=WaveKind.INDICATOR,
            key=f"{kind}:{value}",
            series=counts.series,
            recent_count=counts.series[-1],
            baseline_mean=baseline_mean(counts.series[:-1]),
            references=counts.references,
            indicator_type=kind,
            indicator_value=value,
            category=categories.get(counts.category or ""),
            alert_regions=tuple(counts.regions),
        )
        for (kind, value), counts in waves.items()
    ]


def _region_subjects(window_end: dt.datetime) -> list[Subject]:
    thresholds = _thresholds(settings.WAVE_REGION_MIN_REPORTS)
    counted = selectors.region_counts(
        window_end=window_end,
        baseline_days=settings.WAVE_BASELINE_DAYS,
        min_count=thresholds.min_count,
    )
    waves = {pair: counts for pair, counts in counted.items() if is_wave(counts.series, thresholds)}
    categories = OffenceCategory.objects.in_bulk({category for category, _region in waves})
    regions = Region.objects.in_bulk({region for _category, region in waves})
    return [
        Subject(
            kind=WaveKind.REGION,
            key=f"{category}:{region}",
            series=counts.series,
            recent_count=counts.series[-1],
            baseline_mean=baseline_mean(counts.series[:-1]),
            references=counts.references,
            category=categories[category],
            region=regions[region],
            alert_regions=(region,),
        )
        for (category, region), counts in waves.items()
    ]


def _lookup_subjects(today: dt.date) -> list[Subject]:
    found = selectors.lookup_waves(
        today=today,
        baseline_days=settings.WAVE_BASELINE_DAYS,
        threshold=settings.WAVE_LOOKUP_THRESHOLD,
    )
    return [
        Subject(
            kind=WaveKind.LOOKUP,
            key=f"{wave.warning.type}:{wave.warning.value}",
            series=wave.series,
            recent_count=wave.warning.lookups,
            baseline_mean=0.0,
            references=[],
            indicator_type=wave.warning.type,
            indicator_value=wave.warning.value,
        )
        for wave in found
    ]


def _quiet_subjects(today: dt.date) -> set[tuple[str, str]]:
    """Subjects that already have today's finding, or one still open: one query, since only
    the last OPEN_DAYS days count."""
    recent = WaveFinding.objects.filter(window_day__gt=today - dt.timedelta(days=OPEN_DAYS))
    quiet = recent.filter(
        Q(window_day=today) | Q(status__in=(WaveStatus.NEW, WaveStatus.DRAFTED))
    ).values_list("kind", "subject_key")
    return set(quiet)


def waves_detect(*, now: dt.datetime | None = None) -> list[WaveFinding]:
    """Judge every subject busy enough to be a wave; each new wave becomes a finding with its
    draft alert. Returns the findings made by this run (none when run again)."""
    now = now or timezone.now()
    window_end = _window_end(now)
    today = timezone.localdate(now)
    subjects = [
        *_indicator_subjects(window_end),
        *_region_subjects(window_end),
        *_lookup_subjects(today),
    ]
    quiet = _quiet_subjects(today)
    made = []
    for subject in subjects:
        if (subject.kind, subject.key) in quiet:
            continue
        try:
            made.append(_finding_record(subject, window_end=window_end, today=today, now=now))
        except IntegrityError:
            continue  # another run recorded the same finding at the same moment
    return made


@transaction.atomic
def _finding_record(
    subject: Subject, *, window_end: dt.datetime, today: dt.date, now: dt.datetime
) -> WaveFinding:
    finding = WaveFinding.objects.create(
        kind=subject.kind,
        subject_key=subject.key,
        indicator_type=subject.indicator_type,
        indicator_value=subject.indicator_value,
        category=subject.category,
        region=subject.region,
        window_end=window_end,
        window_day=today,
        recent_count=subject.recent_count,
        baseline_mean=round(subject.baseline_mean, 2),
        series=subject.series,
        report_references=subject.references,
    )
    alert = _draft_alert(subject)
    finding.alert = alert
    finding.status = WaveStatus.DRAFTED
    finding.save(update_fields=["alert", "status"])
    audit_record(
        actor=None,
        actor_label=JOB,
        action="wave.detected",
        object_type="wave",
        object_id=finding.pk,
        details={"kind": subject.kind, "count": subject.recent_count, "alert": alert.reference},
    )
    return finding


def _draft_alert(subject: Subject) -> Alert:
    """A draft in both languages, for an editor to check, complete and submit."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = _wording(subject)
    content = AlertContent(
        title_fr=texts["fr"][0][:160],
        title_en=texts["en"][0][:160],
        summary_fr=texts["fr"][1][:300],
        summary_en=texts["en"][1][:300],
        body_fr=texts["fr"][2],
        body_en=texts["en"][2],
        severity=Severity.WARNING,
        category=subject.category,
        regions=list(Region.objects.filter(code__in=subject.alert_regions or ())),
        audience=Audience.PUBLIC,
        tlp=Tlp.CLEAR,
        identifiers=(
            [(subject.indicator_type, subject.indicator_value)] if subject.indicator_value else []
        ),
    )
    return alert_draft(actor=None, content=content, source=AlertSource.DETECTION)


def _wording(subject: Subject) -> tuple[str, str, str]:
    """Title, summary and body (Markdown) in the active language."""
    advice = _(
        "**What to do:** never send money, a code or your personal details to a contact you "
        "cannot verify. If you have already paid, report it on Vigilance and keep your "
        "messages and receipts."
    )
    mean = f"{subject.baseline_mean:.1f}"
    if subject.kind == WaveKind.REGION:
        assert subject.category is not None
        assert subject.region is not None
        names = {"category": subject.category.name, "region": subject.region.name}
        title = _("Scam wave: %(category)s rising in the %(region)s region") % names
        summary = (
            _(
                "Reports of %(category)s in the %(region)s region have risen sharply over the "
                "last 24 hours."
            )
            % names
        )
        facts = _(
            "%(count)s reports of %(category)s came from the %(region)s region in the last 24 "
            "hours, against about %(mean)s a day over the previous weeks."
        ) % {**names, "count": subject.recent_count, "mean": mean}
        return title, summary, f"{facts}\n\n{advice}"
    shown = {
        "kind": type_label(subject.indicator_type).lower(),
        "value": display(subject.indicator_type, subject.indicator_value),
        "count": subject.recent_count,
        "mean": mean,
    }
    if subject.kind == WaveKind.LOOKUP:
        title = _("Checked many times: %(value)s") % shown
        summary = (
            _("Many people checked this %(kind)s on Vigilance this week before paying: be careful.")
            % shown
        )
        facts = (
            _(
                "The %(kind)s %(value)s was checked %(count)s times on Vigilance in the last days. "
                "Nobody has reported it yet: if it contacted you, be careful."
            )
            % shown
        )
        return title, summary, f"{facts}\n\n{advice}"
    title = _("Scam wave: reports naming %(value)s") % shown
    summary = (
        _("Many people have reported a scam naming the %(kind)s %(value)s in the last 24 hours.")
        % shown
    )
    facts = (
        _(
            "%(count)s reports named the %(kind)s %(value)s in the last 24 hours, against about "
            "%(mean)s a day over the previous weeks."
        )
        % shown
    )
    return title, summary, f"{facts}\n\n{advice}"


@transaction.atomic
def wave_dismiss(*, actor: User, finding: WaveFinding, reason: str) -> WaveFinding:
    """Record that a finding is no wave (or needs no alert), and why; it stays in the list."""
    if not access.may_dismiss(actor):
        raise NotAllowed(_("Your role does not allow this action."))
    reason = reason.strip()
    if not reason:
        message = _("Say why this is not a wave worth an alert.")
        raise InvalidAction(message, fields={"reason": [message]})
    if len(reason) > REASON_MAX:
        message = _("Keep the reason under %(max)s characters.") % {"max": REASON_MAX}
        raise InvalidAction(message, fields={"reason": [message]})
    locked = WaveFinding.objects.select_for_update().get(pk=finding.pk)
    if locked.status == WaveStatus.DISMISSED:
        raise InvalidAction(_("This finding was already dismissed."))
    locked.status = WaveStatus.DISMISSED
    locked.dismissed_by = actor
    locked.dismissed_at = timezone.now()
    locked.dismissal_reason = reason
    locked.save(update_fields=["status", "dismissed_by", "dismissed_at", "dismissal_reason"])
    audit_record(
        actor=actor,
        action="wave.dismissed",
        object_type="wave",
        object_id=locked.pk,
        details={"reason": reason},
    )
    return locked
