"""The audit trail: append-only events, each chained to the one before by a SHA-256 hash."""

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One thing someone did or read. Never updated, never deleted (database triggers refuse it).

    ``hash`` is SHA-256(previous hash || canonical JSON of the event's fields); ``sequence`` runs
    1, 2, 3... without gaps, so a removed event shows as a gap or a broken link; ``seal`` binds
    the hash to a secret key, so nobody without it can write a chain that verifies.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    # Plain values rather than foreign keys: deleting or renaming a user must not touch this table.
    actor_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=150)
    organisation = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    address = models.CharField(max_length=45, blank=True)
    details = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # HMAC-SHA256 of ``hash`` under the audit key ``key_id`` (audit/keys.py), which the database
    # never holds: whoever rewrites the rows cannot seal a forged or re-chained event.
    key_id = models.CharField(max_length=16, default="")
    seal = models.CharField(max_length=64, default="")

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"


class AuditHead(models.Model):
    """The single row writers lock to append: the last sequence number and hash.

    Taking this row's lock first (an UPDATE) serialises writers on PostgreSQL and SQLite alike,
    so two concurrent events can never claim the same predecessor and fork the chain. It is not
    evidence of anything: moving it back with a cut tail is caught by the signed checkpoints.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
