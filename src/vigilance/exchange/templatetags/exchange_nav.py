"""What the exchange's menu offers the signed-in person."""

from django import template

from vigilance.accounts.models import User
from vigilance.exchange.selectors.collections import may_manage_collections

register = template.Library()


@register.filter
def manages_collections(user: User) -> bool:
    return user.is_authenticated and may_manage_collections(user)
