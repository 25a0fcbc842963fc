"""Demo data: the institutions of a national response and a user for every role template.

Built through the services, like real data, so the demo's audit trail is real too.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from ruta.accounts import services as accounts
from ruta.accounts.models import Membership, Role, User
from ruta.accounts.services import credentials as auth
from ruta.core.actor import Actor, actor_for_membership
from ruta.core.choices import InstitutionType as T
from ruta.core.models import Department
from ruta.institutions import services as institutions
from ruta.institutions.models import Institution

DEMO_PASSWORD_DEFAULT = "Ruta-demo-2026!"  # noqa: S105 - documented demo default
COMMISSION = (
    "Comisión Interinstitucional contra la Explotación Sexual Comercial y Trata de Personas"
)

# key: (name, acronym, type, parent key, departments)
INSTITUTIONS = {
    "cicesct": (COMMISSION, "CICESCT", T.COMMISSION, None, "*"),
    "eri": ("Equipo de Respuesta Inmediata", "ERI", T.RESPONSE_TEAM, "cicesct", "*"),
    "cl_sps": ("Comité Local de San Pedro Sula", "CL-SPS", T.LOCAL_COMMITTEE, "cicesct", ["HN-CR"]),
    "cl_ceiba": ("Comité Local de La Ceiba", "CL-LCE", T.LOCAL_COMMITTEE, "cicesct", ["HN-AT"]),
    "police": ("Dirección Policial de Investigaciones", "DPI", T.POLICE, None, "*"),
    "academy": ("Dirección Nacional de Educación Policial", "DNEP", T.POLICE_ACADEMY, None, "*"),
    # A second police directorate: it must send the monthly police return too (and is late).
    "police_dnpsc": (
        "Dirección Nacional de Prevención y Seguridad Comunitaria",
        "DNPSC",
        T.POLICE,
        None,
        "*",
    ),
    "prosecution": (
        "Unidad contra la Trata, Explotación Sexual Comercial y Tráfico de Personas",
        "UTESCTP",
        T.PROSECUTION,
        None,
        "*",
    ),
    "labour": ("Secretaría de Trabajo y Seguridad Social", "STSS", T.LABOUR, None, "*"),
    "senaf": (
        "Secretaría de la Niñez, Adolescencia y Familia",
        "SENAF",
        T.CHILD_PROTECTION,
        None,
        "*",
    ),
    "consular": ("Servicio Consular de Honduras", "SCH", T.CONSULAR, None, "*"),
    "shelter_1": ("Albergue Refugio Esperanza", "ARE", T.SHELTER, None, ["HN-FM", "HN-EP"]),
    "shelter_2": ("Casa de Acogida Nueva Vida", "CANV", T.SHELTER, None, ["HN-CR", "HN-YO"]),
    "ngo": ("Fundación Camino Seguro", "FCS", T.NGO, None, ["HN-CR", "HN-AT", "HN-FM"]),
    "partner": (
        "Socio internacional: proyecto de fortalecimiento de capacidades",
        "PFC",
        T.INTERNATIONAL_PARTNER,
        None,
        [],
    ),
}

# username: (given names, surnames, institution key, role code, language)
USERS = {
    "operadora.145": ("Karla Yesenia", "Mejía Banegas", "eri", "hotline_operator", "es"),
    "coord.eri": ("José Roberto", "Zelaya Padilla", "eri", "eri_coordinator", "es"),
    "trabajadora.social": ("María José", "Hernández Núñez", "eri", "case_worker", "es"),
    "supervisora.eri": ("Ana Lucía", "Rodríguez Flores", "eri", "supervisor", "es"),
    "fiscal.trata": ("Carlos Alberto", "Martínez Reyes", "prosecution", "prosecutor", "es"),
    # A colleague in the same unit: a granted reserved identity hides the survivor's name
    # from her, not from the prosecutor in charge of the file.
    "fiscal.apoyo": ("Gabriela Suyapa", "Medina Orellana", "prosecution", "prosecutor", "es"),
    "investigador.dpi": ("Luis Fernando", "Castillo Amador", "police", "investigator", "es"),
    "inspectora.stss": ("Dania Marisol", "Ortiz Cruz", "labour", "labour_inspector", "es"),
    "instructor.dnep": ("Óscar Danilo", "Girón Matute", "academy", "trainer", "es"),
    "secretaria.cl.sps": (
        "Glenda Patricia",
        "Sánchez Lagos",
        "cl_sps",
        "committee_secretary",
        "es",
    ),
    # The commission's executive secretariat: the plenary's minutes, agreements and the
    # approval of the institutions' periodic returns.
    "secretaria.cicesct": (
        "Ingrid Vanessa",
        "Lagos Fúnez",
        "cicesct",
        "committee_secretary",
        "es",
    ),
    "analista.me": ("Claire", "Tremblay", "partner", "me_analyst", "fr"),
    "admin.cicesct": ("Jorge Luis", "Aguilar Mendoza", "cicesct", "institution_admin", "es"),
    # The commission oversees the national response: its auditor sees every institution's
    # events; the ERI's auditor sees the ERI's.
    "auditora.cicesct": (
        "Sonia Elizabeth",
        "Velásquez Rivera",
        "cicesct",
        "oversight_auditor",
        "es",
    ),
    "auditor.eri": ("Mario Alberto", "Cáceres Lanza", "eri", "auditor", "es"),
    "admin.albergue": ("Rosa Emilia", "Figueroa Paz", "shelter_1", "institution_admin", "es"),
    "coord.albergue": ("Marta Elena", "Pineda Sosa", "shelter_1", "supervisor", "es"),
    "social.albergue": ("Gloria Isabel", "Maradiaga Zúniga", "shelter_1", "case_worker", "es"),
    "coord.senaf": ("Héctor Manuel", "Bonilla Ramos", "senaf", "supervisor", "es"),
}

# What each institution offers in the service directory: (services, departments or "*").
OFFERINGS = {
    "senaf": (["ChildProtection", "Psychological", "FamilyReintegration"], "*"),
    "shelter_1": (["Shelter", "Psychological", "Education"], ["HN-FM", "HN-EP"]),
    "shelter_2": (["Shelter", "FamilyReintegration"], ["HN-CR", "HN-YO"]),
    "prosecution": (["CriminalJustice", "Legal"], "*"),
    "consular": (["ConsularRepatriation", "Documentation"], "*"),
    "ngo": (["Livelihood", "Psychological", "Legal"], ["HN-CR", "HN-AT", "HN-FM"]),
}
CAPACITY = {
    "Shelter": "Plazas para mujeres, niñas y adolescentes; ingreso las 24 horas.",
    "ChildProtection": "Medidas de protección y acogimiento para niñas, niños y adolescentes.",
}
PLATFORM_ADMIN = "admin.plataforma"
# A second membership, to show the institution switcher.
EXTRA_MEMBERSHIPS = [("trabajadora.social", "shelter_1", "case_worker")]
# Units of the demo's users (username: institution key, unit, department). A supervisor's
# "unit" scope reaches the cases of its unit only (without a unit: nothing), and a case is
# opened in its opener's unit: the ERI's team works in one unit so that its supervisor sees
# its cases.
DEMO_UNITS = {
    "operadora.145": ("eri", "Oficina central", "HN-FM"),
    "coord.eri": ("eri", "Oficina central", "HN-FM"),
    "trabajadora.social": ("eri", "Oficina central", "HN-FM"),
    "supervisora.eri": ("eri", "Oficina central", "HN-FM"),
    "coord.albergue": ("shelter_1", "Casa de acogida", "HN-FM"),
    "social.albergue": ("shelter_1", "Casa de acogida", "HN-FM"),
    "coord.senaf": ("senaf", "Oficina nacional", "HN-FM"),
}


def _place_in_units(admin: Actor, created: dict) -> None:
    for username, (inst_key, unit_name, code) in DEMO_UNITS.items():
        institution = created[inst_key]
        unit = institution.units.filter(name=unit_name).first() or institutions.unit_create(
            actor=admin,
            institution=institution,
            name=unit_name,
            department=Department.objects.get(code=code),
        )
        membership = Membership.objects.get(user__username=username, institution=institution)
        if membership.unit_id != unit.pk:
            accounts.membership_update(
                actor=admin, membership=membership, version=membership.version, unit=unit
            )


def demo_password() -> str:
    return os.environ.get("RUTA_DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)


def _actor(username: str) -> Actor:
    membership = Membership.objects.select_related("role", "institution", "user").get(
        user__username=username
    )
    return actor_for_membership(membership, via="system")


def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo; returns (username, institution, role) rows. Idempotent: a second run
    leaves existing records alone. Invitation e-mails are kept in memory, not printed."""
    from ruta.reporting.services import statistics_rebuild

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        rows = _seed()
    statistics_rebuild()
    return rows


