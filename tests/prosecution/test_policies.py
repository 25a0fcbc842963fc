"""The prosecution access rules, one by one: each can_* and scope_* is tried with an actor
it must allow and one it must refuse (scripts/mutate_policies replaces each by
allow-everything and deny-everything; one of these tests must then fail)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruta.core.choices import InstitutionType as T
from ruta.core.models import Department
from ruta.prosecution import policies
from ruta.prosecution import services as pros
from ruta.prosecution.models import Offence
from ruta.referrals import services as referrals
from tests.factories import actor_of, make_institution, make_unit, make_user
from tests.referrals.conftest import RECEIVERS, open_case, pathway  # noqa: F401

START = timezone.localdate() - timedelta(days=100)


@pytest.fixture
def world(pathway):  # noqa: F811
    """The pathway's prosecutors' unit (it receives legal referrals) with a prosecutor in
    charge of a file, a colleague, an investigator of a police unit; a case referred to the
    unit for legal action and accepted, another referred to a shelter."""
    fiscalia = pathway.receivers["legal"]
    unit = make_unit(fiscalia)
    in_charge = actor_of(make_user("prosecutor", fiscalia, unit=unit))
    colleague = actor_of(make_user("prosecutor", fiscalia))
    department = Department.objects.order_by("code").first()
    file = pros.file_create(
        actor=in_charge,
        complaint_on=START,
        offence=Offence.objects.filter(classification="trafficking").first(),
        department=department,
        unit=unit,
    )
    case = open_case(pathway, sharing_with=[fiscalia, pathway.receivers["care"]])
    legal = referrals.referral_send(
        actor=pathway.coordinator,
        case=case,
        to_institution=fiscalia,
        type="legal",
        services=[RECEIVERS["legal"][2]],
    )
    legal = referrals.referral_accept(actor=in_charge, referral=legal, version=legal.version)
    care = referrals.referral_send(
        actor=pathway.coordinator,
        case=case,
        to_institution=pathway.receivers["care"],
        type="care",
        services=[RECEIVERS["care"][2]],
    )
    referrals.referral_accept(actor=pathway.responders["care"], referral=care, version=care.version)
    police = make_institution("DPI", T.POLICE)
    return {
        "pathway": pathway,
        "fiscalia": fiscalia,
        "unit": unit,
        "in_charge": in_charge,
        "colleague": colleague,
        "unit_member": actor_of(make_user("supervisor", fiscalia, unit=unit)),
        "investigator": actor_of(make_user("investigator", police)),
        "shelter": pathway.responders["care"],
        "owner": pathway.coordinator,
        "analyst": actor_of(make_user("me_analyst", make_institution("CICESCT", T.COMMISSION))),
        "stranger": actor_of(make_user("prosecutor", make_institution("Otra", T.PROSECUTION))),
        "file": file,
        "case": case,
        "legal": legal,
        "department": department,
    }


def test_scope_files(world):
    file = world["file"]
    assert list(policies.scope_files(world["in_charge"])) == [file]
    assert list(policies.scope_files(world["colleague"])) == [file]  # institution scope
    for name in ("stranger", "investigator", "shelter", "owner", "analyst"):
        assert not policies.scope_files(world[name]).exists(), name


def test_file_in_scope(world):
    file = world["file"]
    assert policies.file_in_scope(world["in_charge"], file)
    assert not policies.file_in_scope(world["stranger"], file)
    assert not policies.file_in_scope(world["analyst"], file)


def test_own_scope_reaches_only_the_files_in_my_charge(world):
    police = world["investigator"].institution
    other = actor_of(make_user("investigator", police))
    file = pros.file_create(
        actor=world["investigator"],
        complaint_on=START,
        offence=world["file"].offence,
        department=world["department"],
    )
    assert policies.file_in_scope(world["investigator"], file)
    assert not policies.file_in_scope(other, file)
    assert not policies.scope_files(other).exists()


def test_can_create_file(world):
    assert policies.can_create_file(world["in_charge"])
    assert policies.can_create_file(world["investigator"])
    assert not policies.can_create_file(world["owner"])  # an ERI opens no criminal file
    assert not policies.can_create_file(world["analyst"])
    eri_prosecutor = actor_of(make_user("prosecutor", world["pathway"].eri))
    assert not policies.can_create_file(eri_prosecutor)  # not a prosecutors' or police unit


def test_can_edit_file(world):
    assert policies.can_edit_file(world["in_charge"], world["file"])
    assert not policies.can_edit_file(world["stranger"], world["file"])
    # The unit's supervisor role has no prosecution capability.
    assert not policies.can_edit_file(world["unit_member"], world["file"])


def test_can_assign_file(world):
    assert policies.can_assign_file(world["colleague"], world["file"])
    assert not policies.can_assign_file(world["stranger"], world["file"])
    investigator_file = pros.file_create(
        actor=world["investigator"],
        complaint_on=START,
        offence=world["file"].offence,
        department=world["department"],
    )
    # An 'own' scope works on its files but does not hand them out.
    assert policies.can_edit_file(world["investigator"], investigator_file)
    assert not policies.can_assign_file(world["investigator"], investigator_file)


def test_can_read_identity_and_record_person(world):
    assert policies.can_read_identity(world["in_charge"], world["file"])
    assert policies.can_record_person(world["in_charge"], world["file"])
    assert not policies.can_read_identity(world["stranger"], world["file"])
    assert not policies.can_record_person(world["stranger"], world["file"])


def test_can_link_case_needs_the_legal_grant(world):
    assert policies.can_link_case(world["in_charge"], world["file"], world["case"])
    assert not policies.can_link_case(world["stranger"], world["file"], world["case"])
    other_case = open_case(world["pathway"])  # never referred to the prosecutors
    assert not policies.can_link_case(world["in_charge"], world["file"], other_case)
    assert [g.case_id for g in policies.linkable_grants(world["in_charge"])] == [world["case"].pk]
    assert policies.linkable_grants(world["shelter"]) == []


def test_victim_identity_follows_the_grant_and_the_reserved_identity(world):
    victim = pros.victim_link_case(actor=world["in_charge"], file=world["file"], case=world["case"])
    person = world["case"].person
    assert policies.victim_identity(world["in_charge"], victim) == person
    assert policies.victim_identity(world["colleague"], victim) == person
    measure = pros.measure_request(
        actor=world["in_charge"],
        victim=victim,
        type="reserved_identity",
        requested_on=timezone.localdate(),
    )
    pros.measure_decide(
        actor=world["in_charge"],
        measure=measure,
        version=measure.version,
        status="granted",
        decided_on=timezone.localdate(),
    )
    victim.refresh_from_db()
    assert policies.victim_identity(world["in_charge"], victim) == person
    assert policies.victim_identity(world["colleague"], victim) is None
    assert policies.reserved_for(world["colleague"], victim)
    assert not policies.reserved_for(world["in_charge"], victim)


def test_an_ended_grant_hides_the_victims_name(world):
    victim = pros.victim_link_case(actor=world["in_charge"], file=world["file"], case=world["case"])
    legal = world["legal"]
    referrals.referral_complete(
        actor=world["owner"], referral=legal, version=legal.version, outcome="successful"
    )
    victim.refresh_from_db()
    assert policies.victim_identity(world["in_charge"], victim) is None


def test_scope_hearings(world):
    file = world["file"]
    file = pros.stage_advance(
        actor=world["in_charge"],
        file=file,
        version=file.version,
        stage="investigation",
        on=START + timedelta(days=1),
    )
    hearing = pros.hearing_schedule(
        actor=world["in_charge"],
        file=file,
        type="precautionary",
        starts_at=timezone.now() + timedelta(days=2),
    )
    assert list(policies.scope_hearings(world["colleague"])) == [hearing]
    assert not policies.scope_hearings(world["stranger"]).exists()


def test_scope_operations_and_their_writes(world):
    operation = pros.operation_create(
        actor=world["investigator"],
        name="Operativo",
        carried_out_on=START,
        department=world["department"],
        partners=[world["fiscalia"]],
    )
    assert list(policies.scope_operations(world["investigator"])) == [operation]
    assert list(policies.scope_operations(world["in_charge"])) == [operation]  # a partner
    assert not policies.scope_operations(world["stranger"]).exists()
    assert not policies.scope_operations(world["analyst"]).exists()
    assert policies.can_create_operation(world["investigator"])
    assert not policies.can_create_operation(world["shelter"])
    assert policies.can_edit_operation(world["investigator"], operation)
    assert not policies.can_edit_operation(world["in_charge"], operation)  # a partner only


def test_can_view_funnel(world):
    """The commission's analysts (and any role with the statistics capability) see the
    national counts; prosecutors their unit's; a case worker none."""
    assert policies.can_view_funnel(world["in_charge"])
    assert policies.can_view_funnel(world["analyst"])
    case_worker = actor_of(make_user("case_worker", world["pathway"].receivers["care"]))
    assert not policies.can_view_funnel(case_worker)
    assert policies.funnel_scope(case_worker) is None
    assert list(policies.funnel_scope(world["in_charge"])) == [world["file"]]
    assert policies.funnel_scope(world["analyst"]).count() == 1


