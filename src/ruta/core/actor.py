"""The Actor: who is acting, for which institution, with which role.

Built once per request (the web middleware and the API authentication both call
``actor_for_membership``) and passed to every selector and service. Policies ask it questions;
nothing else decides access.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from ruta.core.capabilities import PLATFORM_CODES
from ruta.core.choices import RecordScope, Sensitivity

if TYPE_CHECKING:
    from ruta.accounts.models import Membership, User


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership
    capabilities: frozenset[str]
    scope: str
    read_sensitivities: frozenset[str] = field(default_factory=frozenset)
    write_sensitivities: frozenset[str] = field(default_factory=frozenset)
    # The places a "territory" scope reaches (ISO 3166-2 department codes, municipality
    # codes): the membership's own, else its institution's. Loaded once, when the actor is
    # built, and only for territory-scoped roles (the only ones they decide anything for);
    # empty otherwise.
    department_ids: frozenset[str] = field(default_factory=frozenset)
    municipality_ids: frozenset[str] = field(default_factory=frozenset)
    request_id: str = ""
    ip: str | None = None
    via: str = "web"  # "web", "api" or "system"

    @property
    def user_id(self) -> UUID:
        return self.user.pk

    @property
    def institution_id(self) -> UUID:
        return self.membership.institution_id

    @property
    def institution(self):  # -> Institution
        return self.membership.institution

    @property
    def unit_id(self) -> UUID | None:
        return self.membership.unit_id

    def can(self, capability: str, institution_id: UUID | None = None) -> bool:
        """True when the role grants ``capability``, for ``institution_id`` when given.

        Platform capabilities reach every institution; the others only the institution the
        actor is acting for. Anything else is denied.
        """
        if capability not in self.capabilities:
            return False
        if institution_id is None or capability in PLATFORM_CODES:
            return True
        return institution_id == self.institution_id

    def can_read(self, sensitivity: Sensitivity | str) -> bool:
        return self.scope != RecordScope.AGGREGATE and str(sensitivity) in self.read_sensitivities

    def can_write(self, sensitivity: Sensitivity | str) -> bool:
        return self.scope != RecordScope.AGGREGATE and str(sensitivity) in self.write_sensitivities

    @property
    def reads_personal_data(self) -> bool:
        return bool(self.read_sensitivities) and self.scope != RecordScope.AGGREGATE


def actor_for_membership(
    membership: Membership, *, request_id: str = "", ip: str | None = None, via: str = "web"
) -> Actor:
    role = membership.role
    departments: frozenset[str] = frozenset()
    municipalities: frozenset[str] = frozenset()
    if role.scope == RecordScope.TERRITORY:
        departments, municipalities = membership.served_places()
    return Actor(
        user=membership.user,
        membership=membership,
        capabilities=frozenset(role.capabilities),
        scope=role.scope,
        read_sensitivities=frozenset(role.read_sensitivities),
        write_sensitivities=frozenset(role.write_sensitivities),
        department_ids=departments,
        municipality_ids=municipalities,
        request_id=request_id,
        ip=ip,
        via=via,
    )
