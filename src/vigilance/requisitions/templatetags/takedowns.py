"""Whether the reader of a cluster page may draft a takedown from it (the cluster page belongs
to ``cases``, which does not know of takedowns)."""

from typing import Any

from django import template

from vigilance.cases.models import Case
from vigilance.requisitions import access_takedowns as access

register = template.Library()


@register.simple_tag(takes_context=True)
def may_draft_takedown(context: dict[str, Any], subject: Any) -> bool:
    user = context["request"].user
    if isinstance(subject, Case):
        return access.may_draft_for_case(user, subject)
    return access.may_draft_for_report(user, subject)
