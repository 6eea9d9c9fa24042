"""Reads of the import pages: the batches partners' files became, and the one an upload is
waiting for. Every batch is visible to the staff who may import (``ANALYSE_INDICATORS``): a
batch holds counts and a refusal, never the values themselves."""

import datetime as dt

from django.core.signing import BadSignature
from django.db.models import QuerySet

from vigilance.accounts.api_keys import KEY_PERMISSIONS
from vigilance.accounts.models import Organisation, User
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import NotFound
from vigilance.exchange.models import ImportBatch
from vigilance.exchange.services.uploads import UPLOAD_SIGNER

LIST_LIMIT = 200


def import_batch_list() -> QuerySet[ImportBatch]:
    """The latest batches, newest first, with their partner and source."""
    return ImportBatch.objects.select_related("partner", "source", "uploaded_by")[:LIST_LIMIT]


def import_batch_get(*, batch_id: int) -> ImportBatch:
    batch = (
        ImportBatch.objects.select_related("partner", "source", "uploaded_by")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise NotFound
    return batch


def upload_batch_waited(*, actor: User, token: str) -> ImportBatch | None:
    """The batch an upload of ``actor`` became, once the job has run (None while it waits);
    a token that is not ours, or older than two days, is not found."""
    try:
        waited = UPLOAD_SIGNER.unsign_object(token, max_age=dt.timedelta(days=2))
    except BadSignature as error:
        raise NotFound from error
    return (
        ImportBatch.objects.filter(
            partner_id=waited["partner"],
            sha256=waited["sha256"],
            uploaded_by=actor,
            created_at__gte=dt.datetime.fromisoformat(waited["since"]),
        )
        .order_by("-created_at", "-id")
        .first()
    )


def exchange_partner_list() -> QuerySet[Organisation]:
    """The active organisations the platform exchanges indicators with (their kind may hold an
    ``exchange`` key)."""
    kinds = [kind for kind, allowed in KEY_PERMISSIONS.items() if Permission.EXCHANGE in allowed]
    return Organisation.objects.filter(is_active=True, kind__in=kinds)