@transaction.atomic
def _seed() -> list[tuple[str, str, str]]:
    password = demo_password()
    if not User.objects.filter(username=PLATFORM_ADMIN).exists():
        accounts.platform_bootstrap(
            username=PLATFORM_ADMIN,
            email="admin.plataforma@demo.ruta.invalid",
            password=password,
            institution_name=COMMISSION,
            institution_type=T.COMMISSION,
            first_name="Administración",
            last_name="de la Plataforma",
        )
    admin = _actor(PLATFORM_ADMIN)
    all_departments = list(Department.objects.filter(country="HN"))
    created: dict[str, Institution] = {}
    for key, (name, acronym, type_, parent_key, departments) in INSTITUTIONS.items():
        existing = Institution.objects.filter(name=name).first()
        territories = (
            all_departments
            if departments == "*"
            else [d for d in all_departments if d.code in departments]
        )
        if existing is None:
            existing = institutions.institution_create(
                actor=admin,
                name=name,
                acronym=acronym,
                type=type_,
                parent=created.get(parent_key) if parent_key else None,
                territories=territories,
            )
        elif not existing.acronym:
            existing = institutions.institution_update(
                actor=admin,
                institution=existing,
                version=existing.version,
                acronym=acronym,
                territories=territories,
            )
        created[key] = existing
    if not created["eri"].units.exists():
        for unit, dept in (
            ("Oficina regional San Pedro Sula", "HN-CR"),
            ("Oficina central", "HN-FM"),
        ):
            institutions.unit_create(
                actor=admin,
                institution=created["eri"],
                name=unit,
                department=Department.objects.get(code=dept),
            )
        institutions.contact_point_create(
            actor=admin,
            institution=created["cicesct"],
            name="Línea 145",
            position="Línea de denuncia gratuita",
            phone="145",
        )
    roles = {r.code: r for r in Role.objects.all()}
    for username, (first, last, inst_key, role_code, lang) in USERS.items():
        if User.objects.filter(username=username).exists():
            continue
        user = accounts.user_create(
            actor=admin,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.ruta.invalid",
            institution=created[inst_key],
            role=roles[role_code],
            preferred_language=lang,
            base_url="http://127.0.0.1:8000/",
        )
        auth.password_set_from_reset(user=user, new_password=password)
    for username, inst_key, role_code in EXTRA_MEMBERSHIPS:
        user = User.objects.get(username=username)
        if not user.memberships.filter(institution=created[inst_key]).exists():
            accounts.membership_create(
                actor=admin, user=user, institution=created[inst_key], role=roles[role_code]
            )
    _place_in_units(admin, created)
    if not created["eri"].receives_public_reports:
        institutions.institution_update(
            actor=admin,
            institution=created["eri"],
            version=created["eri"].version,
            receives_public_reports=True,
        )
    _seed_offerings(admin, created, all_departments)
    _seed_reports()
    _seed_persons()
    _seed_prosecution()
    _seed_prevention()
    _seed_partnership()
    _seed_linkage()
    rows = Membership.objects.select_related("user", "institution", "role").order_by(
        "institution__name", "user__username"
    )
    return [(m.user.username, m.institution.short_name, str(m.role.label)) for m in rows]


