"""A small world for the people of a criminal file: the ERI owns a survivor's case and refers
it to the prosecutors (legal) and to a shelter (care); the prosecutors open a criminal file
in prosecutor A's charge; prosecutor B works in the same unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.cases import services as cases
from ruta.cases.models import Case
from ruta.core.actor import Actor
from ruta.core.choices import InstitutionType as T
from ruta.core.models import Department
from ruta.people import services as people
from ruta.prosecution import services as pros
from ruta.prosecution.models import CriminalFile, Offence
from ruta.referrals import services as referrals
from ruta.referrals.models import Referral
from tests.factories import actor_of, make_institution, make_unit, make_user, sign_in

SURVIVOR = "Rosaura Quintanilla"
HEALTH_NOTE = "NOTA-SALUD-CONFIDENCIAL"
LEGAL_NOTE = "NOTA-LEGAL"


@dataclass
class World:
    eri: Actor
    prosecutor: Actor  # in charge of the file
    colleague: Actor  # another prosecutor of the same institution
    shelter: Actor
    case: Case
    legal: Referral
    file: CriminalFile


def clients(actor: Actor) -> tuple[Client, APIClient]:
    page = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), actor.user, actor.membership.institution)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    _token, key = auth.token_create(
        user=actor.user, membership=actor.membership, second_factor=True
    )
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return page, api


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def _referral(eri: Actor, case: Case, to, kind: str, service: str, answer: Actor) -> Referral:
    referral = referrals.referral_send(
        actor=eri, case=case, to_institution=to, type=kind, services=[service]
    )
    return referrals.referral_accept(actor=answer, referral=referral, version=referral.version)


@pytest.fixture(name="world")
def world_fixture(db) -> World:
    eri_inst = make_institution("Equipo de Respuesta Inmediata", T.RESPONSE_TEAM, acronym="ERI")
    unit = make_unit(eri_inst)
    eri = actor_of(make_user("eri_coordinator", eri_inst, unit=unit))
    platform = actor_of(make_user("platform_admin", eri_inst))
    fiscalia = make_institution("Fiscalía Especial contra la Trata", T.PROSECUTION)
    shelter_inst = make_institution("Albergue Esperanza", T.SHELTER)
    referrals.offering_save(
        actor=platform, institution=fiscalia, service="CriminalJustice", departments=[]
    )
    referrals.offering_save(
        actor=platform, institution=shelter_inst, service="Shelter", departments=[]
    )
    prosecutor = actor_of(make_user("prosecutor", fiscalia))
    colleague = actor_of(make_user("prosecutor", fiscalia))
    shelter = actor_of(make_user("eri_coordinator", shelter_inst))

    given, surname = SURVIVOR.split()
    person = people.person_create(
        actor=eri, given_names=given, first_surname=surname, estimated_age=24
    )
    case = cases.case_open(actor=eri, person=person)
    today = timezone.localdate()
    cases.consent_record(
        actor=eri, case=case, purpose="assistance", given_by="person", given_on=today
    )
    for institution in (fiscalia, shelter_inst):
        cases.consent_record(
            actor=eri,
            case=case,
            purpose="sharing",
            recipient=institution,
            given_by="person",
            given_on=today,
        )
    cases.note_add(actor=eri, case=case, sensitivity="health", body=HEALTH_NOTE)
    cases.note_add(actor=eri, case=case, sensitivity="legal", body=LEGAL_NOTE)
    legal = _referral(eri, case, fiscalia, "legal", "CriminalJustice", prosecutor)
    _referral(eri, case, shelter_inst, "care", "Shelter", shelter)

    file = pros.file_create(
        actor=prosecutor,
        complaint_on=days_ago(200),
        offence=Offence.objects.get(code="trata_personas_ley_especial"),
        department=Department.objects.filter(country="HN").first(),
        assigned_to=prosecutor.user,
    )
    case.refresh_from_db()
    return World(eri, prosecutor, colleague, shelter, case, legal, file)


def indict(world: World, *, trial: bool = False) -> CriminalFile:
    file = world.file
    file.refresh_from_db()
    file = pros.stage_advance(
        actor=world.prosecutor,
        file=file,
        version=file.version,
        stage="indictment",
        on=days_ago(150),
    )
    if trial:
        file = pros.stage_advance(
            actor=world.prosecutor, file=file, version=file.version, stage="trial", on=days_ago(60)
        )
    world.file = file
    return file
