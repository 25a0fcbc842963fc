"""A small referral pathway: the ERI owns cases; a shelter, a health service, the prosecutor,
the child-protection agency and a consulate receive them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from ruta.care import services as care
from ruta.cases import services as cases
from ruta.core.actor import Actor
from ruta.core.choices import InstitutionType as T
from ruta.institutions.models import Institution
from ruta.people import services as people
from ruta.referrals import services as referrals
from tests.factories import actor_of, make_institution, make_unit, make_user

# Receiving institution for each referral type, and the service it offers.
RECEIVERS = {
    "care": ("Albergue Esperanza", T.SHELTER, "Shelter"),
    "health": ("Hospital Escuela", T.HEALTH, "Medical"),
    "legal": ("Fiscalía Especial", T.PROSECUTION, "CriminalJustice"),
    "child_protection": ("DINAF", T.CHILD_PROTECTION, "ChildProtection"),
    "consular": ("Consulado de Guatemala", T.CONSULAR, "ConsularRepatriation"),
}


@dataclass
class Pathway:
    eri: Institution
    coordinator: Actor
    supervisor: Actor
    receivers: dict[str, Institution]
    responders: dict[str, Actor]


@pytest.fixture
def pathway(db) -> Pathway:
    eri = make_institution("Equipo de Respuesta Inmediata", T.RESPONSE_TEAM, acronym="ERI")
    # The ERI's cases are opened in the coordinator's unit, which the supervisor's unit scope
    # reaches (a unit scope without a unit reaches nothing).
    unit = make_unit(eri)
    coordinator = actor_of(make_user("eri_coordinator", eri, unit=unit))
    supervisor = actor_of(make_user("supervisor", eri, unit=unit))
    platform = actor_of(make_user("platform_admin", eri))
    receivers, responders = {}, {}
    for kind, (name, type_, service) in RECEIVERS.items():
        institution = make_institution(name, type_)
        referrals.offering_save(
            actor=platform, institution=institution, service=service, departments=[]
        )
        receivers[kind] = institution
        # A coordinator's role reads every level: what they see is the grant's doing.
        responders[kind] = actor_of(make_user("eri_coordinator", institution))
    return Pathway(eri, coordinator, supervisor, receivers, responders)


def open_case(pathway: Pathway, *, child: bool = False, sharing_with=()):
    """A case with a note at each level, consent to assistance and a care plan."""
    actor = pathway.coordinator
    person = people.person_create(
        actor=actor,
        given_names="Ana",
        first_surname="Prueba",
        estimated_age=15 if child else 30,
    )
    case = cases.case_open(actor=actor, person=person)
    cases.case_update_facts(
        actor=actor,
        case=case,
        version=case.version,
        forms_of_exploitation=["forced_labour"],
        means_of_control=[],
        recruitment_methods=[],
        recruitment_apps=[],
        exploitation_apps=[],
        relationship_to_recruiter="unknown",
    )
    for sensitivity in ("general", "care", "health", "legal"):
        cases.note_add(actor=actor, case=case, sensitivity=sensitivity, body=f"NOTA-{sensitivity}")
    today = timezone.localdate()
    given_by = "child_protection" if child else "person"
    extra = {"child_assent": True, "guardian_consent": True} if child else {}
    cases.consent_record(
        actor=actor, case=case, purpose="assistance", given_by=given_by, given_on=today, **extra
    )
    for institution in sharing_with:
        cases.consent_record(
            actor=actor,
            case=case,
            purpose="sharing",
            recipient=institution,
            given_by=given_by,
            given_on=today,
            **extra,
        )
    care.plan_create(actor=actor, case=case, objectives="OBJETIVO-PLAN")
    case.refresh_from_db()
    return case
