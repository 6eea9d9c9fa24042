"""Every write on staff accounts and units, one function per action (``<entity>_<verb>``).

``authentication``: one's own account (creation with an authenticator, enrolment, passwords,
backup codes, one-time codes). ``backoff``: the per-account pause of sign-in after failures.
``members``: what administrators do to other people's accounts and to units; ``grants``: the
second administrator's approval of what opens case content; ``resets``: lost passwords and
authenticators. All are re-exported here: callers write ``services.user_create_member(...)``.
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
from vigilance.accounts.services.backoff import (
    sign_in_failure_record,
    sign_in_pause_seconds,
    sign_in_success_record,
)
from vigilance.accounts.services.grants import role_grant_approve, role_grant_refuse
from vigilance.accounts.services.members import (
    NewMember,
    temporary_password,
    unit_create,
    unit_update,
    user_create_member,
    user_deactivate,
    user_update_assignment,
)
from vigilance.accounts.services.resets import (
    user_authenticator_reset,
    user_password_renew,
    user_password_reset,
)
from vigilance.accounts.services.unit_moves import unit_move_approve, unit_move_refuse

__all__ = [
    "AUTHENTICATOR_NAME",
    "BACKUP_CODES_NAME",
    "BACKUP_CODE_COUNT",
    "Enrolment",
    "NewMember",
    "StaffAccount",
    "authenticator_secret",
    "role_grant_approve",
    "role_grant_refuse",
    "sign_in_failure_record",
    "sign_in_pause_seconds",
    "sign_in_success_record",
    "temporary_password",
    "unit_create",
    "unit_move_approve",
    "unit_move_refuse",
    "unit_update",
    "user_authenticator_ensure",
    "user_authenticator_pending",
    "user_authenticator_reset",
    "user_backup_codes_reset",
    "user_change_password",
    "user_create_member",
    "user_create_staff",
    "user_deactivate",
    "user_enrol_confirm",
    "user_password_renew",
    "user_password_reset",
    "user_set_password",
    "user_update_assignment",
    "user_verify_code",
]
