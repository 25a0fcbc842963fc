"""The demo's prevention pillar, recorded through the services as users would: the police
education directorate (DNEP) with a course on first response, two past sessions with 40
participants of four institutions, attendance, pre- and post-tests and certificates; an
awareness campaign; two labour inspections, one of which raised a report into the intake."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from ruta.accounts.models import User
from ruta.core.actor import Actor
from ruta.core.models import Department, Municipality
from ruta.institutions.models import Institution

COURSE_CODE = "trata-primera-respuesta"

# (given names, family names, rank or role, sex)
_GIVEN_F = ["María Fernanda", "Karla Yamileth", "Dilcia Marisol", "Gloria Esperanza", "Suyapa"]
_GIVEN_M = ["José Luis", "Carlos Eduardo", "Wilmer Antonio", "Nelson Omar", "Kevin Alexander"]
_FAMILY = [
    "Mejía Castro",
    "Hernández Flores",
    "López Rivera",
    "Martínez Cruz",
    "Rodríguez Maradiaga",
    "Sánchez Paz",
    "Ramos Velásquez",
    "Cálix Ordóñez",
    "Funes Amaya",
    "Girón Bonilla",
]
# institution key (demo INSTITUTIONS) -> rank or role of its staff, e-mail domain
STAFF = {
    "police": ("Agente de investigación", "dpi.example.hn"),
    "prosecution": ("Fiscal auxiliar", "mp.example.hn"),
    "labour": ("Inspector de trabajo", "stss.example.hn"),
    "senaf": ("Técnica de protección", "senaf.example.hn"),
}

QUESTIONS = [
    ("¿Cuál es un indicador de trata de personas?", "c"),
    ("Ante una posible víctima menor de edad, ¿a quién se notifica el mismo día?", "b"),
    ("¿Qué debe evitarse en el primer contacto con una posible víctima?", "a"),
    ("¿Qué elemento NO es necesario probar si la víctima es menor de edad?", "d"),
    ("¿Quién recibe la derivación para atención inmediata en Honduras?", "b"),
    ("¿Cómo se preserva la cadena de custodia de un teléfono incautado?", "c"),
    ("¿Qué es la Cámara Gesell?", "a"),
    ("¿Cuál es el plazo para informar a la Fiscalía de un hecho flagrante?", "d"),
]


def _questions() -> list[dict]:
    options = [{"key": k, "text": t} for k, t in zip("abcd", ("A", "B", "C", "D"), strict=True)]
    return [
        {
            "text": text,
            "options": [{"key": o["key"], "text": f"Opción {o['text']}"} for o in options],
            "answer": answer,
            "points": 1,
        }
        for text, answer in QUESTIONS
    ]


def _answers(right: int, key: list[str], rng: random.Random) -> dict[int, str]:
    """Answers with ``right`` of them correct (the others a wrong option)."""
    positions = list(range(1, len(key) + 1))
    rng.shuffle(positions)
    good = set(positions[:right])
    return {
        pos: key[pos - 1] if pos in good else ("a" if key[pos - 1] != "a" else "b")
        for pos in range(1, len(key) + 1)
    }


def seed_prevention(actor_for, institutions: dict[str, Institution], ago) -> None:
    """``actor_for(username) -> Actor``; ``institutions``: demo key -> institution;
    ``ago(days) -> date``."""
    from ruta.prevention.models import CompetencyFramework, Course

    if Course.objects.filter(code=COURSE_CODE).exists():
        return
    trainer = actor_for("instructor.dnep")
    framework = CompetencyFramework.objects.get(code="police-first-responders")
    course = _course(trainer, list(framework.competencies.all()))
    participants = _participants(trainer, institutions)
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    francisco = Department.objects.filter(code="HN-FM").first()
    cortes = Department.objects.filter(code="HN-CR").first()
    first = _session(
        trainer, course, institutions, ago(60), 3, francisco, "Academia Nacional de Policía"
    )
    second = _session(trainer, course, institutions, ago(20), 2, cortes, "Sala de capacitación")
    # Each session mixes the four institutions.
    _run(trainer, first, participants[::2], rng, absent={3: [1], 7: [1, 2]})
    _run(trainer, second, participants[1::2], rng, absent={5: [1]}, fail={12})
    _campaign(trainer, institutions, ago)
    _inspections(actor_for("inspectora.stss"), ago)


def _course(trainer: Actor, competencies):
    from ruta.core.choices import InstitutionType as T
    from ruta.prevention.services import courses

    course = courses.course_create(
        actor=trainer,
        code=COURSE_CODE,
        title="Identificación y primera respuesta ante la trata de personas",
        description=(
            "Curso obligatorio para el personal de investigación: indicadores, primer "
            "contacto, derivación, evidencia y niñez."
        ),
        modality="mixed",
        competencies=competencies,
        target_roles=["investigator", "prosecutor", "labour_inspector"],
        target_institution_types=[T.POLICE, T.PROSECUTION, T.LABOUR, T.CHILD_PROTECTION],
        min_attendance_pct=80,
        pass_score_pct=70,
    )
    for title, hours in (
        ("El delito de trata y sus indicadores", Decimal(6)),
        ("Primer contacto y derivación a la red de atención", Decimal(6)),
        ("Evidencia, cadena de custodia y niñez", Decimal(8)),
    ):
        courses.module_add(actor=trainer, course=course, title=title, hours=hours)
    for question in _questions():
        courses.question_add(actor=trainer, course=course, **question)
    courses.mandatory_add(
        actor=trainer, course=course, role="investigator", institution_type=T.POLICE
    )
    return course


def _participants(trainer: Actor, institutions: dict[str, Institution]) -> list:
    from ruta.prevention.services import participants

    investigator = User.objects.filter(username="investigador.dpi").first()
    made = []
    for k, (key, (rank, domain)) in enumerate(STAFF.items()):
        institution = institutions[key]
        for i in range(10):
            female = i % 2 == 0
            given = (_GIVEN_F if female else _GIVEN_M)[(i // 2 + k) % 5]
            family = _FAMILY[(3 * i + 7 * k) % len(_FAMILY)]
            login = f"{given.split()[0]}.{family.split()[0]}.{key}{i}".lower()
            made.append(
                participants.participant_create(
                    actor=trainer,
                    given_names=given,
                    family_names=family,
                    institution=institution,
                    rank_or_role=rank,
                    sex="female" if female else "male",
                    department=None,
                    email=f"{_ascii(login)}@{domain}",
                )
            )
    if investigator is not None:  # the demo investigator takes part: "My certificates"
        made[0] = participants.participant_update(
            actor=trainer,
            participant=made[0],
            version=made[0].version,
            given_names=investigator.first_name,
            family_names=investigator.last_name,
            institution=made[0].institution,
            rank_or_role="Agente de investigación",
            sex="male",
            department=None,
            email=investigator.email,
            user=investigator,
        )
    return made


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _session(trainer, course, institutions, start: date, days: int, department, venue: str):
    from ruta.core.choices import InstitutionType as T
    from ruta.prevention.services import sessions

    municipality = Municipality.objects.filter(department=department).order_by("code").first()
    session = sessions.session_create(
        actor=trainer,
        course=course,
        starts_on=start,
        ends_on=start + timedelta(days=days - 1),
        department=department,
        municipality=municipality,
        venue=venue,
        capacity=25,
        host=institutions["academy"],
        open_types=[T.POLICE, T.PROSECUTION, T.LABOUR, T.CHILD_PROTECTION],
        open_institutions=[],
    )
    sessions.trainer_add(
        actor=trainer,
        session=session,
        participant=None,
        external_name="Lcda. Ana Gabriela Zúniga",
        external_organisation="Organización Internacional para las Migraciones",
    )
    return session


def _run(trainer, session, people, rng, *, absent: dict, fail: frozenset | set = frozenset()):
    """Enrol, take the register each day, enter the tests, finish the session and issue
    the certificates of those who met the thresholds."""
    from ruta.prevention.services import certificates, enrolments, sessions

    enrolled = [
        enrolments.enrolment_create(actor=trainer, session=session, participant=p) for p in people
    ]
    for offset in range(session.days):
        day = session.starts_on + timedelta(days=offset)
        present = {e.pk: (offset + 1) not in absent.get(i, []) for i, e in enumerate(enrolled)}
        enrolments.attendance_record(actor=trainer, session=session, day=day, present=present)
    key = [answer for _text, answer in QUESTIONS]
    for i, enrolment in enumerate(enrolled):
        pre = rng.randint(2, 5)
        post = rng.randint(4, 5) if i in fail else rng.randint(6, 8)
        for kind, right, on in (("pre", pre, session.starts_on), ("post", post, session.ends_on)):
            enrolment.refresh_from_db()
            enrolments.result_record(
                actor=trainer,
                enrolment=enrolment,
                kind=kind,
                answers=_answers(right, key, rng),
                version=enrolment.version,
                taken_on=on,
            )
    for status in ("ongoing", "completed"):
        session.refresh_from_db()
        sessions.session_status_change(
            actor=trainer, session=session, version=session.version, status=status
        )
    session.refresh_from_db()
    certificates.certificates_issue(actor=trainer, session=session)


def _campaign(trainer, institutions, ago) -> None:
    from ruta.prevention.services import campaigns

    campaign = campaigns.campaign_create(
        actor=trainer,
        name="«No estás en venta»: charlas en centros educativos",
        description=(
            "Charlas de la policía comunitaria en institutos de secundaria y mensajes en "
            "radio local sobre ofertas de empleo engañosas."
        ),
        starts_on=ago(45),
        ends_on=ago(5),
        departments=list(Department.objects.filter(code__in=["HN-CR", "HN-FM", "HN-AT"])),
        channels=["schools", "radio", "social_media"],
        audiences=["students", "parents", "teachers"],
        partners=[institutions["cicesct"], institutions["ngo"]],
    )
    campaigns.reach_record(
        actor=trainer,
        campaign=campaign,
        channel="schools",
        people=1840,
        female=960,
        male=880,
        age_0_17=1610,
        age_18_29=90,
        age_30_59=140,
        age_60_plus=0,
    )
    campaigns.reach_record(actor=trainer, campaign=campaign, channel="radio", people=25000)
    campaigns.reach_record(
        actor=trainer,
        campaign=campaign,
        channel="social_media",
        people=12400,
        female=7100,
        male=5300,
    )


def _inspections(inspector, ago) -> None:
    from ruta.prevention.services import inspections

    copan = Department.objects.filter(code="HN-CP").first() or Department.objects.first()
    cortes = Department.objects.filter(code="HN-CR").first() or Department.objects.first()
    found = inspections.inspection_create(
        actor=inspector,
        establishment="Finca cafetalera Los Pinos",
        sector="A",
        department=copan,
        inspected_on=ago(9),
        place="Aldea El Naranjito, a 12 km de la cabecera",
        answers={"deception": "yes", "documents": "yes", "wages": "yes", "debt": "yes"},
        findings=(
            "Trabajadores temporeros sin contrato; el encargado retiene documentos de "
            "identidad y descuenta deudas por alimentación."
        ),
        workers_female=6,
        workers_male=11,
        workers_0_17=3,
        workers_18_29=8,
        workers_30_59=6,
        workers_60_plus=0,
    )
    inspections.measure_add(
        actor=inspector,
        inspection=found,
        kind="fine",
        description="Retención de documentos de identidad",
        amount=Decimal("85000.00"),
    )
    inspections.measure_add(
        actor=inspector,
        inspection=found,
        kind="children_removed",
        description="Tres adolescentes retirados de la cosecha",
    )
    inspections.inspection_raise_report(actor=inspector, inspection=found)
    clean = inspections.inspection_create(
        actor=inspector,
        establishment="Maquila Textiles del Valle",
        sector="C",
        department=cortes,
        inspected_on=ago(4),
        place="Parque industrial, Choloma",
        answers={"overtime": "no", "wages": "no"},
        findings="Horas extra registradas y pagadas; contratos escritos.",
        workers_female=24,
        workers_male=15,
    )
    inspections.measure_add(
        actor=inspector,
        inspection=clean,
        kind="order",
        description="Actualizar el registro de jornadas nocturnas",
    )
