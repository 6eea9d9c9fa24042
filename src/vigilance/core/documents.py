"""Copies of the documents the platform signed, kept so that each is served as first issued."""

from django.db import transaction
from django.utils import timezone

from vigilance.core.models import IssuedDocument


def issued_copy_get(*, name: str, fingerprint: str) -> bytes | None:
    """The copy kept under ``name`` if it shows what ``fingerprint`` names, else None."""
    copy = IssuedDocument.objects.filter(name=name, fingerprint=fingerprint).first()
    return bytes(copy.content) if copy is not None else None


@transaction.atomic
def issued_copy_keep(*, name: str, fingerprint: str, content: bytes) -> bytes:
    """Keep ``content`` under ``name``, unless a copy of the same facts was kept first (by
    another process), in which case that one is returned: every caller gets the same bytes."""
    copy, created = IssuedDocument.objects.select_for_update().get_or_create(
        name=name,
        defaults={"fingerprint": fingerprint, "content": content, "issued_at": timezone.now()},
    )
    if not created and copy.fingerprint != fingerprint:
        copy.fingerprint, copy.content, copy.issued_at = fingerprint, content, timezone.now()
        copy.save(update_fields=["fingerprint", "content", "issued_at"])
    return bytes(copy.content)


def issued_copy_forget(*, name: str) -> None:
    """Drop the copy kept under ``name`` (one that can no longer be read)."""
    IssuedDocument.objects.filter(name=name).delete()
