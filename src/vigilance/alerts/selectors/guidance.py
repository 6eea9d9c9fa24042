"""Reads of the wizard's advice: the blocks the rules name, in the rules' order."""

from collections.abc import Sequence

from django.db.models import QuerySet

from vigilance.alerts.models_guidance import AdviceBlock
from vigilance.core.errors import NotFound


def advice_blocks(*, keys: Sequence[str]) -> list[AdviceBlock]:
    """The blocks of ``keys``, in that order; a key without a block is left out."""
    found = {block.key: block for block in AdviceBlock.objects.filter(key__in=keys)}
    return [found[key] for key in keys if key in found]


def advice_list() -> QuerySet[AdviceBlock]:
    return AdviceBlock.objects.select_related("updated_by").order_by("position", "key")


def advice_get(*, key: str) -> AdviceBlock:
    block = AdviceBlock.objects.filter(key=key).first()
    if block is None:
        raise NotFound
    return block
