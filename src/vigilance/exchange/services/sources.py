"""Partners' feeds the platform polls (TAXII 2.1 collections and MISP feeds): adding, changing, deactivating one, and
asking for a poll now. Each write is audited; the secret itself never enters the database (the
source names the ``EXCHANGE_SECRET_*`` variable holding it)."""

import re
from dataclasses import asdict, dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from vigilance.accounts.models import Organisation, User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import ImportSource, SourceKind
from vigilance.exchange.services.uploads import is_exchange_partner

SECRET_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,99}$")


@dataclass(frozen=True)
class TaxiiSourceInput:
    partner: Organisation
    name: str
    url: str
    username: str
    secret_setting: str
    default_tlp: str
    confidence: int
    poll_minutes: int
    kind: str = SourceKind.TAXII


def _check(actor: User, values: TaxiiSourceInput) -> None:
    if not can(actor, Permission.MANAGE_EXCHANGE):
        raise NotFound
    errors: dict[str, list[str]] = {}
    if not is_exchange_partner(values.partner):
        errors["partner"] = [_("The platform does not exchange indicators with this organisation.")]
    prefix = settings.EXCHANGE_SOURCE_VARIABLE_PREFIX
    if values.secret_setting and (
        not values.secret_setting.startswith(prefix) or not SECRET_NAME.match(values.secret_setting)
    ):
        errors["secret_setting"] = [
            _("Name an environment variable starting with %(prefix)s, in capitals.")
            % {"prefix": prefix}
        ]
    if values.kind not in SourceKind.values:
        errors["kind"] = [_("Choose a TAXII 2.1 collection or a MISP feed.")]
    if values.default_tlp not in Tlp.values:
        errors["default_tlp"] = [_("Choose a TLP marking.")]
    if not 0 <= values.confidence <= 100:
        errors["confidence"] = [_("Give a confidence from 0 to 100.")]
    if not 5 <= values.poll_minutes <= 7 * 24 * 60:
        errors["poll_minutes"] = [_("Poll between every 5 minutes and once a week.")]
    if errors:
        raise InvalidAction(_("Some fields need correcting."), fields=errors)


def _details(source: ImportSource) -> dict[str, object]:
    return {
        "partner": source.partner.code,
        "kind": source.kind,
        "name": source.name,
        "url": source.url,
        "secret_setting": source.secret_setting,
        "default_tlp": source.default_tlp,
        "confidence": source.confidence,
        "poll_minutes": source.poll_minutes,
    }


@transaction.atomic
def taxii_source_create(*, actor: User, values: TaxiiSourceInput) -> ImportSource:
    _check(actor, values)
    source = ImportSource.objects.create(created_by=actor, **asdict(values))
    audit_record(
        actor=actor,
        action="exchange.source_created",
        object_type="import_source",
        object_id=source.pk,
        details=_details(source),
    )
    return source


@transaction.atomic
def taxii_source_update(
    *, actor: User, source: ImportSource, values: TaxiiSourceInput
) -> ImportSource:
    _check(actor, values)
    changed = [name for name, value in asdict(values).items() if getattr(source, name) != value]
    if not changed:
        return source
    for name in changed:
        setattr(source, name, getattr(values, name))
    if {"url", "partner", "kind"} & set(changed):
        # Another collection: start from its beginning.
        source.cursor = ""
        changed.append("cursor")
    source.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="exchange.source_changed",
        object_type="import_source",
        object_id=source.pk,
        details={**_details(source), "changed": sorted(set(changed) - {"cursor"})},
    )
    return source


@transaction.atomic
def taxii_source_set_active(*, actor: User, source: ImportSource, is_active: bool) -> ImportSource:
    if not can(actor, Permission.MANAGE_EXCHANGE):
        raise NotFound
    if source.is_active == is_active:
        return source
    source.is_active = is_active
    source.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="exchange.source_activated" if is_active else "exchange.source_deactivated",
        object_type="import_source",
        object_id=source.pk,
        details={"partner": source.partner.code, "name": source.name},
    )
    return source


@transaction.atomic
def taxii_source_poll_request(*, actor: User, source: ImportSource) -> None:
    """Poll ``source`` now, by the Celery job, after the request."""
    if not can(actor, Permission.MANAGE_EXCHANGE):
        raise NotFound
    if not source.is_active:
        raise InvalidAction(_("This source is deactivated: activate it before polling."))
    audit_record(
        actor=actor,
        action="exchange.poll_requested",
        object_type="import_source",
        object_id=source.pk,
        details={"partner": source.partner.code, "name": source.name},
    )
    # The job module imports the services: looked up here, once the app is loaded.
    from vigilance.exchange import tasks

    transaction.on_commit(partial(tasks.exchange_poll_source.delay, source.pk))
