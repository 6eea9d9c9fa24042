"""Background work of the exchange, run by Celery workers and beat."""

from celery import shared_task

from vigilance.exchange.models import ImportSource
from vigilance.exchange.services.polling import source_poll, sources_due


@shared_task
def exchange_poll_due() -> int:
    """Beat: start a poll of every partner feed that is due; returns how many were started."""
    ids = [source.pk for source in sources_due()]
    for source_id in ids:
        exchange_poll_source.delay(source_id)
    return len(ids)


@shared_task
def exchange_poll_source(source_id: int) -> bool:
    source = ImportSource.objects.select_related("partner").filter(pk=source_id).first()
    if source is None or not source.is_active:
        return False
    return source_poll(source)


@shared_task
def exchange_misp_feeds_prepare() -> int:
    """Beat: build the MISP feed files that changed, before partners pull them."""
    from vigilance.exchange.misp.feed import misp_feeds_prepare

    return misp_feeds_prepare()


@shared_task
def exchange_publish(full: bool = False) -> int:
    """Beat, every five minutes: publish the indicators changed since the last run; returns
    how many object versions were written."""
    from vigilance.exchange.services.publish import publish_run

    result = publish_run(full=full)
    return result.written + result.revoked


@shared_task
def exchange_import_file(
    *,
    path: str,
    partner_id: int,
    format: str,
    sha256: str,
    size: int,
    filename: str,
    default_tlp: str,
    confidence: int,
    actor_id: int | None,
) -> int | None:
    """Import a file staff uploaded (saved under the var dir), then delete it; the batch's id."""
    from pathlib import Path

    from vigilance.accounts.models import Organisation, User
    from vigilance.exchange.services.uploads import import_file_run

    partner = Organisation.objects.filter(pk=partner_id).first()
    if partner is None:
        Path(path).unlink(missing_ok=True)
        return None
    batch = import_file_run(
        path=Path(path),
        partner=partner,
        format=format,
        sha256=sha256,
        size=size,
        filename=filename,
        default_tlp=default_tlp,
        confidence=confidence,
        actor=User.objects.filter(pk=actor_id).first() if actor_id else None,
    )
    return batch.pk
