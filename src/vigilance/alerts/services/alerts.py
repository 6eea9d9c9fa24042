"""Writing, approving, publishing, updating and withdrawing alerts.

The edge fetches the alert through ``alerts.access``; each function checks the actor's right to
its action, moves the status and records the audit event in the same transaction. Publication
happens in ``alert_publish`` only, so whatever must follow a publication is added there.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.alerts import access
from vigilance.alerts.models import (
    Alert,
    AlertIdentifier,
    AlertSource,
    AlertStatus,
    AlertVersion,
    Audience,
    Severity,
)
from vigilance.alerts.pictures import Picture
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction
from vigilance.core.models import OffenceCategory, Region
from vigilance.core.numbering import next_reference
from vigilance.indicators.models import Tlp

LANGUAGES = ("fr", "en")
TEXT_FIELDS = ("title", "summary", "body")
SLUG_LENGTH = 80


@dataclass
class AlertContent:
    """What an editor writes: both languages of each text, and what the alert is about."""

    title_fr: str
    title_en: str
    summary_fr: str
    summary_en: str
    body_fr: str
    body_en: str
    severity: str = Severity.WARNING
    category: OffenceCategory | None = None
    regions: Sequence[Region] = ()
    audience: str = Audience.PUBLIC
    tlp: str = Tlp.CLEAR
    identifiers: Sequence[tuple[str, str]] = ()
    picture: Picture | None = None
    picture_alt_fr: str = ""
    picture_alt_en: str = ""
    remove_picture: bool = False


def _field_names() -> dict[str, str]:
    return {
        "title_fr": _("Title in French"),
        "title_en": _("Title in English"),
        "summary_fr": _("Summary in French"),
        "summary_en": _("Summary in English"),
        "body_fr": _("Text in French"),
        "body_en": _("Text in English"),
        "picture_alt_fr": _("Picture description in French"),
        "picture_alt_en": _("Picture description in English"),
    }


def _check(content: AlertContent, *, had_picture: bool) -> None:
    """Both languages of everything published, or a 4xx naming each missing field."""
    names = _field_names()
    fields: dict[str, list[str]] = {}
    for text in TEXT_FIELDS:
        for language in LANGUAGES:
            key = f"{text}_{language}"
            value = str(getattr(content, key) or "").strip()
            setattr(content, key, value)
            if not value:
                fields[key] = [_("Fill in the field “%(field)s”.") % {"field": names[key]}]
    has_picture = content.picture is not None or (had_picture and not content.remove_picture)
    if has_picture:
        for language in LANGUAGES:
            key = f"picture_alt_{language}"
            value = str(getattr(content, key) or "").strip()
            setattr(content, key, value)
            if not value:
                fields[key] = [
                    _("Describe the picture for people who cannot see it: %(field)s.")
                    % {"field": names[key]}
                ]
    if content.severity not in Severity.values:
        fields["severity"] = [_("Choose how serious the alert is.")]
    if content.audience not in Audience.values or content.tlp not in Tlp.values:
        fields["audience"] = [_("Choose who the alert is for.")]
    elif content.audience == Audience.PUBLIC and content.tlp != Tlp.CLEAR:
        fields["tlp"] = [_("An alert for the public is TLP:CLEAR.")]
    if fields:
        raise InvalidAction(
            _("The alert is published in French and in English: complete the fields shown."),
            fields=fields,
        )


def _slug(title: str, fallback: str) -> str:
    return slugify(title)[:SLUG_LENGTH].strip("-") or fallback


def _audit(actor: User | None, action: str, alert: Alert, **details: object) -> None:
    audit_record(
        actor=actor, action=action, object_type="alert", object_id=alert.reference, details=details
    )


def _write(alert: Alert, content: AlertContent, *, texts: bool = True) -> None:
    if texts:
        for text in TEXT_FIELDS:
            for language in LANGUAGES:
                setattr(alert, f"{text}_{language}", getattr(content, f"{text}_{language}"))
    alert.severity = content.severity
    alert.category = content.category
    alert.audience = content.audience
    alert.tlp = content.tlp
    alert.picture_alt_fr = content.picture_alt_fr
    alert.picture_alt_en = content.picture_alt_en
    if content.picture is not None:
        alert.picture = content.picture.content
        alert.picture_type = content.picture.type
        alert.picture_sha256 = content.picture.sha256
    elif content.remove_picture:
        alert.picture, alert.picture_type, alert.picture_sha256 = None, "", ""
        alert.picture_alt_fr = alert.picture_alt_en = ""


def _relations(alert: Alert, content: AlertContent) -> None:
    alert.regions.set(content.regions)
    wanted = set(content.identifiers)
    alert.identifiers.exclude(
        pk__in=[row.pk for row in alert.identifiers.all() if (row.type, row.value) in wanted]
    ).delete()
    kept = set(alert.identifiers.values_list("type", "value"))
    AlertIdentifier.objects.bulk_create(
        AlertIdentifier(alert=alert, type=kind, value=value)
        for kind, value in content.identifiers
        if (kind, value) not in kept
    )


@transaction.atomic
def alert_draft(
    *, actor: User | None, content: AlertContent, source: str = AlertSource.EDITOR
) -> Alert:
    """A new draft. ``actor`` None is scam-wave detection proposing one (source DETECTION),
    which an editor completes and submits."""
    if actor is not None:
        access.require_edit(actor)
    _check(content, had_picture=False)
    alert = Alert(
        reference=next_reference("ALR", timezone.localdate().year),
        source=source,
        drafted_by=actor,
        slug_fr=_slug(content.title_fr, "alerte"),
        slug_en=_slug(content.title_en, "alert"),
    )
    _write(alert, content)
    alert.save()
    _relations(alert, content)
    _audit(actor, "alert.drafted", alert, source=source)
    return alert


@transaction.atomic
def alert_change(*, actor: User, alert: Alert, content: AlertContent) -> Alert:
    """A draft or an alert awaiting approval, rewritten: it goes back to draft, so that the
    approver reads the final text and is not its author."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    access.require_edit(actor)
    if alert.status not in (AlertStatus.DRAFT, AlertStatus.IN_REVIEW):
        raise InvalidAction(
            _("A published alert is changed by an update, which keeps its history.")
        )
    _check(content, had_picture=alert.has_picture)
    _write(alert, content)
    # The address is fixed at publication; until then it follows the title.
    alert.slug_fr = _slug(alert.title_fr, "alerte")
    alert.slug_en = _slug(alert.title_en, "alert")
    alert.status = AlertStatus.DRAFT
    alert.submitted_by = None
    alert.save()
    _relations(alert, content)
    _audit(actor, "alert.changed", alert)
    return alert


