"""Guidance and awareness: the advice texts of the "What happened to you?" wizard, the guides
and campaigns editors publish, and the log of where each campaign ran."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vigilance.core.models import OffenceCategory, Region


def _in_language(french: str, english: str) -> str:
    return english if (get_language() or "fr").startswith("en") else french


class AdviceBlock(models.Model):
    """One piece of advice the wizard may give. ``key`` is what the rules of
    ``alerts.guidance.rules`` name; the texts are editors' content, in both languages."""

    key = models.SlugField(max_length=40, unique=True)
    title_fr = models.CharField(max_length=160)
    title_en = models.CharField(max_length=160)
    body_fr = models.TextField(help_text="A safe subset of Markdown.")
    body_en = models.TextField(help_text="A safe subset of Markdown.")
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("advice")

    def __str__(self) -> str:
        return self.key

    @property
    def title(self) -> str:
        return _in_language(self.title_fr, self.title_en)

    @property
    def body(self) -> str:
        return _in_language(self.body_fr, self.body_en)


class Guide(models.Model):
    """A page of best practice for the public; shown once published."""

    slug = models.SlugField(max_length=120, unique=True)
    title_fr = models.CharField(max_length=160)
    title_en = models.CharField(max_length=160)
    summary_fr = models.CharField(max_length=300)
    summary_en = models.CharField(max_length=300)
    body_fr = models.TextField(help_text="A safe subset of Markdown.")
    body_en = models.TextField(help_text="A safe subset of Markdown.")
    video_url = models.URLField(
        blank=True, help_text="An https link to YouTube, Facebook or an official site."
    )
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("guide")
        indexes = [models.Index(fields=["is_published", "-published_at"])]

    def __str__(self) -> str:
        return self.slug

    @property
    def title(self) -> str:
        return _in_language(self.title_fr, self.title_en)

    @property
    def summary(self) -> str:
        return _in_language(self.summary_fr, self.summary_en)

    @property
    def body(self) -> str:
        return _in_language(self.body_fr, self.body_en)


class Campaign(models.Model):
    """An awareness campaign: its message, printed on its poster, and the runs logged."""

    slug = models.SlugField(max_length=120, unique=True)
    name_fr = models.CharField(max_length=160)
    name_en = models.CharField(max_length=160)
    theme = models.ForeignKey(
        OffenceCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The kind of offence the campaign warns against; empty for general advice.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    poster_headline_fr = models.CharField(max_length=120)
    poster_headline_en = models.CharField(max_length=120)
    poster_message_fr = models.TextField(max_length=600)
    poster_message_en = models.TextField(max_length=600)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "slug"]
        verbose_name = _("campaign")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def name(self) -> str:
        return _in_language(self.name_fr, self.name_en)


class CampaignMedium(models.TextChoices):
    RADIO = "radio", _("Radio station")
    TV = "tv", _("Television")
    SOCIAL = "social", _("Social networks")
    SCHOOLS = "schools", _("Schools and universities")
    BUSINESSES = "businesses", _("Businesses")
    PRESS = "press", _("Newspapers")
    EVENT = "event", _("Public event")


class CampaignRun(models.Model):
    """One time a campaign ran somewhere: the statistics count these by month and medium."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="runs")
    medium = models.CharField(max_length=12, choices=CampaignMedium.choices)
    place = models.CharField(max_length=200, help_text="The station, channel, school or venue.")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField()
    audience = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("campaign run")
        indexes = [models.Index(fields=["held_on", "medium"])]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.medium} {self.held_on}"