def _seed_offerings(admin: Actor, created: dict, all_departments: list) -> None:
    from ruta.referrals import services as referrals
    from ruta.referrals.models import ServiceOffering

    if ServiceOffering.objects.exists():
        return
    for key, (offered, departments) in OFFERINGS.items():
        served = (
            all_departments
            if departments == "*"
            else [d for d in all_departments if d.code in departments]
        )
        for service in offered:
            referrals.offering_save(
                actor=admin,
                institution=created[key],
                service=service,
                departments=served,
                capacity_notes=CAPACITY.get(service, ""),
            )


def allowed() -> bool:
    return not settings.PRODUCTION


# Fictional reports: no real person, place detail or event.
DEMO_REPORTS: list[dict[str, Any]] = [
    {
        "channel": "hotline",
        "narrative": "Una vecina llama: una adolescente de unos 15 años trabaja de noche en un "
        "bar y el dueño guarda sus documentos. Dice que la amenazan si intenta irse.",
        "department": "HN-CR",
        "child_involved": True,
        "imminent_danger": True,
        "people": [("possible_victim", "K.", "female", 15)],
    },
    {
        "channel": "labour_inspection",
        "narrative": "Inspección en una finca de café: trabajadores sin salario desde hace tres "
        "meses por una deuda de transporte y alojamiento.",
        "department": "HN-CP",
        "people": [("possible_perpetrator", "Capataz de la finca", "male", None)],
    },
    {
        "channel": "walk_in",
        "narrative": "Un hombre pide ayuda para volver a su país tras cruzar la frontera con un "
        "coyote; no hay indicios de explotación.",
        "department": "HN-OC",
        "close": ("smuggling", "Remitido al servicio consular y a la Cruz Roja."),
    },
]


