"""Evidence files: encrypted at rest, hashed on arrival, every access in the custody log."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Evidence(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(
        max_length=100, help_text="Detected from the content, not the name."
    )
    original_name = models.CharField(max_length=255, help_text="Shown only; never used as a path.")
    storage_name = models.CharField(max_length=80, unique=True)
    key_fingerprint = models.CharField(max_length=16, help_text="Which evidence key encrypted it.")
    received_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_attached = models.BooleanField(
        default=True, help_text="False while it waits in a reporter's unfinished form."
    )
    deleted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the file was removed; the row stays for the chain of custody.",
    )

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("evidence file")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


class CustodyEvent(models.Model):
    """One link of the chain of custody: who did what with a file, when."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        READ = "read", _("Read")
        DOWNLOADED = "downloaded", _("Downloaded")
        VERIFIED = "verified", _("Integrity verified")
        INTEGRITY_FAILED = "integrity_failed", _("Integrity check failed")
        REENCRYPTED = "reencrypted", _("Re-encrypted with a new key")
        DELETED = "deleted", _("Deleted")

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        max_length=120, help_text="Who acted when no user did: the reporter, a job."
    )
    purpose = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
