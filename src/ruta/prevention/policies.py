"""Who sees and manages trainings, campaigns and labour inspections. Rules live here only.

- A training institution (``prevention.manage``) manages its own competency frameworks,
  courses, sessions, participants' enrolments, tests, certificates and imports; its trainers
  and viewers (``prevention.view``) read them. Nothing of another training institution's work
  reaches them but the sessions open to their institution.
- Another institution sees the sessions open to it (by its type or by name) and its own
  staff's results (the employer's view: ``prevention.view`` or the institution's user
  administrator, ``accounts.manage_users``), including who is still missing a mandatory course.
- The commission's analysts (aggregate scope) see the training report's counts and never a
  participant, a session's list of names or an inspection.
- Campaigns: the organiser manages; partners named on a campaign see it.
- Labour inspections: the inspectorate's inspectors (``inspections.record``) within their
  role's record scope ('own' is the inspections they recorded or took part in). The report an
  inspection raised is the protection intake's; the inspectorate sees its triage outcome only.

Every scope denies what it does not name; out of scope answers 404.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from ruta.core.actor import Actor
from ruta.core.choices import RecordScope
from ruta.core.scoping import in_territory, reaches_records, territory_q
from ruta.institutions.models import Institution
from ruta.intake.models import Report
from ruta.prevention.models import (
    Campaign,
    Certificate,
    CompetencyFramework,
    Course,
    Enrolment,
    ImportJob,
    Inspection,
    Participant,
    SessionOpenType,
    TrainingSession,
)


# --- who is who ------------------------------------------------------------------------
def _trains(actor: Actor) -> bool:
    """A manager of trainings of the actor's own institution."""
    return actor.can("prevention.manage") and reaches_records(actor)


def _views_trainings(actor: Actor) -> bool:
    return (actor.can("prevention.view") or actor.can("prevention.manage")) and reaches_records(
        actor
    )


def _employer_view(actor: Actor) -> bool:
    """Reads the trainings of the institution's own staff."""
    return (
        actor.can("prevention.view")
        or actor.can("prevention.manage")
        or actor.can("accounts.manage_users")
    ) and reaches_records(actor)


def can_use_prevention(actor: Actor) -> bool:
    """The navigation's entry to trainings (pages answer each with its own rule)."""
    if _views_trainings(actor) or _employer_view(actor) or can_view_training_report(actor):
        return True
    return False


# --- competency frameworks ----------------------------------------------------------------
def scope_frameworks(
    actor: Actor, qs: QuerySet[CompetencyFramework] | None = None
) -> QuerySet[CompetencyFramework]:
    """Frameworks are shared reference data: every training institution reads them all."""
    qs = CompetencyFramework.objects.all() if qs is None else qs
    if _views_trainings(actor):
        return qs
    return qs.none()


def can_create_framework(actor: Actor) -> bool:
    """Create a framework, or copy one (the shipped one has no owner) to edit it."""
    if _trains(actor):
        return True
    return False


def can_edit_framework(actor: Actor, framework: CompetencyFramework) -> bool:
    """Only the owner edits; the framework shipped with Ruta has none (copy it first)."""
    if (
        framework.institution_id is not None
        and actor.can("prevention.manage", framework.institution_id)
        and reaches_records(actor)
    ):
        return True
    return False


# --- sessions and courses -----------------------------------------------------------------
def _open_to(actor: Actor) -> Q:
    """Sessions open to the actor's institution, by its type or by name."""
    return Q(
        Exists(
            SessionOpenType.objects.filter(
                session=OuterRef("pk"), institution_type=actor.institution.type
            )
        )
    ) | Q(
        Exists(
            TrainingSession.open_to_institutions.through.objects.filter(
                trainingsession_id=OuterRef("pk"), institution_id=actor.institution_id
            )
        )
    )


def scope_sessions(
    actor: Actor, qs: QuerySet[TrainingSession] | None = None
) -> QuerySet[TrainingSession]:
    """The sessions of the actor's institution (its trainers and viewers), and those open to
    it (anyone who reads trainings or manages the institution's users)."""
    qs = TrainingSession.objects.all() if qs is None else qs
    q = Q()
    named = False
    if _views_trainings(actor):
        q |= Q(institution_id=actor.institution_id)
        named = True
    if _employer_view(actor):
        q |= _open_to(actor)
        named = True
    return qs.filter(q) if named else qs.none()


def session_is_own(actor: Actor, session: TrainingSession) -> bool:
    """The actor reads the session as its organiser (names, tests, certificates)."""
    if _views_trainings(actor) and session.institution_id == actor.institution_id:
        return True
    return False


def can_manage_session(actor: Actor, session: TrainingSession) -> bool:
    """Edit the session, its trainers, enrolments, attendance, tests, certificates, imports."""
    if actor.can("prevention.manage", session.institution_id) and reaches_records(actor):
        return True
    return False


