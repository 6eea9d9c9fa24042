"""Recording the downloads of the open statistics: every export is in the audit trail, with the
question asked (never who the figures are about: they are about nobody)."""

import datetime as dt

from django.db import transaction

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record

PUBLIC = "public"


@transaction.atomic
def open_data_export_record(
    *,
    actor: User | None,
    month_from: dt.date,
    month_to: dt.date,
    by: tuple[str, ...],
    format: str,
) -> None:
    """Record that the figures of ``month_from``..``month_to`` grouped by ``by`` went out as
    ``format``; ``actor`` is None for the public."""
    audit_record(
        actor=actor,
        actor_label=PUBLIC,
        action="open_data.exported",
        object_type="open_data",
        object_id=f"{month_from:%Y-%m}..{month_to:%Y-%m}",
        details={
            "from": f"{month_from:%Y-%m}",
            "to": f"{month_to:%Y-%m}",
            "by": ",".join(by) or "-",
            "format": format,
        },
    )
