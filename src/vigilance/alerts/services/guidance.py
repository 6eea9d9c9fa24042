"""Writes of the wizard's advice: editors change its texts, audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.alerts import access_guidance as access
from vigilance.alerts.models_guidance import AdviceBlock
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction

FIELDS = ("title_fr", "title_en", "body_fr", "body_en")


@transaction.atomic
def advice_update(
    *, actor: User, block: AdviceBlock, title_fr: str, title_en: str, body_fr: str, body_en: str
) -> AdviceBlock:
    """New texts for one piece of advice; the audit event names which languages changed."""
    access.require_edit(actor)
    texts = {"title_fr": title_fr, "title_en": title_en, "body_fr": body_fr, "body_en": body_en}
    texts = {name: value.strip() for name, value in texts.items()}
    missing = {name: [_("Fill in this field.")] for name, value in texts.items() if not value}
    if missing:
        raise InvalidAction(_("Fill in the texts in both languages."), fields=missing)
    block = AdviceBlock.objects.select_for_update().get(pk=block.pk)
    changed = [name for name in FIELDS if getattr(block, name) != texts[name]]
    if not changed:
        return block
    for name in changed:
        setattr(block, name, texts[name])
    block.updated_at = timezone.now()
    block.updated_by = actor
    block.save(update_fields=[*changed, "updated_at", "updated_by"])
    audit_record(
        actor=actor,
        action="advice.updated",
        object_type="advice",
        object_id=block.key,
        details={"fields": changed},
    )
    return block