def scope_courses(actor: Actor, qs: QuerySet[Course] | None = None) -> QuerySet[Course]:
    """The courses of the actor's institution, and those of sessions open to it."""
    qs = Course.objects.all() if qs is None else qs
    q = Q()
    named = False
    if _views_trainings(actor):
        q |= Q(institution_id=actor.institution_id)
        named = True
    if _employer_view(actor):
        q |= Q(Exists(scope_sessions(actor).filter(course_id=OuterRef("pk"))))
        named = True
    return qs.filter(q) if named else qs.none()


def can_create_course(actor: Actor) -> bool:
    if _trains(actor):
        return True
    return False


def can_edit_course(actor: Actor, course: Course) -> bool:
    """Its modules, competencies, mandatory rules, thresholds and test."""
    if actor.can("prevention.manage", course.institution_id) and reaches_records(actor):
        return True
    return False


def can_create_session(actor: Actor, course: Course) -> bool:
    """A session of one of the institution's own courses."""
    if can_edit_course(actor, course) and course.is_active:
        return True
    return False


# --- participants and results -----------------------------------------------------------
def scope_participants(
    actor: Actor, qs: QuerySet[Participant] | None = None
) -> QuerySet[Participant]:
    """Participants the training institution recorded or enrolled, and the institution's own
    staff (the employer's view)."""
    qs = Participant.objects.all() if qs is None else qs
    q = Q()
    named = False
    if _views_trainings(actor):
        q |= Q(recorded_by_id=actor.institution_id) | Q(
            Exists(
                Enrolment.objects.filter(
                    participant_id=OuterRef("pk"), session__institution_id=actor.institution_id
                )
            )
        )
        named = True
    if _employer_view(actor):
        q |= Q(institution_id=actor.institution_id)
        named = True
    return qs.filter(q) if named else qs.none()


def can_create_participant(actor: Actor) -> bool:
    if _trains(actor):
        return True
    return False


def can_edit_participant(actor: Actor, participant: Participant) -> bool:
    """The training institution that recorded the participant corrects their details."""
    if actor.can("prevention.manage", participant.recorded_by_id) and reaches_records(actor):
        return True
    return False


def can_enrol(
    actor: Actor, session: TrainingSession, participant: Participant, *, known_email: str = ""
) -> bool:
    """Enrol a participant in a session the actor manages: one the training institution
    reaches, or one another institution recorded whom the actor names by their exact e-mail
    (the same officer is trained by several institutions; the e-mail is the key they give)."""
    if not can_manage_session(actor, session):
        return False
    if scope_participants(actor).filter(pk=participant.pk).exists():
        return True
    if known_email.strip() and participant.email.lower() == known_email.strip().lower():
        return True
    return False


def scope_enrolments(actor: Actor, qs: QuerySet[Enrolment] | None = None) -> QuerySet[Enrolment]:
    """Enrolments in the actor's institution's sessions, and those of its own staff."""
    qs = Enrolment.objects.all() if qs is None else qs
    q = Q()
    named = False
    if _views_trainings(actor):
        q |= Q(session__institution_id=actor.institution_id)
        named = True
    if _employer_view(actor):
        q |= Q(participant__institution_id=actor.institution_id)
        named = True
    return qs.filter(q) if named else qs.none()


def enrolment_in_scope(actor: Actor, enrolment: Enrolment) -> bool:
    """The in-memory twin of ``scope_enrolments`` (the enrolment's session and participant
    loaded)."""
    if _views_trainings(actor) and enrolment.session.institution_id == actor.institution_id:
        return True
    if _employer_view(actor) and enrolment.participant.institution_id == actor.institution_id:
        return True
    return False


def scope_certificates(
    actor: Actor, qs: QuerySet[Certificate] | None = None
) -> QuerySet[Certificate]:
    """Certificates of enrolments in scope, and the actor's own (a participant who is a user)."""
    qs = Certificate.objects.all() if qs is None else qs
    q = Q(enrolment__in=scope_enrolments(actor).values("pk")) | Q(
        enrolment__participant__user_id=actor.user_id
    )
    return qs.filter(q)


def can_read_certificate(actor: Actor, certificate: Certificate) -> bool:
    """Download the PDF or the signed credential: the organiser, the holder's employer, the
    holder."""
    enrolment = certificate.enrolment
    if enrolment.participant.user_id == actor.user_id:
        return True
    if enrolment_in_scope(actor, enrolment):
        return True
    return False


def can_revoke_certificate(actor: Actor, certificate: Certificate) -> bool:
    if certificate.revoked_at is None and can_manage_session(actor, certificate.enrolment.session):
        return True
    return False


