"""The prevention part of the permission matrix's world (also used by the prevention tests).

The home institution of the matrix ("Equipo propio", whose trainer is ``TRN`` and whose user
administrator is ``ADM``) is a training institution here. One more actor:

- ``academia:trainer`` (``P_TRN``): a trainer of a police academy, another training
  institution. Tried on prevention routes only.

Records (keys of the world dict):

- ``academy``: the police academy.
- ``framework``: a competency framework of the home institution (competency
  ``competency``, indicator ``indicator``); ``academy_framework``: the academy's.
- ``course``: the home's course "TRATA-101" v1 (one module of 8 h, a test ``test_instrument`` with
  three questions ``test_questions``, 1 point each), mandatory for case workers of response teams;
  ``academy_course``: the academy's.
- ``session``: the home's session of ``course`` (two days, in the past, open to police and to
  the other institution by name); ``academy_open_session``: the academy's, open to response
  teams (so the home sees it); ``academy_session``: the academy's, open to nobody.
- ``participant``: staff of the home, recorded by the home, enrolled (``enrolment``) with
  both days attended, pre-test 1/3 and post-test 3/3 (``pre_result``, ``post_result``);
  ``other_participant``: staff of the other institution enrolled in ``session``
  (``other_enrolment``, certificate ``certificate``, not revoked); ``academy_participant``:
  staff of the academy enrolled in ``academy_session`` (``academy_enrolment``, certificate
  ``academy_certificate``).
- ``campaign``: the home's, the other institution a partner; ``academy_campaign``: the
  academy's alone.
- ``import_job`` (slice imports): a checked spreadsheet import into ``session``, ready to
  import (one new participant of the home institution).
- ``inspection``: recorded by the home's labour inspector (``LAB``), who is one of its
  inspectors, indicators present, no report raised yet; ``colleague_inspection``: the home's,
  recorded by a colleague (outside LAB's 'own' scope).
- (slice people) ``spare_participant``: staff of the other institution recorded by the home,
  enrolled nowhere; ``follow_up``: the follow-up questionnaire of ``enrolment``, sent, open,
  its link's token ``follow_up_token``.

Slice "courses" (the records its write routes act on):

- ``shipped_framework``: the framework shipped with Ruta (no owner, read-only).
- ``spare_competency`` of ``framework`` (no course covers it) with ``spare_indicator``.
- ``module``: the module of ``course``; ``mandatory``: its mandatory rule.
- ``draft_course``: the home's "TRATA-102" v1 (same shape as ``course``; no result was
  recorded with its test, so its questions can change: ``draft_question``, ``draft_module``).
- ``planned_session``: the home's session of ``draft_course`` in ten days, planned, open to
  nobody, nobody enrolled; ``session_trainer``: its external trainer.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from ruta.cases.models import ScreeningInstrument
from ruta.core.choices import InstitutionType as T
from ruta.core.models import Department
from ruta.prevention.models import (
    Answer,
    Attendance,
    BehaviouralIndicator,
    Campaign,
    CampaignReach,
    Certificate,
    Competency,
    CompetencyFramework,
    Course,
    CourseModule,
    Enrolment,
    FollowUp,
    ImportJob,
    Inspection,
    Instrument,
    MandatoryCourse,
    Participant,
    Question,
    Result,
    SessionOpenType,
    SessionTrainer,
    TrainingSession,
)
from tests.factories import make_institution, make_user

P_TRN = "academia:trainer"
PREVENTION_ACTORS_EXTRA = (P_TRN,)

# The institution each prevention actor acts for, filled by ``build``.
PLACES: dict = {}


def _framework(owner, code):
    fw = CompetencyFramework.objects.create(
        institution=owner, code=code, labels={"es": f"Marco {code}", "en": code, "fr": code}
    )
    comp = Competency.objects.create(
        framework=fw, code="identificacion", labels={"es": "Identificación", "en": "ID"}
    )
    ind = BehaviouralIndicator.objects.create(
        competency=comp, code="indicadores", labels={"es": "Reconoce indicadores"}
    )
    return fw, comp, ind


def _course(owner, code, competency):
    course = Course.objects.create(
        institution=owner,
        code=code.lower(),
        title=f"Curso {code}",
        modality="in_person",
        target_roles=["case_worker"],
        target_institution_types=[T.RESPONSE_TEAM],
    )
    course.competencies.add(competency)
    CourseModule.objects.create(course=course, position=1, title="Módulo 1", hours=Decimal(8))
    instrument = Instrument.objects.create(course=course, title=f"Prueba {code}")
    questions = [
        Question.objects.create(
            instrument=instrument,
            position=i,
            text=f"Pregunta {i}",
            options=[{"key": "a", "text": "Sí"}, {"key": "b", "text": "No"}],
            answer="a",
        )
        for i in (1, 2, 3)
    ]
    return course, instrument, questions


def _session(reference, course, department, start, **kw):
    return TrainingSession.objects.create(
        reference=reference,
        course=course,
        institution=course.institution,
        host=course.institution,
        starts_on=start,
        ends_on=start + timedelta(days=1),
        department=department,
        capacity=30,
        status="completed",
        **kw,
    )


def _enrol(session, participant, pre: int, post: int, questions, entered_by=None):
    enrolment = Enrolment.objects.create(session=session, participant=participant)
    for offset in (0, 1):
        Attendance.objects.create(
            enrolment=enrolment, day=session.starts_on + timedelta(days=offset), present=True
        )
    for kind, right in (("pre", pre), ("post", post)):
        result = Result.objects.create(
            enrolment=enrolment,
            kind=kind,
            score=Decimal(right),
            max_score=Decimal(len(questions)),
            taken_on=session.starts_on if kind == "pre" else session.ends_on,
            entered_by=entered_by,
        )
        for i, q in enumerate(questions):
            ok = i < right
            Answer.objects.create(
                result=result, question=q, answer="a" if ok else "b", points=Decimal(int(ok))
            )
    enrolment.days_present = 2
    enrolment.pre_score, enrolment.post_score = Decimal(pre), Decimal(post)
    enrolment.max_score = Decimal(len(questions))
    enrolment.gain = (post - pre) / (len(questions) - pre) if pre < len(questions) else None
    enrolment.save()
    return enrolment


def _certificate(enrolment, code, issued_on):
    p = enrolment.participant
    return Certificate.objects.create(
        enrolment=enrolment,
        code=code,
        issued_on=issued_on,
        holder_name=p.full_name,
        course_title=enrolment.session.course.title,
        course_code=enrolment.session.course.code,
        hours=Decimal(8),
        issuer_name=enrolment.session.institution.name,
    )


def build(*, users: dict, home, other, lab_user) -> dict:
    """Create the prevention actor (added to ``users``) and records; return the keys."""
    today = timezone.localdate()
    academy = make_institution("Academia de Policía", T.POLICE_ACADEMY)
    users[P_TRN] = make_user("trainer", academy)
    PLACES[P_TRN] = academy
    department = Department.objects.order_by("code").first()

    framework, competency, indicator = _framework(home, "marco-propio")
    academy_framework, academy_comp, _ = _framework(academy, "marco-academia")
    course, instrument, questions = _course(home, "TRATA-101", competency)
    academy_course, _, academy_questions = _course(academy, "POL-201", academy_comp)
    MandatoryCourse.objects.create(
        course=course, role="case_worker", institution_type=T.RESPONSE_TEAM
    )

    start = today - timedelta(days=30)
    session = _session("CAP-TEST-0001", course, department, start)
    SessionOpenType.objects.create(session=session, institution_type=T.POLICE)
    session.open_to_institutions.add(other)
    academy_open_session = _session("CAP-TEST-0002", academy_course, department, start)
    SessionOpenType.objects.create(session=academy_open_session, institution_type=T.RESPONSE_TEAM)
    academy_session = _session("CAP-TEST-0003", academy_course, department, start)

    def participant(inst, given, family, email, recorded_by):
        return Participant.objects.create(
            institution=inst,
            given_names=given,
            family_names=family,
            sex="female",
            email=email,
            recorded_by=recorded_by,
            rank_or_role="Agente",
            department=department,
        )

    staff = participant(home, "Marta Lidia", "Zelaya Cruz", "marta@example.org", home)
    other_staff = participant(other, "Ramón", "Aguilar Soto", "ramon@example.org", home)
    academy_staff = participant(academy, "Irma", "Pineda Ríos", "irma@example.org", academy)
    enrolment = _enrol(session, staff, 1, 3, questions)
    other_enrolment = _enrol(session, other_staff, 2, 3, questions)
    academy_enrolment = _enrol(academy_session, academy_staff, 0, 3, academy_questions)
    certificate = _certificate(other_enrolment, "RUTA-TEST-0001", start + timedelta(days=1))
    academy_certificate = _certificate(
        academy_enrolment, "RUTA-TEST-0002", start + timedelta(days=1)
    )

    campaign = Campaign.objects.create(
        institution=home,
        name="Campaña Corazón Azul",
        starts_on=start,
        channels=["radio", "schools"],
        audiences=["general_public"],
    )
    campaign.partners.add(other)
    campaign.departments.add(department)
    CampaignReach.objects.create(campaign=campaign, channel="radio", people=1200)
    academy_campaign = Campaign.objects.create(
        institution=academy, name="Campaña de la Academia", starts_on=start
    )

    forced_labour = ScreeningInstrument.objects.filter(code="ilo-forced-labour-11").first()
    colleague = make_user("labour_inspector", home)

    def inspection(reference, recorded_by, establishment):
        i = Inspection.objects.create(
            reference=reference,
            institution=home,
            establishment=establishment,
            sector="A",
            department=department,
            inspected_on=today - timedelta(days=3),
            recorded_by=recorded_by,
            workers_female=3,
            workers_male=5,
            workers_0_17=2,
            instrument=forced_labour,
            indicators_present=2,
            suggestion="likely",
        )
        i.inspectors.add(recorded_by)
        return i

    # --- slice people: a home staff member enrolled nowhere; a follow-up link (its token) ---
    spare = participant(other, "Nora Elena", "Baide Luna", "nora.baide@example.org", home)
    follow_up_token = "follow-up-token-of-the-matrix"
    follow_up = FollowUp.objects.create(
        enrolment=enrolment,
        token_hash=hashlib.sha256(follow_up_token.encode()).hexdigest(),
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=30),
    )
    people_keys = {
        "spare_participant": spare,
        "follow_up": follow_up,
        "follow_up_token": follow_up_token,
    }

    # --- slice outreach: a material of the home's campaign, a measure of LAB's inspection ---
    own_inspection = inspection("INS-TEST-0001", lab_user, "Finca El Naranjo")
    outreach = _outreach(
        users.get("trainer") or make_user("trainer", home), campaign, own_inspection
    )

    # --- slice imports: a checked file, ready to import ---
    import_csv = (
        "given_names,family_names,institution,sex,email\n"
        f"Ana Lucía,Matriz Pérez,{home.name},female,ana.matriz@example.org\n"
    )
    import_job = ImportJob.objects.create(
        institution=home,
        session=session,
        kind="participants",
        status="ready",
        filename="matriz-inscritos.csv",
        content=base64.b64encode(import_csv.encode()).decode("ascii"),
        rows_total=1,
        rows_done=1,
    )

    # --- slice "courses": records its write routes act on -----------------------------------
    spare_competency = Competency.objects.create(
        framework=framework, code="derivacion", labels={"es": "Derivación"}, position=2
    )
    spare_indicator = BehaviouralIndicator.objects.create(
        competency=spare_competency, code="activa-equipo", labels={"es": "Activa al equipo"}
    )
    draft_course, _draft_instrument, draft_questions = _course(home, "TRATA-102", competency)
    planned_session = TrainingSession.objects.create(
        reference="CAP-TEST-0004",
        course=draft_course,
        institution=home,
        host=home,
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=11),
        department=department,
        capacity=30,
    )
    session_trainer = SessionTrainer.objects.create(
        session=planned_session, external_name="Ana Formadora", external_organisation="OIM"
    )
    courses_keys = {
        "shipped_framework": CompetencyFramework.objects.get(code="police-first-responders"),
        "spare_competency": spare_competency,
        "spare_indicator": spare_indicator,
        "module": course.modules.get(),
        "mandatory": MandatoryCourse.objects.get(course=course),
        "draft_course": draft_course,
        "draft_module": draft_course.modules.get(),
        "draft_question": draft_questions[0],
        "planned_session": planned_session,
        "session_trainer": session_trainer,
    }

    return {
        **courses_keys,
        **people_keys,
        **outreach,
        "import_job": import_job,
        "academy": academy,
        "framework": framework,
        "competency": competency,
        "indicator": indicator,
        "academy_framework": academy_framework,
        "course": course,
        "test_instrument": instrument,
        "test_questions": questions,
        "academy_course": academy_course,
        "session": session,
        "academy_open_session": academy_open_session,
        "academy_session": academy_session,
        "participant": staff,
        "other_participant": other_staff,
        "academy_participant": academy_staff,
        "enrolment": enrolment,
        "other_enrolment": other_enrolment,
        "academy_enrolment": academy_enrolment,
        "pre_result": enrolment.tests.get(kind="pre"),
        "post_result": enrolment.tests.get(kind="post"),
        "certificate": certificate,
        "academy_certificate": academy_certificate,
        "campaign": campaign,
        "academy_campaign": academy_campaign,
        "inspection": own_inspection,
        "colleague_inspection": inspection("INS-TEST-0002", colleague, "Maquila Sol"),
    }


def _outreach(trainer, campaign, inspection) -> dict:
    """slice outreach: records its routes name (keys ``campaign_material``,
    ``inspection_measure``). The material goes through the service, so that its file is stored
    in the world's attachment folder."""
    from ruta.prevention.models import InspectionMeasure
    from ruta.prevention.services import campaigns as campaign_services
    from tests.factories import actor_of

    material = campaign_services.material_add(
        actor=actor_of(trainer),
        campaign=campaign,
        title="Afiche Corazón Azul",
        filename="afiche.pdf",
        content=b"%PDF-1.4 afiche",
    )
    measure = InspectionMeasure.objects.create(
        inspection=inspection, kind="order", description="Contratos escritos"
    )
    return {"campaign_material": material, "inspection_measure": measure}