def _seed_reports() -> None:
    from ruta.intake import services as intake
    from ruta.intake.models import Report

    if Report.objects.exists():
        return
    operator, coordinator = _actor("operadora.145"), _actor("coord.eri")
    for item in DEMO_REPORTS:
        report = intake.report_create(
            actor=operator,
            channel=item["channel"],
            narrative=item["narrative"],
            department=Department.objects.get(code=item["department"]),
            child_involved=item.get("child_involved", False),
            imminent_danger=item.get("imminent_danger", False),
            reporter_anonymous=True,
            people=[
                intake.PersonInput(role=r, name=n, sex=sx, approximate_age=age)
                for r, n, sx, age in item.get("people", [])
            ],
            base_url="http://127.0.0.1:8000/",
        )
        if item.get("child_involved"):
            _seed_case(coordinator, report)
        if "close" in item:
            reason, info = item["close"]
            intake.report_close(
                actor=coordinator,
                report=report,
                version=report.version,
                reason=reason,
                referral_information=info,
            )


# Persons the ERI recorded twice without noticing (a typo, a nickname, an age instead of a
# date): the search and the duplicate check find each pair. Invented names.
DEMO_PERSONS = [
    ("Rosario", "Velásquez", "Hernández", "Chayo", date(2006, 8, 14), None),
    ("Rosario", "Belásquez", "Hernández", "", date(2006, 8, 14), None),
    ("María José", "Oseguera", "López", "", date(2008, 3, 14), None),
    ("María", "Oseguera", "", "", None, 18),
    ("José Luis", "Turcios", "Matute", "Chepe", date(1999, 11, 4), None),
    ("Chepe", "Turcios", "", "", date(1999, 4, 11), None),
    ("Yesenia", "Banegas", "Cruz", "", date(2004, 5, 2), None),
]


def _seed_persons() -> None:
    from ruta.people import services as people
    from ruta.people.models import Person

    coordinator = _actor("coord.eri")
    if Person.objects.filter(
        institution_id=coordinator.institution_id, first_surname="Belásquez"
    ).exists():
        return
    for given, first, second, alias, born, age in DEMO_PERSONS:
        people.person_create(
            actor=coordinator,
            given_names=given,
            first_surname=first,
            second_surname=second,
            aliases=alias,
            sex="male" if given.startswith(("José", "Chepe")) else "female",
            date_of_birth=born,
            estimated_age=age,
            nationalities=["HND"],
        )


# The shelter records some of the same girls (the duplicate search finds them across the two
# institutions: counted once, shown to nobody) and one girl twice (its supervisor reviews it).
SHELTER_PERSONS = [
    ("Rosario", "Velásquez", "Hernández", date(2006, 8, 14), None),
    ("Yesenia", "Banegas", "", date(2004, 5, 2), None),
    ("Keila Suyapa", "Zelaya", "Ortiz", date(2009, 2, 7), None),
    ("Keyla", "Zelaya", "", date(2009, 7, 2), None),
]


def _seed_shelter_persons() -> None:
    from ruta.people import services as people
    from ruta.people.models import Person

    worker = _actor("social.albergue")
    if Person.objects.filter(institution_id=worker.institution_id, first_surname="Zelaya").exists():
        return
    for given, first, second, born, age in SHELTER_PERSONS:
        people.person_create(
            actor=worker,
            given_names=given,
            first_surname=first,
            second_surname=second,
            sex="female",
            date_of_birth=born,
            estimated_age=age,
            nationalities=["HND"],
        )


def _seed_linkage() -> None:
    """One duplicate search, run here: the reviewers' queues are not empty."""
    from ruta.people.models import LinkageRun
    from ruta.people.services_linkage import linkage_run

    _seed_shelter_persons()
    if not LinkageRun.objects.exists():
        linkage_run(LinkageRun.objects.create())


def _seed_case(coordinator: Actor, report) -> None:
    """The urgent report about a child becomes a case: the demo's work queues are not empty."""
    from ruta.cases import services as cases
    from ruta.intake import services as intake
    from ruta.people import services as people

    intake.report_take(actor=coordinator, report=report, version=report.version)
    report.refresh_from_db()
    intake.report_accept(actor=coordinator, report=report, version=report.version)
    report.refresh_from_db()
    person = people.person_create(
        actor=coordinator,
        given_names="K.",
        sex="female",
        estimated_age=15,
        nationalities=["HND"],
        languages=["spa"],
    )
    case = cases.case_open(
        actor=coordinator,
        person=person,
        report=report,
        assigned_to=User.objects.get(username="trabajadora.social"),
    )
    cases.case_update_facts(
        actor=coordinator,
        case=case,
        version=case.version,
        forms_of_exploitation=["sexual"],
        means_of_control=["WithholdsDocuments", "PhysicalThreats"],
        recruitment_methods=["ThroughOnlineSocialNetworks"],
        recruitment_apps=["Facebook"],
        exploitation_apps=[],
        relationship_to_recruiter="acquaintance",
    )
    _seed_care(coordinator, case)