@transaction.atomic
def alert_submit(*, actor: User, alert: Alert) -> Alert:
    """A draft sent for approval. The editor who submits a detection's draft becomes its
    drafter, so that someone else approves it."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    access.require_edit(actor)
    if alert.status != AlertStatus.DRAFT:
        raise InvalidAction(_("Only a draft can be submitted for approval."))
    if alert.drafted_by_id is None:
        alert.drafted_by = actor
    alert.submitted_by = actor
    alert.status = AlertStatus.IN_REVIEW
    alert.save(update_fields=["drafted_by", "submitted_by", "status"])
    _audit(actor, "alert.submitted", alert)
    return alert


def _version(alert: Alert, actor: User, note: str = "") -> None:
    AlertVersion.objects.create(
        alert=alert,
        number=alert.version,
        title_fr=alert.title_fr,
        title_en=alert.title_en,
        summary_fr=alert.summary_fr,
        summary_en=alert.summary_en,
        body_fr=alert.body_fr,
        body_en=alert.body_en,
        severity=alert.severity,
        published_by=actor,
        published_at=alert.updated_at or alert.published_at or timezone.now(),
        note=note,
    )


@transaction.atomic
def alert_publish(*, actor: User, alert: Alert) -> Alert:
    """Four eyes: another editor, or a supervisor of the communication unit, approves an alert
    awaiting approval, which is published at once under its fixed address."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    access.require_approve(actor, alert)
    if alert.status != AlertStatus.IN_REVIEW:
        raise InvalidAction(_("Only an alert awaiting approval can be published."))
    alert.approved_by = actor
    alert.status = AlertStatus.PUBLISHED
    alert.published_at = timezone.now()
    alert.version = 1
    alert.save(update_fields=["approved_by", "status", "published_at", "version"])
    _version(alert, actor)
    _audit(actor, "alert.published", alert, audience=alert.audience, tlp=alert.tlp)
    if alert.audience == Audience.PUBLIC:
        transaction.on_commit(partial(_send_to_subscribers, alert.pk))
    return alert


def _send_to_subscribers(alert_id: int) -> None:
    # Imported here: the tasks module imports the services, this one included.
    from vigilance.alerts.tasks import alert_send

    alert_send.delay(alert_id)


@transaction.atomic
def alert_update(*, actor: User, alert: Alert, content: AlertContent, note: str = "") -> Alert:
    """A published alert's text changed: a new version is kept, the page says "updated on",
    and its address stays the same (the slugs do not follow the new title)."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    access.require_change_published(actor)
    if alert.status != AlertStatus.PUBLISHED:
        raise InvalidAction(_("Only a published alert can be updated."))
    if content.audience != alert.audience:
        raise InvalidAction(
            _("Who a published alert is for cannot change: withdraw it and write another."),
            fields={"audience": [_("Keep the same audience.")]},
        )
    _check(content, had_picture=alert.has_picture)
    _write(alert, content)
    alert.version += 1
    alert.updated_at = timezone.now()
    alert.save()
    _relations(alert, content)
    _version(alert, actor, note=note.strip()[:300])
    _audit(actor, "alert.updated", alert, version=alert.version)
    return alert


@transaction.atomic
def alert_withdraw(*, actor: User, alert: Alert, reason: str) -> Alert:
    """A published alert withdrawn: it leaves lists, feeds and the check; its page stays, saying
    it was withdrawn and why, so a link shared earlier does not mislead."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    access.require_change_published(actor)
    if alert.status != AlertStatus.PUBLISHED:
        raise InvalidAction(_("Only a published alert can be withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidAction(
            _("Say why the alert is withdrawn: the public page shows it."),
            fields={"reason": [_("Write the reason for the withdrawal.")]},
        )
    alert.status = AlertStatus.WITHDRAWN
    alert.withdrawn_at = timezone.now()
    alert.withdrawn_by = actor
    alert.withdrawal_reason = reason[:1000]
    alert.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    _audit(actor, "alert.withdrawn", alert)
    return alert