# --- coverage of mandatory courses and the training report -----------------------------
def can_view_coverage(actor: Actor) -> bool:
    """Who of the institution's staff still lacks a mandatory course (and its export)."""
    if _employer_view(actor):
        return True
    return False


def can_view_training_report(actor: Actor) -> bool:
    """Counts of people trained, gains, certified trainers, campaign reach, inspections."""
    if actor.can("prevention.view") or actor.can("prevention.manage"):
        return actor.scope == RecordScope.AGGREGATE or reaches_records(actor)
    return False


def report_is_national(actor: Actor) -> bool:
    """The commission's analysts count every institution's trainings (counts only); everyone
    else counts their own institution's."""
    if actor.scope == RecordScope.AGGREGATE and actor.can("prevention.view"):
        return True
    return False


def scope_report_sessions(
    actor: Actor, qs: QuerySet[TrainingSession] | None = None
) -> QuerySet[TrainingSession]:
    qs = TrainingSession.objects.all() if qs is None else qs
    if not can_view_training_report(actor):
        return qs.none()
    if report_is_national(actor):
        return qs
    return qs.filter(institution_id=actor.institution_id)


# --- campaigns ---------------------------------------------------------------------------------
def scope_campaigns(actor: Actor, qs: QuerySet[Campaign] | None = None) -> QuerySet[Campaign]:
    """The institution's campaigns and those it is a partner of."""
    qs = Campaign.objects.all() if qs is None else qs
    if not _views_trainings(actor):
        return qs.none()
    return qs.filter(
        Q(institution_id=actor.institution_id)
        | Q(
            Exists(
                Campaign.partners.through.objects.filter(
                    campaign_id=OuterRef("pk"), institution_id=actor.institution_id
                )
            )
        )
    )


def can_create_campaign(actor: Actor) -> bool:
    if _trains(actor):
        return True
    return False


def can_edit_campaign(actor: Actor, campaign: Campaign) -> bool:
    """Its details, reach and materials: the organiser only."""
    if actor.can("prevention.manage", campaign.institution_id) and reaches_records(actor):
        return True
    return False


def scope_report_campaigns(
    actor: Actor, qs: QuerySet[Campaign] | None = None
) -> QuerySet[Campaign]:
    qs = Campaign.objects.all() if qs is None else qs
    if not can_view_training_report(actor):
        return qs.none()
    if report_is_national(actor):
        return qs
    return scope_campaigns(actor, qs)


# --- labour inspections ------------------------------------------------------------------
def _inspects(actor: Actor) -> bool:
    return actor.can("inspections.record") and reaches_records(actor)


def scope_inspections(actor: Actor, qs: QuerySet[Inspection] | None = None) -> QuerySet[Inspection]:
    qs = Inspection.objects.all() if qs is None else qs
    if not _inspects(actor):
        return qs.none()
    qs = qs.filter(institution_id=actor.institution_id)
    match actor.scope:
        case RecordScope.INSTITUTION:
            return qs
        case RecordScope.TERRITORY:
            return qs.filter(
                territory_q(actor, department="department", municipality="municipality")
            )
        case RecordScope.UNIT if actor.unit_id:
            return qs.filter(unit_id=actor.unit_id)
        case RecordScope.OWN:
            return qs.filter(
                Q(recorded_by_id=actor.user_id)
                | Q(
                    Exists(
                        Inspection.inspectors.through.objects.filter(
                            inspection_id=OuterRef("pk"), user_id=actor.user_id
                        )
                    )
                )
            )
    return qs.none()


def inspection_in_scope(actor: Actor, inspection: Inspection) -> bool:
    """The in-memory twin of ``scope_inspections``."""
    if not (_inspects(actor) and inspection.institution_id == actor.institution_id):
        return False
    match actor.scope:
        case RecordScope.INSTITUTION:
            return True
        case RecordScope.TERRITORY:
            return in_territory(
                actor,
                department_id=inspection.department_id,
                municipality=inspection.municipality if inspection.municipality_id else None,
            )
        case RecordScope.UNIT if actor.unit_id:
            return inspection.unit_id == actor.unit_id
        case RecordScope.OWN:
            if inspection.recorded_by_id == actor.user_id:
                return True
            return inspection.inspectors.filter(pk=actor.user_id).exists()
    return False


def can_record_inspection(actor: Actor) -> bool:
    if _inspects(actor):
        return True
    return False


def can_edit_inspection(actor: Actor, inspection: Inspection) -> bool:
    """Its details, measures, and raising its report."""
    if inspection_in_scope(actor, inspection):
        return True
    return False


def scope_report_inspections(
    actor: Actor, qs: QuerySet[Inspection] | None = None
) -> QuerySet[Inspection]:
    """Inspections counted in the report: nationally for the commission's analysts, the
    inspectorate's own in scope."""
    qs = Inspection.objects.all() if qs is None else qs
    if report_is_national(actor):
        return qs
    return scope_inspections(actor, qs)