def test_can_see_participation(world):
    assert policies.can_see_participation(world["owner"], world["case"])
    assert not policies.can_see_participation(world["in_charge"], world["case"])
    assert not policies.can_see_participation(world["shelter"], world["case"])


def test_can_see_victim_case_hides_a_reserved_identitys_case(world):
    victim = pros.victim_link_case(actor=world["in_charge"], file=world["file"], case=world["case"])
    assert policies.can_see_victim_case(world["colleague"], victim)
    assert not policies.can_see_victim_case(world["stranger"], victim)
    measure = pros.measure_request(
        actor=world["in_charge"],
        victim=victim,
        type="reserved_identity",
        requested_on=timezone.localdate(),
    )
    pros.measure_decide(
        actor=world["in_charge"],
        measure=measure,
        version=measure.version,
        status="granted",
        decided_on=timezone.localdate(),
    )
    victim.refresh_from_db()
    assert policies.can_see_victim_case(world["in_charge"], victim)
    assert not policies.can_see_victim_case(world["colleague"], victim)


def test_scope_funnel_rows(world):
    """The charges a funnel counts: all for the analyst, the institution's for its
    prosecutors, the files in their charge for an 'own' scope, none for a case worker."""
    from ruta.prosecution.models import Charge

    file = world["file"]
    for stage, days in (("investigation", 1), ("indictment", 2)):
        file = pros.stage_advance(
            actor=world["in_charge"],
            file=file,
            version=file.version,
            stage=stage,
            on=START + timedelta(days=days),
        )
    defendant = pros.defendant_add(
        actor=world["in_charge"], file=file, identity={"given_names": "Acusado"}
    )
    charge = pros.charge_add(
        actor=world["in_charge"],
        defendant=defendant,
        offence=file.offence,
        charged_on=file.indictment_on,
    )
    assert charge.institution_id == world["fiscalia"].pk

    def rows(actor):
        return list(
            policies.scope_funnel_rows(
                actor,
                Charge.objects.all(),
                institution="institution_id",
                file="defendant__file_id",
            )
        )

    assert rows(world["analyst"]) == [charge]
    assert rows(world["colleague"]) == [charge]
    assert rows(world["stranger"]) == []
    assert rows(actor_of(make_user("case_worker", world["fiscalia"]))) == []
    police = world["investigator"]
    assert rows(police) == []
    own = pros.file_create(
        actor=police, complaint_on=START, offence=file.offence, department=world["department"]
    )
    for stage, days in (("investigation", 1), ("indictment", 2)):
        own = pros.stage_advance(
            actor=police, file=own, version=own.version, stage=stage, on=START + timedelta(days)
        )
    suspect = pros.defendant_add(actor=police, file=own, identity={"given_names": "Otro"})
    police_charge = pros.charge_add(
        actor=police, defendant=suspect, offence=file.offence, charged_on=own.indictment_on
    )
    assert rows(police) == [police_charge]  # 'own': the files in my charge
    other_investigator = actor_of(make_user("investigator", police.institution))
    assert rows(other_investigator) == []  # the same institution, not in their charge


def test_can_see_funnel_card(world):
    assert policies.can_see_funnel_card(world["in_charge"])
    assert policies.can_see_funnel_card(world["analyst"])  # aggregate scope
    assert not policies.can_see_funnel_card(world["owner"])  # an ERI coordinator: the page only
    assert policies.can_view_funnel(world["owner"])
    assert not policies.can_see_funnel_card(world["shelter"])


def test_funnel_is_national(world):
    assert policies.funnel_is_national(world["analyst"])
    assert not policies.funnel_is_national(world["in_charge"])
