"""Synthetic records at scale for benchmarks and demos (``ruta generate_synthetic``), refused in
production. Nobody in them exists: names are drawn from lists of common Honduran names, dates
and places from the distributions below, which follow the shape of published figures (most
victims women and girls, sexual exploitation then forced labour, Cortés and Francisco Morazán
first, a fifth exploited abroad) without claiming to reproduce them.

Rows are written in bulk, without the services and without the audit trail (the statistics
are rebuilt at the end): what is generated is a load, not a history of work. Each run with
the same ``seed`` and the same database yields the same records.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ruta.accounts.models import User
from ruta.care.models import CarePlan, CareService, ServiceDelivery
from ruta.cases.models import Case, IdentificationDecision, TraffickingEvent
from ruta.core.choices import InstitutionType
from ruta.institutions.models import Institution
from ruta.intake.models import Report
from ruta.people.models import Person
from ruta.people.services import set_search_keys
from ruta.prevention.models import Course, Enrolment, Participant, TrainingSession
from ruta.prevention.scoring import normalised_gain
from ruta.prosecution.models import Charge, CriminalFile, Defendant, Offence
from ruta.referrals.models import Referral

SYSTEM_USER = "sintetico"
INSTITUTIONS = [
    ("ERI Tegucigalpa (sintético)", InstitutionType.RESPONSE_TEAM),
    ("ERI San Pedro Sula (sintético)", InstitutionType.RESPONSE_TEAM),
    ("Policía: unidad de trata (sintético)", InstitutionType.POLICE),
    ("Fiscalía especial (sintético)", InstitutionType.PROSECUTION),
    ("Albergue Esperanza (sintético)", InstitutionType.SHELTER),
    ("DINAF regional (sintético)", InstitutionType.CHILD_PROTECTION),
]
GIVEN_F = [
    "María",
    "Ana",
    "Sofía",
    "Daniela",
    "Gabriela",
    "Karla",
    "Rosa",
    "Alejandra",
    "Andrea",
    "Paola",
    "Wendy",
    "Yolanda",
    "Dania",
    "Suyapa",
    "Lourdes",
    "Fernanda",
]
GIVEN_M = [
    "José",
    "Juan",
    "Carlos",
    "Luis",
    "Jorge",
    "Kevin",
    "Marvin",
    "Mario",
    "Óscar",
    "Wilmer",
    "Denis",
    "Edwin",
    "Héctor",
]
SURNAMES = [
    "Hernández",
    "López",
    "Martínez",
    "Rodríguez",
    "García",
    "Mejía",
    "Flores",
    "Cruz",
    "Reyes",
    "Álvarez",
    "Pérez",
    "Zelaya",
    "Castillo",
    "Ramírez",
    "Sánchez",
    "Velásquez",
    "Ortiz",
    "Rivera",
    "Mendoza",
    "Aguilar",
    "Bonilla",
    "Maradiaga",
]
# Weights: where reports come from and victims are exploited (population-like, plus the
# northern corridor).
DEPARTMENTS = {
    "HN-CR": 22, "HN-FM": 20, "HN-AT": 6, "HN-YO": 6, "HN-CM": 5, "HN-CH": 5, "HN-OL": 5,
    "HN-EP": 4, "HN-CP": 4, "HN-SB": 4, "HN-LE": 3, "HN-CL": 3, "HN-VA": 2, "HN-IN": 2,
    "HN-LP": 2, "HN-OC": 2, "HN-IB": 1, "HN-GD": 1,
}  # fmt: skip
CHANNELS = {"hotline": 35, "eri_phone": 15, "police": 15, "prosecutor": 8, "walk_in": 8,
            "labour_inspection": 5, "consulate": 6, "ngo": 5, "public_web": 3}  # fmt: skip
FORMS = {"sexual": 55, "forced_labour": 20, "begging": 6, "criminal": 7, "marriage": 4,
         "servitude": 4, "pregnancy": 1, "adoption": 1, "slavery": 1, "organs": 1}  # fmt: skip
NATIONALITIES = {"HND": 90, "GTM": 3, "SLV": 2, "NIC": 2, "VEN": 1, "COL": 1, "CUB": 1}
ABROAD = {"GTM": 35, "MEX": 40, "USA": 15, "SLV": 5, "BLZ": 5}
DECISIONS = {"identified": 55, "presumed": 30, "not_victim": 10, "possible": 5}
SERVICES = ["Health", "Legal", "Psychological", "Shelter", "Education", "Livelihood"]
# Referrals: the type, the service asked for, and how they stand (outcome for completed).
REFERRAL_TYPES = {"care": "Shelter", "health": "Medical", "legal": "CriminalJustice",
                  "child_protection": "ChildProtection",
                  "consular": "ConsularRepatriation"}  # fmt: skip
REFERRAL_STATES = {"completed:successful": 45, "completed:not_successful": 10, "accepted": 15,
                   "declined": 10, "withdrawn": 5, "sent": 15}  # fmt: skip
ANSWER_DAYS = 3
# Criminal files: for about one case in eight found presumed or identified; each charge's
# path (charged, then sentenced, acquitted or dismissed).
FILE_SHARE = 0.12
TRAFFICKING_OFFENCE = "trata_personas_codigo_penal"
VERDICTS = {"convicted": 45, "plea": 15, "acquitted": 25, "dismissed": 15}


@dataclass(frozen=True)
class Generated:
    persons: int
    reports: int
    cases: int
    decisions: int
    events: int
    deliveries: int
    referrals: int
    files: int
    defendants: int
    trainings: int
    trained: int
    victims_counted: int


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _referrals(
    rng: random.Random,
    case: Case,
    institutions: list[Institution],
    user: User,
    *,
    now: datetime,
    run: str,
    serial: int,
) -> list[Referral]:
    """One or two referrals of a case to other institutions, answered (or not) within about
    the three days they allow, some late, and resolved as the weights say."""
    found = []
    others = [i for i in institutions if i.pk != case.institution_id]
    for k in range(1 + (rng.random() < 0.25)):
        kind = rng.choice(list(REFERRAL_TYPES))
        sent = case.opened_at + timedelta(hours=rng.randrange(1, 24 * 20))
        if sent >= now:
            continue
        status, _sep, outcome = _pick(rng, REFERRAL_STATES).partition(":")
        answered: datetime | None = sent + timedelta(hours=rng.randrange(1, 24 * (ANSWER_DAYS + 3)))
        if status in ("sent", "withdrawn") or (answered is not None and answered >= now):
            status, outcome, answered = ("sent" if status != "withdrawn" else status), "", None
        referral = Referral(
            id=_uuid(rng),
            reference=f"SF{run}-{serial:09d}{k}",
            case=case,
            from_institution_id=case.institution_id,
            to_institution=rng.choice(others),
            type=kind,
            services=[REFERRAL_TYPES[kind]],
            status=status,
            sent_at=sent,
            sent_by=user,
            due_at=sent + timedelta(days=ANSWER_DAYS),
            answered_at=answered,
            answered_by=user if answered else None,
            outcome=outcome,
            outcome_reason="no_capacity" if outcome == "not_successful" else "",
        )
        if status == "completed" and answered is not None:
            referral.completed_at = min(answered + timedelta(days=rng.randrange(1, 60)), now)
        if status == "withdrawn":
            referral.withdrawn_at = sent + timedelta(hours=rng.randrange(1, 48))
        found.append(referral)
    return found


def _criminal_file(
    rng: random.Random,
    rows: dict[str, list],
    case: Case,
    offence: Offence,
    prosecutor: Institution,
    user: User,
    *,
    today: date,
    run: str,
    serial: int,
) -> None:
    """A trafficking file opened on the case's complaint: investigated, then (for most) one
    or two defendants charged, and some charges decided. Defendants are persons too: they are
    written with the other persons."""
    complaint = case.opened_at.date() + timedelta(days=rng.randrange(0, 20))
    if complaint > today:
        return
    investigation = complaint + timedelta(days=rng.randrange(1, 60))
    file = CriminalFile(
        id=_uuid(rng),
        reference=f"SX{run}-{serial:09d}",
        institution=prosecutor,
        department_id=(case.report.department_id if case.report else None) or "HN-FM",
        forms_of_exploitation=case.forms_of_exploitation,
        offence=offence,
        classification=offence.classification,
        stage="investigation" if investigation <= today else "complaint",
        complaint_on=complaint,
        investigation_on=investigation if investigation <= today else None,
        created_by=user,
    )
    rows["files"].append(file)
    for n in range(1, 2 + (rng.random() < 0.3)):
        male = rng.random() < 0.75
        person = Person(
            id=_uuid(rng),
            institution=prosecutor,
            given_names=rng.choice(GIVEN_M if male else GIVEN_F),
            first_surname=rng.choice(SURNAMES),
            second_surname=rng.choice(SURNAMES),
            sex="male" if male else "female",
            nationalities=[_pick(rng, NATIONALITIES)],
            created_by=user,
        )
        set_search_keys(person)
        rows["persons"].append(person)
        defendant = Defendant(
            id=_uuid(rng),
            file=file,
            person=person,
            code=f"I-{n}",
            sex=person.sex,
            age=rng.randint(19, 60),
            nationality=person.nationalities[0],
        )
        rows["defendants"].append(defendant)
        charged = investigation + timedelta(days=rng.randrange(20, 240))
        if charged > today or rng.random() < 0.35:
            continue
        charge = Charge(
            id=_uuid(rng),
            defendant=defendant,
            offence=offence,
            classification=offence.classification,
            form_of_exploitation=(case.forms_of_exploitation or [""])[0],
            charged_on=charged,
            institution=prosecutor,
        )
        decided = charged + timedelta(days=rng.randrange(90, 600))
        if decided <= today and rng.random() < 0.6:
            charge.outcome, charge.outcome_on = _pick(rng, VERDICTS), decided
            if charge.outcome in ("convicted", "plea"):
                years = rng.randint(8, 20)
                charge.sentence_days = 365 * years
                # The longer sentences of a trial come with compensation of the victims (no
                # draw of its own: the rest of the data stays as the seed made it).
                if charge.outcome == "convicted" and years >= 15:
                    charge.compensation_ordered = Decimal(25_000 * years)
                    charge.compensation_currency = "HNL"
        rows["charges"].append(charge)


def _trainings(
    rng: random.Random,
    institutions: list[Institution],
    *,
    cases: int,
    start: date,
    today: date,
    run: str,
) -> tuple[int, int]:
    """Training sessions of one course per institution (one session per 200 cases), each with
    15 to 30 officials of the institutions enrolled, their attendance and pre- and post-test
    scores. Returns (sessions, enrolments)."""
    span = max((today - start).days - 3, 1)
    courses = []
    for institution in institutions:
        course, _created = Course.objects.get_or_create(
            institution=institution,
            code=f"trata-basico-{run}",
            defaults={"title": "Curso básico sobre trata (sintético)", "modality": "in_person"},
        )
        courses.append(course)
    sessions, participants, enrolments = [], [], []
    for k in range(max(cases // 200, 1)):
        course = rng.choice(courses)
        starts = start + timedelta(days=rng.randrange(span))
        session = TrainingSession(
            id=_uuid(rng),
            reference=f"ST{run}-{k:07d}",
            course=course,
            institution=course.institution,
            host=course.institution,
            starts_on=starts,
            ends_on=starts + timedelta(days=2),
            department_id=_pick(rng, DEPARTMENTS),
            capacity=30,
            status="completed",
        )
        sessions.append(session)
        for _n in range(rng.randint(15, 30)):
            female = rng.random() < 0.45
            participant = Participant(
                id=_uuid(rng),
                institution=rng.choice(institutions),
                given_names=rng.choice(GIVEN_F if female else GIVEN_M),
                family_names=f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
                sex="female" if female else "male",
                department_id=session.department_id,
                recorded_by=course.institution,
            )
            participants.append(participant)
            pre = Decimal(rng.randint(20, 70))
            post = min(pre + Decimal(rng.randint(0, 40)), Decimal(100))
            enrolments.append(
                Enrolment(
                    id=_uuid(rng),
                    session=session,
                    participant=participant,
                    status="enrolled",
                    days_present=rng.choice((3, 3, 3, 2, 1)),
                    pre_score=pre,
                    post_score=post,
                    max_score=Decimal(100),
                    gain=normalised_gain(pre, post, Decimal(100)),
                )
            )
    with transaction.atomic():
        TrainingSession.objects.bulk_create(sessions, batch_size=500)
        Participant.objects.bulk_create(participants, batch_size=500)
        Enrolment.objects.bulk_create(enrolments, batch_size=500)
    return len(sessions), len(enrolments)


def _institutions() -> list[Institution]:
    found = []
    for name, kind in INSTITUTIONS:
        institution, _created = Institution.objects.get_or_create(
            name=name, defaults={"type": kind}
        )
        found.append(institution)
    return found


def _system_user() -> User:
    user, created = User.objects.get_or_create(
        username=SYSTEM_USER, defaults={"email": "sintetico@ruta.invalid", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _run(seed: int) -> str:
    return f"{seed:04d}"[-4:]


def already_generated(seed: int) -> bool:
    return Report.objects.filter(reference__startswith=f"SR{_run(seed)}-").exists()


def generate(
    *,
    cases: int,
    seed: int,
    years: int = 5,
    batch: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    rebuild: bool = True,
) -> Generated:
    """Create ``cases`` cases (with their persons, reports, decisions, events, services and
    referrals) spread over the last ``years`` years, in batches; then rebuild the
    statistics."""
    if settings.PRODUCTION:
        raise RuntimeError("generate_synthetic is refused in production.")
    from ruta.reporting.services import statistics_rebuild

    rng = random.Random(seed)  # noqa: S311 - reproducible fake data, not a secret
    institutions = _institutions()
    user = _system_user()
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    start = today - timedelta(days=365 * years)
    span = (today - start).days
    totals = dict.fromkeys(
        (
            "persons",
            "reports",
            "cases",
            "decisions",
            "events",
            "deliveries",
            "referrals",
            "files",
            "defendants",
            "charges",
        ),
        0,
    )
    offence = Offence.objects.get(code=TRAFFICKING_OFFENCE)
    prosecutor = next(i for i in institutions if i.type == InstitutionType.PROSECUTION)
    run = _run(seed)
    if already_generated(seed):
        raise ValueError(f"Synthetic records of seed {seed} are already in this database.")
    for first in range(0, cases, batch):
        size = min(batch, cases - first)
        rows: dict[str, list] = {k: [] for k in totals}
        plans, services = [], []
        for i in range(first, first + size):
            female = rng.random() < 0.78
            child = rng.random() < 0.38
            received = start + timedelta(days=rng.randrange(span))
            age = rng.randint(8, 17) if child else rng.randint(18, 45)
            born = received - timedelta(days=365 * age + rng.randrange(365))
            person = Person(
                id=_uuid(rng),
                institution=rng.choice(institutions),
                given_names=rng.choice(GIVEN_F if female else GIVEN_M),
                first_surname=rng.choice(SURNAMES),
                second_surname=rng.choice(SURNAMES),
                sex="female" if female else "male",
                date_of_birth=born if rng.random() < 0.85 else None,
                estimated_age=None,
                nationalities=[_pick(rng, NATIONALITIES)],
                created_by=user,
            )
            if person.date_of_birth is None:
                person.estimated_age, person.age_estimated_on = age, received
            set_search_keys(person)
            rows["persons"].append(person)
            department = _pick(rng, DEPARTMENTS)
            report = Report(
                id=_uuid(rng),
                reference=f"SR{run}-{i:09d}",
                institution=person.institution,
                channel=_pick(rng, CHANNELS),
                received_at=datetime.combine(received, time(rng.randrange(7, 20)), tz),
                department_id=department,
                narrative="Relato sintético.",
                child_involved=child,
                status="accepted",
                created_by=user,
            )
            rows["reports"].append(report)
            opened = report.received_at + timedelta(hours=rng.randrange(2, 96))
            forms = sorted({_pick(rng, FORMS) for _ in range(1 + (rng.random() < 0.15))})
            case = Case(
                id=_uuid(rng),
                reference=f"SC{run}-{i:09d}",
                institution=person.institution,
                person=person,
                report=report,
                victim_type="direct" if rng.random() < 0.93 else "indirect",
                status="open" if rng.random() < 0.4 else "closed",
                opened_at=opened,
                first_contact_at=opened + timedelta(hours=rng.randrange(1, 72)),
                is_child=child,
                forms_of_exploitation=forms,
            )
            rows["cases"].append(case)
            decided = min(opened.date() + timedelta(days=rng.randrange(0, 45)), today)
            rows["decisions"].append(
                IdentificationDecision(
                    id=_uuid(rng),
                    case=case,
                    status=_pick(rng, DECISIONS),
                    deciding_institution=person.institution,
                    deciding_organisation_type="NonPoliceGovernmentalOrganization",
                    decided_on=decided,
                    basis="Decisión sintética.",
                    decided_by=user,
                )
            )
            abroad = rng.random() < 0.2
            rows["events"].append(
                TraffickingEvent(
                    id=_uuid(rng),
                    case=case,
                    type="exploitation",
                    country=_pick(rng, ABROAD) if abroad else "HND",
                    department_id=None if abroad else _pick(rng, DEPARTMENTS),
                )
            )
            rows["events"].append(
                TraffickingEvent(
                    id=_uuid(rng),
                    case=case,
                    type="recruitment",
                    country="HND",
                    department_id=department,
                )
            )
            if rng.random() < 0.7:
                plan = CarePlan(
                    id=_uuid(rng),
                    case=case,
                    objectives="Plan sintético.",
                    started_on=decided,
                    review_days=[30, 90],
                    created_by=user,
                )
                plans.append(plan)
                for kind in rng.sample(SERVICES, rng.randint(1, 3)):
                    service = CareService(
                        id=_uuid(rng),
                        plan=plan,
                        type=kind,
                        responsible=rng.choice(institutions),
                        due_on=decided + timedelta(days=30),
                        status="delivered",
                    )
                    services.append(service)
                    on = min(decided + timedelta(days=rng.randrange(0, 30)), today)
                    rows["deliveries"].append(
                        ServiceDelivery(
                            id=_uuid(rng),
                            service=service,
                            delivered_on=on,
                            recorded_by=user,
                            recorded_for=service.responsible,
                        )
                    )
            if rows["decisions"][-1].status in ("presumed", "identified") and (
                rng.random() < FILE_SHARE
            ):
                _criminal_file(
                    rng, rows, case, offence, prosecutor, user, today=today, run=run, serial=i
                )
            if rng.random() < 0.45:
                rows["referrals"].extend(
                    _referrals(rng, case, institutions, user, now=timezone.now(), run=run, serial=i)
                )
        with transaction.atomic():
            Person.objects.bulk_create(rows["persons"], batch_size=500)
            Report.objects.bulk_create(rows["reports"], batch_size=500)
            Case.objects.bulk_create(rows["cases"], batch_size=500)
            IdentificationDecision.objects.bulk_create(rows["decisions"], batch_size=500)
            TraffickingEvent.objects.bulk_create(rows["events"], batch_size=500)
            CarePlan.objects.bulk_create(plans, batch_size=500)
            CareService.objects.bulk_create(services, batch_size=500)
            ServiceDelivery.objects.bulk_create(rows["deliveries"], batch_size=500)
            Referral.objects.bulk_create(rows["referrals"], batch_size=500)
            CriminalFile.objects.bulk_create(rows["files"], batch_size=500)
            Defendant.objects.bulk_create(rows["defendants"], batch_size=500)
            Charge.objects.bulk_create(rows["charges"], batch_size=500)
        for key, values in rows.items():
            totals[key] += len(values)
        if progress is not None:
            progress(first + size, cases)
    totals["trainings"], totals["trained"] = _trainings(
        rng, institutions, cases=cases, start=start, today=today, run=run
    )
    counted = statistics_rebuild() if rebuild else 0
    totals.pop("charges")
    return Generated(**totals, victims_counted=counted)