# --- slice people: participants' lists and the employer's view ----------------------------
def can_list_participants(actor: Actor) -> bool:
    """The participant list: a training institution's (those it recorded or enrolled) and
    an employer's (its own staff); ``scope_participants`` says which rows."""
    if _views_trainings(actor) or _employer_view(actor):
        return True
    return False


def can_view_staff_trainings(actor: Actor) -> bool:
    """The employer's view: the enrolments and results of the institution's own staff."""
    if _employer_view(actor):
        return True
    return False


def scope_staff_enrolments(
    actor: Actor, qs: QuerySet[Enrolment] | None = None
) -> QuerySet[Enrolment]:
    """Enrolments of the actor's institution's own staff (whoever organised the session)."""
    qs = Enrolment.objects.all() if qs is None else qs
    if not _employer_view(actor):
        return qs.none()
    return scope_enrolments(actor, qs).filter(participant__institution_id=actor.institution_id)


# --- outreach: campaigns' materials and inspections' reports (slice outreach) ---------------
def can_list_campaigns(actor: Actor) -> bool:
    """The campaigns page: whoever reads trainings (the list is ``scope_campaigns``)."""
    if _views_trainings(actor):
        return True
    return False


def can_raise_report(actor: Actor, inspection: Inspection) -> bool:
    """Raise the inspection's report into the protection intake: an inspector in scope who
    also receives reports, once, when the screening found an indicator."""
    if (
        can_edit_inspection(actor, inspection)
        and actor.can("intake.receive", inspection.institution_id)
        and inspection.indicators_present > 0
        and inspection.report_id is None
    ):
        return True
    return False


def can_see_raising_inspection(actor: Actor, report: Report) -> bool:
    """The intake's report page names the inspection that raised the report: for whoever
    reads the report there (the intake's own scope decided that already)."""
    if actor.can("intake.receive") or actor.can("intake.triage"):
        return True
    return False


# --- imports (slice imports) -------------------------------------------------------------
def scope_imports(actor: Actor, qs: QuerySet[ImportJob] | None = None) -> QuerySet[ImportJob]:
    """The spreadsheet imports of the actor's institution's sessions, for those who manage its
    trainings (the rows may hold names and e-mails: nobody else reads them)."""
    qs = ImportJob.objects.all() if qs is None else qs
    if _trains(actor):
        return qs.filter(institution_id=actor.institution_id)
    return qs.none()


def can_manage_import(actor: Actor, job: ImportJob) -> bool:
    """Check, import or discard a spreadsheet: who manages the session it is for."""
    if actor.can("prevention.manage", job.institution_id) and reaches_records(actor):
        return True
    return False


# --- slice "courses": lists, the hub and a course's test ----------------------------------
def can_list_frameworks(actor: Actor) -> bool:
    """The list of competency frameworks (the training institutions' reference data)."""
    if _views_trainings(actor):
        return True
    return False


def can_list_courses(actor: Actor) -> bool:
    """The list of courses: the institution's own and those of sessions open to it."""
    if _views_trainings(actor) or _employer_view(actor):
        return True
    return False


def can_list_sessions(actor: Actor) -> bool:
    """The list of sessions: the institution's own and those open to it (never the
    aggregate analyst, who counts them in the report)."""
    if _views_trainings(actor) or _employer_view(actor):
        return True
    return False


def course_is_own(actor: Actor, course: Course) -> bool:
    """The actor reads the course as its owner (its test, answer key included)."""
    if _views_trainings(actor) and course.institution_id == actor.institution_id:
        return True
    return False


# --- reports (slice reports) ---------------------------------------------------------------
def scope_report_participants(
    actor: Actor, qs: QuerySet[Participant] | None = None
) -> QuerySet[Participant]:
    """Participants counted in the report (certified trainers): every one for the
    commission's analysts; otherwise the institution's staff and those it recorded."""
    qs = Participant.objects.all() if qs is None else qs
    if not can_view_training_report(actor):
        return qs.none()
    if report_is_national(actor):
        return qs
    return qs.filter(
        Q(institution_id=actor.institution_id) | Q(recorded_by_id=actor.institution_id)
    )


def scope_report_coverage_institutions(
    actor: Actor, qs: QuerySet[Institution] | None = None
) -> QuerySet[Institution]:
    """Institutions whose coverage of mandatory courses the report counts: every one for the
    commission's analysts, the actor's own otherwise."""
    qs = Institution.objects.all() if qs is None else qs
    if not can_view_training_report(actor):
        return qs.none()
    if report_is_national(actor):
        return qs
    return qs.filter(pk=actor.institution_id)
