"""Writes on accounts, by topic. Each checks a policy, validates, saves and audits.

- ``users``: users, their memberships and roles, and the platform's first administrator
- ``credentials``: signing in (password with lock-out, two-factor), sessions, passwords and
  API tokens

New code imports from the topic module; the names below stay importable from the package
for existing callers (``from ruta.accounts import services; services.user_create(...)``).
The DRF authentication class is ``ruta.accounts.api.authentication``.
"""

from ruta.accounts.services.users import (
    USER_FIELDS,
    membership_create,
    membership_set_territory,
    membership_switch,
    membership_update,
    notification_preferences_set,
    platform_bootstrap,
    role_create,
    role_update,
    user_create,
    user_password_reset,
    user_set_active,
    user_totp_reset,
    user_unlock,
    user_update,
)

__all__ = [
    "USER_FIELDS",
    "membership_create",
    "membership_set_territory",
    "membership_switch",
    "membership_update",
    "notification_preferences_set",
    "platform_bootstrap",
    "role_create",
    "role_update",
    "user_create",
    "user_password_reset",
    "user_set_active",
    "user_totp_reset",
    "user_unlock",
    "user_update",
]
