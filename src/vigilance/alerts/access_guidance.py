"""Who may change guidance and awareness content: editors of the communication unit.

The public reads only published guides (``selectors.awareness``); advice texts and campaign
posters are public by nature. Services call ``require_edit`` before any change.
"""

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.core.errors import NotAllowed


def may_edit(user: User) -> bool:
    return can(user, Permission.EDIT_ALERTS)


def require_edit(user: User) -> None:
    if not may_edit(user):
        raise NotAllowed