def _seed_care(coordinator: Actor, case) -> None:
    """Consent, a needs assessment and a care plan with services, one already given."""
    from ruta.care import services as care
    from ruta.care.models import AssessmentTemplate
    from ruta.cases import services as cases

    today = timezone.localdate()
    cases.consent_record(
        actor=coordinator,
        case=case,
        purpose="assistance",
        given_by="child_protection",
        given_on=today,
        child_assent=True,
        guardian_consent=True,
    )
    care.assessment_record(
        actor=coordinator,
        case=case,
        template=AssessmentTemplate.objects.get(code="needs", version=1),
        answers={
            "protection": "high",
            "accommodation": "high",
            "medical": "medium",
            "psychosocial": "high",
            "documents": "medium",
            "education": "medium",
            "family": "unknown",
        },
        summary="Necesita alojamiento protegido y atención psicológica de inmediato.",
    )
    plan = care.plan_create(
        actor=coordinator,
        case=case,
        objectives="Protección inmediata, estabilización emocional y retorno a la escuela.",
    )
    shelter = Institution.objects.get(name="Albergue Refugio Esperanza")
    goal = care.goal_add(
        actor=coordinator,
        plan=plan,
        area="Shelter",
        description="Vivir en un lugar seguro mientras se evalúa a la familia.",
        due_on=today + timedelta(days=7),
    )
    stay = care.service_add(
        actor=coordinator,
        plan=plan,
        type="Shelter",
        responsible=shelter,
        due_on=today,
        goal=goal,
    )
    care.delivery_record(
        actor=coordinator, service=stay, delivered_on=today, note="Ingreso al albergue."
    )
    care.service_add(
        actor=coordinator,
        plan=plan,
        type="Psychological",
        responsible=shelter,
        due_on=today + timedelta(days=3),
        description="Primera sesión de primeros auxilios psicológicos.",
    )
    _seed_referral(coordinator, case, shelter)


def _seed_referral(coordinator: Actor, case, shelter) -> None:
    """The shelter receives the case (care sections) and has accepted it."""
    from ruta.cases import services as cases
    from ruta.referrals import services as referrals

    cases.consent_record(
        actor=coordinator,
        case=case,
        purpose="sharing",
        recipient=shelter,
        given_by="child_protection",
        given_on=timezone.localdate(),
        child_assent=True,
        guardian_consent=True,
    )
    referral = referrals.referral_send(
        actor=coordinator,
        case=case,
        to_institution=shelter,
        type="care",
        services=["Shelter", "Psychological"],
        urgent=True,
        message="Adolescente de 15 años; necesita alojamiento protegido hoy.",
    )
    referrals.referral_accept(
        actor=_actor("coord.albergue"), referral=referral, version=referral.version
    )


# --- Prosecution --------------------------------------------------------------------------------
# Two criminal files of the prosecutors' unit, built through its services like a prosecutor
# entering files that were already in court: dates count back from the day of seeding, so the
# services' date checks (not in the future, not before the previous stage) hold on any day.
# Every name below is fictional.

TRIAL_COURT_SPS = "Tribunal de Sentencia de San Pedro Sula"
TRIAL_COURT_COPAN = "Tribunal de Sentencia de Santa Rosa de Copán"
CASSATION_COURT = "Sala de lo Penal de la Corte Suprema de Justicia"


def _ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _seed_prosecution() -> None:
    """The legal referral of the demo case to the prosecutors, a police operation and two
    criminal files. Skipped once any criminal file exists."""
    from ruta.prosecution.models import CriminalFile

    if CriminalFile.objects.exists():
        return
    prosecution = Institution.objects.get(name=INSTITUTIONS["prosecution"][0])
    case = _demo_case()
    if case is not None:
        _seed_legal_referral(case, prosecution)
    operation = _seed_operation(prosecution)
    prosecutor = _actor("fiscal.trata")
    _seed_trafficking_file(prosecutor, operation, case)
    _seed_forced_labour_file(prosecutor)


def _seed_prevention() -> None:
    from ruta.demo.prevention import seed_prevention

    institutions = {
        key: Institution.objects.get(name=INSTITUTIONS[key][0])
        for key in ("academy", "police", "prosecution", "labour", "senaf", "cicesct", "ngo")
    }
    seed_prevention(_actor, institutions, _ago)


def _seed_partnership() -> None:
    from ruta.demo.partnership import seed_partnership

    institutions = {key: Institution.objects.get(name=INSTITUTIONS[key][0]) for key in INSTITUTIONS}
    seed_partnership(_actor, institutions)


