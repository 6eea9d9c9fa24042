"""Alerts: bilingual advisories for the public or for partners, published under four eyes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vigilance.core.models import OffenceCategory, Region
from vigilance.core.tlp import TLP_MAX_LENGTH, Tlp


class AlertStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Awaiting approval")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Severity(models.TextChoices):
    INFORMATION = "information", _("For information")
    WARNING = "warning", _("Warning")
    URGENT = "urgent", _("Urgent")


class Audience(models.TextChoices):
    PUBLIC = "public", _("The public")
    PARTNERS = "partners", _("Partners")


class AlertSource(models.TextChoices):
    EDITOR = "editor", _("Written by an editor")
    DETECTION = "detection", _("Proposed by scam-wave detection")


class Alert(models.Model):
    """One advisory. ``reference`` (ALR-YYYY-NNNNNN) and the two slugs never change once
    published, so links shared on social networks keep working."""

    reference = models.CharField(max_length=24, unique=True)
    slug_fr = models.SlugField(max_length=120)
    slug_en = models.SlugField(max_length=120)
    title_fr = models.CharField(max_length=160)
    title_en = models.CharField(max_length=160)
    summary_fr = models.CharField(max_length=300)
    summary_en = models.CharField(max_length=300)
    body_fr = models.TextField(help_text="A safe subset of Markdown.")
    body_en = models.TextField(help_text="A safe subset of Markdown.")
    category = models.ForeignKey(
        OffenceCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    severity = models.CharField(max_length=12, choices=Severity.choices, default=Severity.WARNING)
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", help_text="None means the whole country."
    )
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    tlp = models.CharField(max_length=TLP_MAX_LENGTH, choices=Tlp.choices, default=Tlp.CLEAR)
    status = models.CharField(
        max_length=10, choices=AlertStatus.choices, default=AlertStatus.DRAFT, db_index=True
    )
    source = models.CharField(
        max_length=10, choices=AlertSource.choices, default=AlertSource.EDITOR
    )
    version = models.PositiveIntegerField(default=1)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a draft proposed by scam-wave detection.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="When a published alert's content last changed."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    # The picture, re-encoded by the platform (no metadata kept), served at a stable address.
    picture = models.BinaryField(null=True, blank=True, editable=False)
    picture_type = models.CharField(max_length=20, blank=True)
    picture_sha256 = models.CharField(max_length=64, blank=True)
    picture_alt_fr = models.CharField(max_length=200, blank=True)
    picture_alt_en = models.CharField(max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("alert")
        indexes = [models.Index(fields=["status", "audience", "-published_at"])]
        constraints = [
            # Four eyes: whoever drafted (or submitted a detection's draft) never approves.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("drafted_by")),
                name="alert_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("submitted_by")),
                name="alert_four_eyes_submitter",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(approved_by__isnull=False),
                name="alert_published_is_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def in_language(self, field: str, language: str | None = None) -> str:
        """``title``, ``summary``, ``body``, ``slug`` or ``picture_alt`` in the language asked
        (the active one by default)."""
        language = language or get_language() or "fr"
        suffix = "en" if language.startswith("en") else "fr"
        return str(getattr(self, f"{field}_{suffix}"))

    @property
    def title(self) -> str:
        return self.in_language("title")

    @property
    def summary(self) -> str:
        return self.in_language("summary")

    @property
    def slug(self) -> str:
        return self.in_language("slug")

    @property
    def picture_alt(self) -> str:
        return self.in_language("picture_alt")

    @property
    def has_picture(self) -> bool:
        return bool(self.picture_sha256)

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC and self.status in PUBLIC_STATUSES


# A withdrawn public alert keeps its address: the page says it was withdrawn, and why.
PUBLIC_STATUSES = (AlertStatus.PUBLISHED, AlertStatus.WITHDRAWN)


class AlertVersion(models.Model):
    """Each text an alert was published with: the first publication, then each update."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title_fr = models.CharField(max_length=160)
    title_en = models.CharField(max_length=160)
    summary_fr = models.CharField(max_length=300)
    summary_en = models.CharField(max_length=300)
    body_fr = models.TextField()
    body_en = models.TextField()
    severity = models.CharField(max_length=12, choices=Severity.choices)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True, help_text="What the update changed.")

    class Meta:
        ordering = ["alert", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "number"], name="alert_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} v{self.number}"


class AlertIdentifier(models.Model):
    """An identifier (normalised as indicators are) that the alert names: the public check shows
    the published alert for it."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="identifiers")
    type = models.CharField(max_length=20)
    value = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "type", "value"], name="alert_identifier_once")
        ]
        indexes = [models.Index(fields=["type", "value"])]


from vigilance.alerts.models_guidance import AdviceBlock, Campaign, CampaignRun, Guide  # noqa: E402, F401
from vigilance.alerts.models_subscriptions import AlertDelivery, AlertDispatch, Subscriber  # noqa: E402, F401
from vigilance.alerts.models_waves import WaveFinding  # noqa: E402, F401
