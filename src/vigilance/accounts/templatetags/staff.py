"""Template filters for the workspace: ``{% if user|can:"triage" %}`` shows what a role allows."""

from django import template

from vigilance.accounts.models import User
from vigilance.accounts.permissions import can as user_can

register = template.Library()


@register.filter
def can(user: User, permission: str) -> bool:
    return user_can(user, permission)


@register.filter
def has_role(user: User, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(role)
