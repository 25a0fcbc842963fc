"""Access grants: every write takes the actor, asks a policy and is audited; a refused policy
changes nothing."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from django.http import Http404

from ruta.audit.models import AuditEvent
from ruta.cases import policies
from ruta.cases.models import AccessGrant, Case
from ruta.cases.services import grants
from ruta.cases.services.lifecycle import case_open
from ruta.people import services as people
from tests.factories import actor_of, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_institution, other_institution):
    owner = actor_of(make_user("eri_coordinator", home_institution))
    person = people.person_create(actor=owner, given_names="Ana", first_surname="Paz")
    case = case_open(actor=owner, person=person)
    receiver = actor_of(make_user("eri_coordinator", other_institution))  # answers referrals
    colleague = make_user("case_worker", other_institution)
    return SimpleNamespace(
        owner=owner, case=case, receiver=receiver, colleague=colleague, other=other_institution
    )


def _open(world, source_id):
    return grants.grant_open(
        actor=world.receiver,
        case=world.case,
        institution=world.other,
        sections=["identity", "care"],
        source="referral",
        source_id=source_id,
    )


def test_open_reassign_close_are_audited(world):
    source_id = uuid.uuid4()
    grant = _open(world, source_id)
    opened = AuditEvent.objects.get(action="cases.grant.opened")
    assert opened.target_id == str(grant.pk)
    assert opened.actor_user_id == world.receiver.user.pk
    assert opened.data["case"] == str(world.case.pk)
    assert opened.data["institution"] == str(world.other.pk)
    assert opened.data["sections"] == ["care", "identity"]
    assert opened.data["source_id"] == str(source_id)
    assert policies.sections_for(world.receiver, world.case) == {"identity", "care"}

    grants.grant_reassign(
        actor=world.receiver, source="referral", source_id=source_id, assigned_to=world.colleague
    )
    grant.refresh_from_db()
    assert grant.assigned_to == world.colleague
    reassigned = AuditEvent.objects.get(action="cases.grant.reassigned")
    assert (reassigned.target_id, reassigned.data["assigned_to"]) == (
        str(grant.pk),
        str(world.colleague.pk),
    )

    grants.grant_close(actor=world.owner, source="referral", source_id=source_id)
    grant.refresh_from_db()
    assert grant.valid_until is not None
    closed = AuditEvent.objects.get(action="cases.grant.closed")
    assert (closed.target_id, closed.actor_user_id) == (str(grant.pk), world.owner.user.pk)
    fresh = Case.objects.get(pk=world.case.pk)  # the grant is looked up once per case object
    assert policies.sections_for(world.receiver, fresh) == frozenset()


def test_a_refused_open_changes_nothing(world):
    before = AuditEvent.objects.count()
    with pytest.raises(Http404):  # the owner cannot accept on the receiver's behalf
        grants.grant_open(
            actor=world.owner,
            case=world.case,
            institution=world.other,
            sections=["identity"],
            source="referral",
            source_id=uuid.uuid4(),
        )
    with pytest.raises(Http404):  # a case worker does not answer referrals
        grants.grant_open(
            actor=actor_of(world.colleague),
            case=world.case,
            institution=world.other,
            sections=["identity"],
            source="referral",
            source_id=uuid.uuid4(),
        )
    assert not AccessGrant.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_refused_reassign_or_close_changes_nothing(world):
    source_id = uuid.uuid4()
    grant = _open(world, source_id)
    before = AuditEvent.objects.count()
    with pytest.raises(Http404):  # the owner does not hand over the receiver's work
        grants.grant_reassign(
            actor=world.owner, source="referral", source_id=source_id, assigned_to=world.colleague
        )
    third = actor_of(make_user("eri_coordinator"))  # a third institution
    with pytest.raises(Http404):
        grants.grant_close(actor=third, source="referral", source_id=source_id)
    grant.refresh_from_db()
    assert (grant.assigned_to, grant.valid_until) == (None, None)
    assert AuditEvent.objects.count() == before
