"""Exchange with peers: the collections partners read (TAXII 2.1 and MISP feeds), the STIX
objects the platform publishes into them, and what partners send in (imports).

What the platform publishes is written once into ``ExchangeObject`` rows, one per version of
each STIX object, so that every reader (TAXII pages, MISP feeds, full exports) streams stored
rows instead of rebuilding objects from the live tables. What partners send is kept apart, in
``PartnerIndicator``, with its sender, marking and confidence: it never changes the platform's
own indicators unless an analyst decides so.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation
from vigilance.core.tlp import TLP_MAX_LENGTH, Tlp


class ExchangeCollection(models.Model):
    """One collection partners read, by TAXII and as a MISP feed: everything in it carries
    exactly its marking.

    Who reads it follows TLP 2.0 (``core.tlp``): CLEAR and GREEN, every partner holding a key
    with the ``exchange`` permission; AMBER, only the ``readers`` named for their need to know;
    AMBER+STRICT, only the ``owner``; RED, no collection at all.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=60, unique=True)
    title_fr = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    description_fr = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    tlp = models.CharField(max_length=TLP_MAX_LENGTH, choices=Tlp.choices)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    readers = models.ManyToManyField(Organisation, blank=True, related_name="+")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("exchange collection")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(tlp=Tlp.RED), name="exchange_collection_never_red"
            ),
            # AMBER+STRICT goes to its owner only, and only AMBER+STRICT has an owner.
            models.CheckConstraint(
                condition=models.Q(tlp=Tlp.AMBER_STRICT, owner__isnull=False)
                | (~models.Q(tlp=Tlp.AMBER_STRICT) & models.Q(owner__isnull=True)),
                name="exchange_collection_owner_iff_strict",
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "fr").startswith("en") else self.title_fr


class ExchangeObject(models.Model):
    """One version of one STIX 2.1 object the platform publishes.

    ``body`` is the object's JSON exactly as served. ``is_common`` objects (the platform's
    identity, the TLP marking definitions, the extension definitions) belong in every collection;
    the others in the collections of their marking (and owner, for AMBER+STRICT).
    """

    stix_id = models.CharField(max_length=120)
    type = models.CharField(max_length=60)
    version = models.DateTimeField(help_text="The object's modified time (created for SCOs).")
    date_added = models.DateTimeField(default=timezone.now)
    tlp = models.CharField(max_length=TLP_MAX_LENGTH, choices=Tlp.choices)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_common = models.BooleanField(default=False)
    is_latest = models.BooleanField(default=True)
    # What it was made from ("indicator:123", "cluster:..."), to find and supersede it.
    source_key = models.CharField(max_length=80, blank=True)
    content_hash = models.CharField(max_length=64)
    body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stix_id", "version"], name="exchange_object_version"),
            models.CheckConstraint(
                condition=~models.Q(tlp=Tlp.RED), name="exchange_object_never_red"
            ),
        ]
        indexes = [
            models.Index(fields=["tlp", "date_added", "id"], name="exchange_object_page"),
            models.Index(fields=["source_key"], name="exchange_object_source"),
            models.Index(fields=["stix_id", "is_latest"], name="exchange_object_latest"),
            # The few rows common to every collection, read in order beside each TAXII page.
            models.Index(
                fields=["date_added", "id"],
                condition=models.Q(is_common=True),
                name="exchange_object_common",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stix_id}@{self.version.isoformat()}"


class ImportFormat(models.TextChoices):
    STIX = "stix", "STIX 2.1"
    MISP = "misp", "MISP"


class SourceKind(models.TextChoices):
    TAXII = "taxii", _("TAXII 2.1 collection")
    MISP_FEED = "misp_feed", _("MISP feed")


class ImportSource(models.Model):
    """A partner's feed the platform polls: a TAXII 2.1 collection or a MISP feed.

    The password or key is never stored: ``secret_setting`` names the environment variable that
    holds it.
    """

    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=SourceKind.choices)
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500, help_text="The TAXII collection's or the feed's URL.")
    username = models.CharField(max_length=200, blank=True)
    secret_setting = models.CharField(max_length=100, blank=True)
    default_tlp = models.CharField(
        max_length=TLP_MAX_LENGTH, choices=Tlp.choices, default=Tlp.AMBER
    )
    confidence = models.PositiveSmallIntegerField(default=50)
    poll_minutes = models.PositiveIntegerField(default=60)
    is_active = models.BooleanField(default=True)
    # Where the next poll starts: TAXII's added_after, or the MISP manifest's last timestamp.
    cursor = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("import source")

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("Importing")
    IMPORTED = "imported", _("Imported")
    ALREADY_IMPORTED = "already_imported", _("Already imported")
    REFUSED = "refused", _("Refused")


class ImportBatch(models.Model):
    """One bundle, MISP event or feed page a partner sent: imported whole, or not at all."""

    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(
        ImportSource, on_delete=models.PROTECT, null=True, blank=True, related_name="batches"
    )
    format = models.CharField(max_length=8, choices=ImportFormat.choices)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    object_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    warning_listed_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # Why it was refused: a code and its parameters, worded in the reader's language on screen.
    error_code = models.CharField(max_length=60, blank=True)
    error_detail = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        constraints = [
            # The same bytes from the same partner are imported once.
            models.UniqueConstraint(
                fields=["partner", "sha256"],
                condition=models.Q(status="imported"),
                name="import_batch_once",
            )
        ]


class PartnerIndicator(models.Model):
    """A value a partner told the platform about, normalised like the platform's own.

    Kept with its sender, marking and confidence; correlated with reports by (type, value)
    unless it is on a warning list; listed as fraud only by an analyst's decision (``pushed_at``).
    """

    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(max_length=20)
    value = models.CharField(max_length=500)
    raw_value = models.CharField(max_length=500)
    tlp = models.CharField(max_length=TLP_MAX_LENGTH, choices=Tlp.choices)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    # The sender's identifier for it: a STIX id or a MISP attribute's uuid.
    external_id = models.CharField(max_length=120, blank=True)
    labels = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    is_revoked = models.BooleanField(default=False)
    is_warning_listed = models.BooleanField(default=False)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "type", "value"], name="partner_indicator_unique"
            )
        ]
        indexes = [models.Index(fields=["type", "value"], name="partner_indicator_lookup")]

    def __str__(self) -> str:
        return f"{self.type}:{self.value}"


class PublishCursor(models.Model):
    """Where the incremental publishing of STIX objects resumes: the time its last run started
    (indicators changed since then are published again)."""

    name = models.CharField(max_length=40, unique=True)
    position = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}@{self.position.isoformat()}"