def _demo_case():
    from ruta.cases.models import Case

    eri = Institution.objects.get(name=INSTITUTIONS["eri"][0])
    return Case.objects.filter(institution=eri, is_child=True).order_by("created_at").first()


def _seed_legal_referral(case, prosecution: Institution) -> None:
    """The ERI refers the case to the prosecutors (legal), who accept: their legal grant lets
    the criminal file name the survivor."""
    from ruta.cases import services as cases
    from ruta.referrals import services as referrals
    from ruta.referrals.models import Referral

    if Referral.objects.filter(case=case, to_institution=prosecution, type="legal").exists():
        return
    coordinator = _actor("coord.eri")
    for purpose, recipient in (("sharing", prosecution), ("proceedings", None)):
        cases.consent_record(
            actor=coordinator,
            case=case,
            purpose=purpose,
            recipient=recipient,
            given_by="child_protection",
            given_on=timezone.localdate(),
            child_assent=True,
            guardian_consent=True,
        )
    referral = referrals.referral_send(
        actor=coordinator,
        case=case,
        to_institution=prosecution,
        type="legal",
        services=["CriminalJustice"],
        message="La adolescente es víctima en el proceso por el bar de San Pedro Sula.",
    )
    referrals.referral_accept(
        actor=_actor("fiscal.trata"), referral=referral, version=referral.version
    )


def _seed_operation(prosecution: Institution):
    """The DPI's raid on the bar, with the prosecutors taking part."""
    from ruta.core.models import Municipality
    from ruta.prosecution import services as prosecution_services

    cortes = Department.objects.get(code="HN-CR")
    return prosecution_services.operation_create(
        actor=_actor("investigador.dpi"),
        name="Operación Amanecer",
        carried_out_on=_ago(541),
        department=cortes,
        municipality=Municipality.objects.filter(department=cortes, name="San Pedro Sula").first(),
        place="Bar en la salida a Puerto Cortés",
        partners=[prosecution],
        victims_found=3,
        suspects_arrested=2,
    )


def _advance(actor: Actor, file, stage: str, on: date):
    from ruta.prosecution import services as ps

    file.refresh_from_db()
    return ps.stage_advance(actor=actor, file=file, version=file.version, stage=stage, on=on)


def _hearing(actor: Actor, file, type_: str, on: date, result: str = "held", **next_hearing):
    """A hearing that took place (or was postponed to ``next_starts_at``)."""
    from ruta.prosecution import services as ps

    hearing = ps.hearing_schedule(actor=actor, file=file, type=type_, starts_at=_at(on))
    return ps.hearing_record_result(
        actor=actor, hearing=hearing, version=hearing.version, result=result, **next_hearing
    )


def _defendant(actor: Actor, file, identity: dict, **profile):
    from ruta.prosecution import services as ps
    from ruta.prosecution.models import PerpetratorRole

    role = PerpetratorRole.objects.get(code=profile.pop("role"))
    return ps.defendant_add(actor=actor, file=file, identity=identity, role=role, **profile)


def _charge(actor: Actor, defendant, offence: str, on: date, form: str, aggravating=()):
    from ruta.prosecution import services as ps
    from ruta.prosecution.models import AggravatingCircumstance, Offence

    return ps.charge_add(
        actor=actor,
        defendant=defendant,
        offence=Offence.objects.get(code=offence),
        charged_on=on,
        form_of_exploitation=form,
        aggravating=list(AggravatingCircumstance.objects.filter(code__in=aggravating)),
    )


def _detention(actor: Actor, defendant, status: str) -> None:
    from ruta.prosecution import services as ps

    defendant.refresh_from_db()
    ps.defendant_update(
        actor=actor, defendant=defendant, version=defendant.version, detention=status
    )


