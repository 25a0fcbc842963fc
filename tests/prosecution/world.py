"""The prosecution part of the permission matrix's world.

Actors (users of other institutions than the home one, tried only on prosecution routes):

- ``fiscalia:prosecutor`` (``F_PROS``): a prosecutor of the prosecutors' unit that holds the
  active legal grant on the home case (the legal receiver, "Fiscalía legal"); in charge of
  every file below but the police one.
- ``policia:investigator`` (``F_INV``): an investigator of a police investigation unit, in
  charge of that unit's file (``police_file``).
- ``fiscalia:grant-ended`` (``F_END``): a prosecutor of another prosecutors' unit whose legal
  grant on the home case ended (its referral was completed).

Records (keys of the world dict), all owned by the Fiscalía unless said otherwise:

- ``fiscalia``, ``policia``, ``fiscalia_ended``: the institutions.
- ``operation``: a police operation led by the Fiscalía.
- ``file``: indicted, at trial; ``defendant`` (person ``defendant_person``) with ``charge``
  (no verdict yet); ``hearing`` (in the past, no result); ``file_victim`` linked to the home
  case through the legal grant, with ``measure`` (requested); ``recorded_victim`` known only
  to the file.
- ``verdict_file``: at verdict; ``verdict_defendant`` convicted on ``verdict_charge`` with
  compensation ordered (payments may be recorded); ``appeal`` filed, not decided;
  ``free_charge``: a second charge of ``verdict_defendant`` without a verdict.
- ``complaint_file``: just opened (stage complaint).
- ``closed_file``: closed early (archived): only a correction reopens it.
- ``police_file``: owned by the police unit, in ``F_INV``'s charge; ``police_operation`` led by
  the police unit, ``police_report`` a report its investigator recorded there.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from ruta.core.choices import InstitutionType as T
from ruta.core.models import Department
from ruta.prosecution import services as pros
from ruta.prosecution.models import AggravatingCircumstance, Offence
from ruta.referrals import services as referrals
from tests.factories import actor_of, make_institution, make_user

F_PROS, F_INV, F_END = "fiscalia:prosecutor", "policia:investigator", "fiscalia:grant-ended"
PROSECUTION_ACTORS = (F_PROS, F_INV, F_END)


# The institution each prosecution actor acts for, filled by ``build``.
PLACES: dict = {}


def build(*, users: dict, receivers: dict, case, coordinator) -> dict:
    """Create the prosecution actors (added to ``users``) and records; return the keys."""
    today = timezone.localdate()
    fiscalia = receivers["legal"]
    policia = make_institution("Policía DPI", T.POLICE)
    ended_inst = make_institution("Fiscalía Regional", T.PROSECUTION)
    users[F_PROS] = make_user("prosecutor", fiscalia)
    users[F_INV] = make_user("investigator", policia)
    users[F_END] = make_user("prosecutor", ended_inst)
    PLACES.update({F_PROS: fiscalia, F_INV: policia, F_END: ended_inst})
    prosecutor = actor_of(users[F_PROS])
    investigator = actor_of(users[F_INV])

    # The ended legal grant: a legal referral to the regional unit, accepted, then completed.
    referrals.offering_save(
        actor=actor_of(users["platform_admin"]),
        institution=ended_inst,
        service="CriminalJustice",
        departments=[],
    )
    from ruta.cases import services as cases

    cases.consent_record(
        actor=coordinator,
        case=case,
        purpose="sharing",
        recipient=ended_inst,
        given_by="person",
        given_on=today,
    )
    legal = referrals.referral_send(
        actor=coordinator,
        case=case,
        to_institution=ended_inst,
        type="legal",
        services=["CriminalJustice"],
    )
    legal = referrals.referral_accept(
        actor=actor_of(users[F_END]), referral=legal, version=legal.version
    )
    referrals.referral_complete(
        actor=coordinator, referral=legal, version=legal.version, outcome="successful"
    )

    department = Department.objects.order_by("code").first()
    trafficking = Offence.objects.filter(classification="trafficking").order_by("code").first()
    related = Offence.objects.filter(classification="related").order_by("code").first()
    start = today - timedelta(days=400)

    operation = pros.operation_create(
        actor=prosecutor,
        name="Operativo Luz",
        carried_out_on=start,
        department=department,
        partners=[policia],
    )

    def new_file(actor, offence=trafficking, **kw):
        return pros.file_create(
            actor=actor,
            complaint_on=start,
            offence=offence,
            department=department,
            prosecutor_number=kw.pop("number", ""),
            **kw,
        )

    def advance(file, *stages):
        for i, stage in enumerate(stages, start=1):
            file = pros.stage_advance(
                actor=prosecutor,
                file=file,
                version=file.version,
                stage=stage,
                on=start + timedelta(days=30 * i),
            )
        return file

    # At trial, with a defendant, a charge, a hearing, a victim through the legal grant.
    file = new_file(prosecutor, number="MP-0001", operation=operation)
    file = advance(file, "investigation", "indictment", "initial_hearing", "trial")
    defendant = pros.defendant_add(
        actor=prosecutor,
        file=file,
        identity={"given_names": "Rigoberto", "first_surname": "Quintanilla", "sex": "male"},
        nationality="HND",
    )
    charge = pros.charge_add(
        actor=prosecutor,
        defendant=defendant,
        offence=trafficking,
        charged_on=start + timedelta(days=60),
        form_of_exploitation="sexual",
    )
    hearing = pros.hearing_schedule(
        actor=prosecutor,
        file=file,
        type="trial",
        starts_at=timezone.now() - timedelta(days=2),
    )
    file_victim = pros.victim_link_case(actor=prosecutor, file=file, case=case)
    measure = pros.measure_request(
        actor=prosecutor, victim=file_victim, type="video_testimony", requested_on=today
    )
    recorded_victim = pros.victim_record(
        actor=prosecutor,
        file=file,
        identity={"given_names": "Marta", "first_surname": "Testigo"},
        role="witness",
    )

    # At verdict: a conviction with compensation, an appeal filed; a charge still open.
    verdict_file = new_file(prosecutor, offence=related, number="MP-0002")
    verdict_file = advance(
        verdict_file, "investigation", "indictment", "initial_hearing", "trial", "verdict"
    )
    verdict_defendant = pros.defendant_add(
        actor=prosecutor,
        file=verdict_file,
        identity={"given_names": "Ovidio", "first_surname": "Condenado", "sex": "male"},
    )
    verdict_charge = pros.charge_add(
        actor=prosecutor,
        defendant=verdict_defendant,
        offence=related,
        charged_on=start + timedelta(days=60),
    )
    free_charge = pros.charge_add(
        actor=prosecutor,
        defendant=verdict_defendant,
        offence=trafficking,
        charged_on=start + timedelta(days=60),
    )
    pros.verdict_record(
        actor=prosecutor,
        charge=verdict_charge,
        decided_on=start + timedelta(days=150),
        outcome="convicted",
        sentence_years=10,
        compensation_ordered=Decimal("50000.00"),
        compensation_currency="HNL",
    )
    appeal = pros.appeal_file(
        actor=prosecutor,
        file=verdict_file,
        kind="appeal",
        appealed_by="defence",
        filed_on=start + timedelta(days=160),
        court="Corte de Apelaciones",
    )

    complaint_file = new_file(prosecutor, number="MP-0003")
    closed_file = new_file(prosecutor, number="MP-0004")
    closed_file = pros.file_close_early(
        actor=prosecutor,
        file=closed_file,
        version=closed_file.version,
        reason="archived",
        on=start + timedelta(days=10),
    )
    police_file = new_file(investigator, number="DPI-0001")
    # An operation the police unit led, and a report its investigator took there.
    police_operation = pros.operation_create(
        actor=investigator,
        name="Operativo Río",
        carried_out_on=start,
        department=department,
    )
    from ruta.intake import services as intake

    police_report = intake.report_create(
        actor=investigator,
        channel="police",
        narrative="Informe del operativo",
        department=department,
    )

    file.refresh_from_db()
    verdict_file.refresh_from_db()
    return {
        "fiscalia": fiscalia,
        "policia": policia,
        "fiscalia_ended": ended_inst,
        "operation": operation,
        "file": file,
        "defendant": defendant,
        "defendant_person": defendant.person,
        "charge": charge,
        "hearing": hearing,
        "file_victim": file_victim,
        "measure": measure,
        "recorded_victim": recorded_victim,
        "verdict_file": verdict_file,
        "verdict_defendant": verdict_defendant,
        "verdict_charge": verdict_charge,
        "free_charge": free_charge,
        "appeal": appeal,
        "complaint_file": complaint_file,
        "closed_file": closed_file,
        "police_file": police_file,
        "police_operation": police_operation,
        "police_report": police_report,
        "trafficking": trafficking,
        "related": related,
        "department": department,
        "aggravating": AggravatingCircumstance.objects.order_by("code").first(),
    }
