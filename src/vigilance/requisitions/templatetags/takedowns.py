"""Takedowns on pages that do not belong to them: whether the reader of a cluster page may draft
one from it (the page belongs to ``cases``, which does not know of takedowns), and the
takedowns of the partner desk."""

from typing import Any

from django import template

from vigilance.cases.models import Case
from vigilance.requisitions import access_takedowns as access
from vigilance.requisitions.selectors.takedowns import TakedownRow, takedowns_for_desk

register = template.Library()


@register.simple_tag(takes_context=True)
def may_draft_takedown(context: dict[str, Any], subject: Any) -> bool:
    user = context["request"].user
    if isinstance(subject, Case):
        return access.may_draft_for_case(user, subject)
    return access.may_draft_for_report(user, subject)


@register.simple_tag(takes_context=True)
def desk_takedowns(context: dict[str, Any]) -> list[TakedownRow]:
    return takedowns_for_desk(user=context["request"].user)