def _seed_trafficking_file(prosecutor: Actor, operation, case) -> None:
    """File 1: the bar in San Pedro Sula. Trafficking for sexual exploitation, final: the
    owner convicted at trial (the defence's cassation confirmed), the recruiter acquitted at
    trial then convicted on the prosecution's cassation. The demo case's survivor is the
    victim, heard once in a Gesell chamber, her identity reserved."""
    from ruta.core.models import Municipality
    from ruta.prosecution import services as ps
    from ruta.prosecution.models import Offence
    from ruta.prosecution.policies import can_link_case

    cortes = Department.objects.get(code="HN-CR")
    complaint = _ago(540)
    file = ps.file_create(
        actor=prosecutor,
        complaint_on=complaint,
        offence=Offence.objects.get(code="trata_personas_codigo_penal"),
        department=cortes,
        municipality=Municipality.objects.filter(department=cortes, name="San Pedro Sula").first(),
        assigned_to=prosecutor.user,
        operation=operation,
        police_number=f"DPI-SPS-{complaint.year}-0412",
        prosecutor_number=f"UTESCTP-SPS-{complaint.year}-0187",
        court_number=f"TS-SPS-{complaint.year}-0093",
        court=TRIAL_COURT_SPS,
        forms_of_exploitation=["sexual"],
        summary="Adolescentes obligadas a trabajar de noche en un bar; el dueño retenía sus "
        "documentos y las amenazaba. Captadas por redes sociales con ofertas de empleo.",
    )
    _advance(prosecutor, file, "investigation", complaint)
    owner = _defendant(
        prosecutor,
        file,
        {
            "given_names": "Wilmer Josué",
            "first_surname": "Banegas",
            "second_surname": "Cárcamo",
            "sex": "male",
            "estimated_age": 44,
            "nationalities": ["HND"],
        },
        role="Exploiter",
        age=44,
        detention="pretrial_detention",
        arrested_on=_ago(541),
        detention_from=_ago(540),
    )
    recruiter = _defendant(
        prosecutor,
        file,
        {
            "given_names": "Yadira Marisela",
            "first_surname": "Espinal",
            "second_surname": "Funes",
            "sex": "female",
            "estimated_age": 31,
            "nationalities": ["HND"],
        },
        role="RecruiterOrIntermediary",
        age=31,
        detention="alternative_measures",
        arrested_on=_ago(541),
    )
    ps.asset_record(
        actor=prosecutor,
        defendant=owner,
        description="Vehículo tipo pick-up usado para trasladar a las víctimas",
        confiscated_on=complaint,
        value=Decimal("420000.00"),
        currency="HNL",
    )
    # Through the legal grant only: a database whose demo case was referred otherwise
    # (declined, withdrawn) keeps a file without it rather than failing the whole seed.
    if case is not None and can_link_case(prosecutor, file, case):
        victim = ps.victim_link_case(actor=prosecutor, file=file, case=case)
        for type_, decided in (("gesell", 535), ("reserved_identity", 530)):
            measure = ps.measure_request(
                actor=prosecutor, victim=victim, type=type_, requested_on=_ago(538)
            )
            ps.measure_decide(
                actor=prosecutor,
                measure=measure,
                version=measure.version,
                status="granted",
                decided_on=_ago(decided),
            )
    _advance(prosecutor, file, "indictment", _ago(539))
    owner_charge = _charge(
        prosecutor,
        owner,
        "trata_personas_codigo_penal",
        _ago(539),
        "sexual",
        ("victim_child", "multiple_victims"),
    )
    recruiter_charge = _charge(
        prosecutor, recruiter, "trata_personas_codigo_penal", _ago(539), "sexual", ("victim_child",)
    )
    _hearing(prosecutor, file, "initial", _ago(533))
    _advance(prosecutor, file, "initial_hearing", _ago(533))
    postponed = _hearing(
        prosecutor,
        file,
        "preliminary",
        _ago(405),
        result="postponed",
        note="La defensa pidió tiempo para revisar la prueba.",
        next_starts_at=_at(_ago(400)),
    )
    ps.hearing_record_result(
        actor=prosecutor,
        hearing=postponed.next_hearing,
        version=postponed.next_hearing.version,
        result="held",
    )
    _advance(prosecutor, file, "preliminary_hearing", _ago(400))
    _advance(prosecutor, file, "trial", _ago(262))
    _hearing(prosecutor, file, "trial", _ago(262))
    _advance(prosecutor, file, "verdict", _ago(240))
    _hearing(prosecutor, file, "verdict_reading", _ago(240))
    ps.verdict_record(
        actor=prosecutor,
        charge=owner_charge,
        decided_on=_ago(240),
        outcome="convicted",
        sentence_years=15,
        fine_amount=Decimal("350000.00"),
        fine_currency="HNL",
        compensation_ordered=Decimal("500000.00"),
        compensation_currency="HNL",
    )
    ps.verdict_record(
        actor=prosecutor, charge=recruiter_charge, decided_on=_ago(240), outcome="acquitted"
    )
    _detention(prosecutor, owner, "serving_sentence")
    _detention(prosecutor, recruiter, "released")
    appeals = {
        by: ps.appeal_file(
            actor=prosecutor,
            file=file,
            kind="cassation",
            appealed_by=by,
            filed_on=_ago(225),
            court=CASSATION_COURT,
        )
        for by in ("defence", "prosecution")
    }
    _advance(prosecutor, file, "appeal", _ago(225))
    _hearing(prosecutor, file, "appeal", _ago(150))
    ps.appeal_decide(
        actor=prosecutor,
        appeal=appeals["defence"],
        version=appeals["defence"].version,
        result="confirmed",
        decided_on=_ago(120),
    )
    ps.appeal_decide(
        actor=prosecutor,
        appeal=appeals["prosecution"],
        version=appeals["prosecution"].version,
        result="modified",
        decided_on=_ago(120),
        verdicts={
            recruiter_charge: {
                "outcome": "convicted",
                "sentence_years": 10,
                "fine_amount": Decimal("200000.00"),
                "fine_currency": "HNL",
                "compensation_ordered": Decimal("250000.00"),
                "compensation_currency": "HNL",
            }
        },
    )
    _detention(prosecutor, recruiter, "serving_sentence")
    _advance(prosecutor, file, "final", _ago(110))
    ps.compensation_record_payment(
        actor=prosecutor,
        defendant=owner,
        amount=Decimal("100000.00"),
        currency="HNL",
        paid_on=_ago(60),
    )


