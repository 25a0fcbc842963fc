"""The committees slice's extra records for the permission matrix.

- ``committees_free_member``: an observer institution of the home's ``committee`` that owns
  no action item (it can be removed); no matrix actor belongs to it.
"""

from __future__ import annotations

from ruta.coordination.choices import MemberRole
from ruta.coordination.models import CommitteeMember
from ruta.core.choices import InstitutionType as T
from tests.factories import make_institution


def build(*, users: dict, home, world: dict) -> dict:
    observer = make_institution("Organización observadora", T.NGO)
    member = CommitteeMember.objects.create(
        committee=world["committee"], institution=observer, role=MemberRole.OBSERVER
    )
    return {"committees_free_member": member}
