"""Writes of awareness content: guides drafted, changed, published and taken down, campaigns
created and the log of where they ran. Each write is audited with its editor.

One editor publishes a guide alone: a guide is general best practice that names no number,
account or person, it can be taken down at once, and both steps are in the audit trail. Alerts,
which name identifiers and can harm an innocent holder, keep their four eyes.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.alerts import access_guidance as access
from vigilance.alerts.guidance.video import is_allowed_video_link
from vigilance.alerts.models_guidance import Campaign, CampaignMedium, CampaignRun, Guide
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction
from vigilance.core.models import OffenceCategory, Region

VIDEO_LINK_MAX = Guide._meta.get_field("video_url").max_length or 200


@dataclass(frozen=True)
class GuideContent:
    title_fr: str
    title_en: str
    summary_fr: str
    summary_en: str
    body_fr: str
    body_en: str
    video_url: str = ""


@dataclass(frozen=True)
class CampaignContent:
    name_fr: str
    name_en: str
    starts_on: dt.date
    poster_headline_fr: str
    poster_headline_en: str
    poster_message_fr: str
    poster_message_en: str
    ends_on: dt.date | None = None
    theme: OffenceCategory | None = None


def _required(values: dict[str, str]) -> None:
    missing = {name: [_("Fill in this field.")] for name, value in values.items() if not value}
    if missing:
        raise InvalidAction(_("Fill in the texts in both languages."), fields=missing)


def _clean_guide(content: GuideContent) -> GuideContent:
    texts = {
        name: str(getattr(content, name)).strip() for name in GuideContent.__dataclass_fields__
    }
    video = texts.pop("video_url")
    _required(texts)
    if video and (len(video) > VIDEO_LINK_MAX or not is_allowed_video_link(video)):
        message = _(
            "Give an https link to YouTube, Facebook or an official site (.gov.cm), or leave "
            "it empty."
        )
        raise InvalidAction(message, fields={"video_url": [message]})
    return GuideContent(**texts, video_url=video)


def _unique_slug(model: type[Guide] | type[Campaign], *texts: str) -> str:
    base = next((s for s in (slugify(t)[:100] for t in texts) if s), "") or "page"
    slug, number = base, 2
    # "new" is the address of the editors' creation form.
    while slug == "new" or model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _audit(actor: User, action: str, object_type: str, object_id: str, **details: object) -> None:
    audit_record(
        actor=actor, action=action, object_type=object_type, object_id=object_id, details=details
    )


@transaction.atomic
def guide_create(*, actor: User, content: GuideContent) -> Guide:
    """A draft guide; its address comes from its French title and never changes after."""
    access.require_edit(actor)
    content = _clean_guide(content)
    guide = Guide.objects.create(
        slug=_unique_slug(Guide, content.title_fr, content.title_en),
        created_by=actor,
        **content.__dict__,
    )
    _audit(actor, "guide.created", "guide", guide.slug)
    return guide


@transaction.atomic
def guide_update(*, actor: User, guide: Guide, content: GuideContent) -> Guide:
    access.require_edit(actor)
    content = _clean_guide(content)
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    for name, value in content.__dict__.items():
        setattr(guide, name, value)
    guide.save()
    _audit(actor, "guide.updated", "guide", guide.slug)
    return guide


@transaction.atomic
def guide_publish(*, actor: User, guide: Guide) -> Guide:
    access.require_edit(actor)
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    if guide.is_published:
        raise InvalidAction(_("This guide is already published."))
    guide.is_published = True
    guide.published_at = timezone.now()
    guide.save(update_fields=["is_published", "published_at", "updated_at"])
    _audit(actor, "guide.published", "guide", guide.slug)
    return guide


@transaction.atomic
def guide_unpublish(*, actor: User, guide: Guide) -> Guide:
    access.require_edit(actor)
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    if not guide.is_published:
        raise InvalidAction(_("This guide is not published."))
    guide.is_published = False
    guide.save(update_fields=["is_published", "updated_at"])
    _audit(actor, "guide.unpublished", "guide", guide.slug)
    return guide


@transaction.atomic
def campaign_create(*, actor: User, content: CampaignContent) -> Campaign:
    access.require_edit(actor)
    texts = {
        name: str(getattr(content, name)).strip()
        for name in (
            "name_fr",
            "name_en",
            "poster_headline_fr",
            "poster_headline_en",
            "poster_message_fr",
            "poster_message_en",
        )
    }
    _required(texts)
    if content.ends_on is not None and content.ends_on < content.starts_on:
        message = _("The end date must be on or after the start date.")
        raise InvalidAction(message, fields={"ends_on": [message]})
    campaign = Campaign.objects.create(
        slug=_unique_slug(Campaign, texts["name_fr"], texts["name_en"]),
        starts_on=content.starts_on,
        ends_on=content.ends_on,
        theme=content.theme,
        created_by=actor,
        **texts,
    )
    _audit(actor, "campaign.created", "campaign", campaign.slug, starts_on=campaign.starts_on)
    return campaign


@transaction.atomic
def campaign_run_log(
    *,
    actor: User,
    campaign: Campaign,
    medium: str,
    place: str,
    held_on: dt.date,
    region: Region | None = None,
    audience: int | None = None,
    note: str = "",
) -> CampaignRun:
    """Record that the campaign ran: on which medium, where, when, before how many people."""
    access.require_edit(actor)
    if medium not in CampaignMedium.values:
        message = _("Choose the medium from the list.")
        raise InvalidAction(message, fields={"medium": [message]})
    place = place.strip()
    if not place:
        message = _("Say where it ran: the station, channel, school or venue.")
        raise InvalidAction(message, fields={"place": [message]})
    if held_on > timezone.localdate():
        message = _("Log a run once it has taken place: the date cannot be in the future.")
        raise InvalidAction(message, fields={"held_on": [message]})
    if held_on < campaign.starts_on:
        message = _("This date is before the campaign started.")
        raise InvalidAction(message, fields={"held_on": [message]})
    if audience is not None and audience < 0:
        message = _("The audience cannot be negative.")
        raise InvalidAction(message, fields={"audience": [message]})
    run = CampaignRun.objects.create(
        campaign=campaign,
        medium=medium,
        place=place,
        region=region,
        held_on=held_on,
        audience=audience,
        note=note.strip(),
        logged_by=actor,
    )
    _audit(
        actor,
        "campaign_run.logged",
        "campaign",
        campaign.slug,
        medium=medium,
        held_on=held_on,
        place=place,
    )
    return run
