"""The documents the platform issues: rendered from HTML to PDF offline, and the copies of those
it signed, kept so that each is served as first issued.

WeasyPrint is imported when a document is rendered, not with this module: it adds tens of MB to
a web worker that may never render one.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from vigilance.core.models import IssuedDocument

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher


def offline_url_fetcher() -> "URLFetcher":
    """Resolves data: URIs only, so rendering never reaches the network or the file system."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def pdf_from_html(html: str) -> bytes:
    """The unsigned PDF of a document's HTML (its images as data: URIs)."""
    import weasyprint

    return weasyprint.HTML(string=html, url_fetcher=offline_url_fetcher()).write_pdf()


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


def issued_copies_reencrypt(
    *,
    prefix: str,
    is_current: Callable[[bytes], bool],
    reencrypt: Callable[[bytes], bytes],
    on_reencrypted: Callable[[str], None],
) -> list[str]:
    """Rewrite the content of the copies named ``prefix...`` with ``reencrypt`` where
    ``is_current`` says it is under an old key (a key rotation); the same document, never issued
    again. Each commits on its own, with what ``on_reencrypted`` records of it (its audit
    event); returns the names of the copies changed."""
    changed = []
    names = IssuedDocument.objects.filter(name__startswith=prefix).order_by("pk")
    for pk in names.values_list("pk", flat=True):
        with transaction.atomic():
            copy = IssuedDocument.objects.select_for_update().get(pk=pk)
            content = bytes(copy.content)
            if is_current(content):
                continue
            copy.content = reencrypt(content)
            copy.save(update_fields=["content"])
            on_reencrypted(copy.name)
            changed.append(copy.name)
    return changed
