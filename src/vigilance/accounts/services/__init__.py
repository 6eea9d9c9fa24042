"""Every write on staff accounts and units, one function per action (``<entity>_<verb>``).

``authentication``: one's own account (creation with an authenticator, enrolment, passwords,
backup codes, one-time codes). ``members``: what administrators do to other people's accounts
and to units. Both are re-exported here: callers write ``services.user_create_member(...)``.
"""

from vigilance.accounts.services.authentication import (
    AUTHENTICATOR_NAME,
    BACKUP_CODE_COUNT,
    BACKUP_CODES_NAME,
    Enrolment,
    StaffAccount,
    authenticator_secret,
    user_authenticator_ensure,
    user_authenticator_pending,
    user_backup_codes_reset,
    user_change_password,
    user_create_staff,
    user_enrol_confirm,
    user_set_password,
    user_verify_code,
)
from vigilance.accounts.services.members import (
    NewMember,
    temporary_password,
    unit_create,
    unit_update,
    user_create_member,
    user_deactivate,
    user_set_roles,
    user_set_unit,
    user_update_assignment,
)

__all__ = [
    "AUTHENTICATOR_NAME",
    "BACKUP_CODES_NAME",
    "BACKUP_CODE_COUNT",
    "Enrolment",
    "NewMember",
    "StaffAccount",
    "authenticator_secret",
    "temporary_password",
    "unit_create",
    "unit_update",
    "user_authenticator_ensure",
    "user_authenticator_pending",
    "user_backup_codes_reset",
    "user_change_password",
    "user_create_member",
    "user_create_staff",
    "user_deactivate",
    "user_enrol_confirm",
    "user_set_password",
    "user_set_roles",
    "user_set_unit",
    "user_update_assignment",
    "user_verify_code",
]