def _seed_forced_labour_file(prosecutor: Actor) -> None:
    """File 2: the coffee farm in Copán. Forced labour and trafficking; the foreman acquitted
    of both; the full judgment is read next week."""
    from ruta.core.models import Municipality
    from ruta.prosecution import services as ps
    from ruta.prosecution.models import Offence

    copan = Department.objects.get(code="HN-CP")
    complaint = _ago(300)
    file = ps.file_create(
        actor=prosecutor,
        complaint_on=complaint,
        offence=Offence.objects.get(code="trabajo_forzoso"),
        department=copan,
        municipality=Municipality.objects.filter(
            department=copan, name="Santa Rosa de Copán"
        ).first(),
        assigned_to=prosecutor.user,
        prosecutor_number=f"UTESCTP-SRC-{complaint.year}-0044",
        court_number=f"TS-SRC-{complaint.year}-0021",
        court=TRIAL_COURT_COPAN,
        forms_of_exploitation=["forced_labour"],
        summary="Trabajadores de una finca de café sin salario desde hacía meses por una deuda "
        "de transporte y alojamiento; denuncia de la inspección de trabajo.",
    )
    _advance(prosecutor, file, "investigation", _ago(295))
    ps.victim_record(
        actor=prosecutor,
        file=file,
        identity={
            "given_names": "Marvin Alexis",
            "first_surname": "López",
            "second_surname": "Hernández",
            "sex": "male",
            "estimated_age": 34,
            "nationalities": ["HND"],
        },
    )
    foreman = _defendant(
        prosecutor,
        file,
        {
            "given_names": "Santos Ramiro",
            "first_surname": "Guevara",
            "second_surname": "Maldonado",
            "sex": "male",
            "estimated_age": 52,
            "nationalities": ["HND"],
        },
        role="ControlledIndividual",
        age=52,
        detention="alternative_measures",
        arrested_on=_ago(210),
    )
    _advance(prosecutor, file, "indictment", _ago(205))
    charges = [
        _charge(prosecutor, foreman, offence, _ago(205), "forced_labour")
        for offence in ("trabajo_forzoso", "trata_personas_codigo_penal")
    ]
    _hearing(prosecutor, file, "initial", _ago(200))
    _advance(prosecutor, file, "initial_hearing", _ago(200))
    _hearing(prosecutor, file, "preliminary", _ago(120))
    _advance(prosecutor, file, "preliminary_hearing", _ago(120))
    _advance(prosecutor, file, "trial", _ago(21))
    _hearing(prosecutor, file, "trial", _ago(21))
    _advance(prosecutor, file, "verdict", _ago(14))
    for charge in charges:
        ps.verdict_record(actor=prosecutor, charge=charge, decided_on=_ago(14), outcome="acquitted")
    ps.hearing_schedule(
        actor=prosecutor,
        file=file,
        type="verdict_reading",
        starts_at=_at(timezone.localdate() + timedelta(days=7), hour=10),
    )


DEMO_SYNTHETIC_SEED = 2026


def seed_synthetic(cases: int) -> None:
    """Synthetic cases so that the statistics have something to count (once per database),
    and last year's release: prepared by the M&E analyst, published by the commission's
    secretariat."""
    from ruta.demo.synthetic import already_generated, generate
    from ruta.reporting.models import Release
    from ruta.reporting.services_releases import release_prepare, release_publish

    if not already_generated(DEMO_SYNTHETIC_SEED):
        generate(cases=cases, seed=DEMO_SYNTHETIC_SEED)
    year = timezone.localdate().year - 1
    if Release.objects.filter(year=year).exists():
        return
    release = release_prepare(actor=_actor("analista.me"), year=year)
    if release.safe:
        release_publish(
            actor=_actor("secretaria.cicesct"), release=release, version=release.version
        )
