"""Reads of frameworks, courses and sessions: each starts from its policy's scope."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.core.actor import Actor
from ruta.core.choices import InstitutionType
from ruta.core.errors import require, uuid_or_404
from ruta.prevention import policies
from ruta.prevention.choices import EnrolmentStatus, SessionStatus
from ruta.prevention.models import (
    BehaviouralIndicator,
    Competency,
    CompetencyFramework,
    Course,
    CourseModule,
    MandatoryCourse,
    Question,
    Result,
    SessionTrainer,
    TrainingSession,
)
from ruta.prevention.selectors_certificates import session_certificates_panel
from ruta.prevention.selectors_people import session_people
from ruta.prevention.services.sessions import TRANSITIONS

SESSION_FILTERS = ("year", "status", "course")


# --- frameworks --------------------------------------------------------------------------------
def framework_list(*, actor: Actor) -> QuerySet[CompetencyFramework]:
    require(policies.can_list_frameworks(actor))
    return (
        policies.scope_frameworks(actor)
        .select_related("institution")
        .annotate(competencies_count=Count("competencies"))
        .order_by("institution_id", "code")
    )


def framework_get(*, actor: Actor, framework_id: UUID | str) -> CompetencyFramework:
    return get_object_or_404(
        policies.scope_frameworks(actor)
        .select_related("institution")
        .prefetch_related(
            Prefetch(
                "competencies",
                queryset=Competency.objects.prefetch_related("indicators"),
            )
        ),
        pk=uuid_or_404(framework_id),
    )


def competency_get(*, actor: Actor, competency_id: UUID | str) -> Competency:
    return get_object_or_404(
        Competency.objects.select_related("framework").filter(
            framework__in=policies.scope_frameworks(actor).values("pk")
        ),
        pk=uuid_or_404(competency_id),
    )


def indicator_get(*, actor: Actor, indicator_id: UUID | str) -> BehaviouralIndicator:
    return get_object_or_404(
        BehaviouralIndicator.objects.select_related("competency__framework").filter(
            competency__framework__in=policies.scope_frameworks(actor).values("pk")
        ),
        pk=uuid_or_404(indicator_id),
    )


def competency_choices(*, actor: Actor) -> QuerySet[Competency]:
    """Competencies a course may cover: those of the frameworks the actor reads."""
    return (
        Competency.objects.filter(framework__in=policies.scope_frameworks(actor).values("pk"))
        .select_related("framework")
        .order_by("framework__code", "position", "code")
    )


# --- courses -----------------------------------------------------------------------------------
def course_list(*, actor: Actor) -> QuerySet[Course]:
    require(policies.can_list_courses(actor))
    # Subqueries, not joins: joining modules and sessions at once would multiply the hours
    # by the number of sessions.
    hours = (
        CourseModule.objects.filter(course_id=OuterRef("pk"))
        .values("course_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    sessions = (
        TrainingSession.objects.filter(course_id=OuterRef("pk"))
        .values("course_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        policies.scope_courses(actor)
        .select_related("institution")
        .annotate(
            hours=Subquery(hours, output_field=DecimalField(max_digits=7, decimal_places=1)),
            sessions_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0),
        )
        .order_by("code", "-edition")
    )


def course_get(*, actor: Actor, course_id: UUID | str) -> Course:
    """The course with its total ``hours``."""
    return get_object_or_404(
        policies.scope_courses(actor)
        .select_related("institution")
        .annotate(hours=Sum("modules__hours")),
        pk=uuid_or_404(course_id),
    )


def module_get(*, actor: Actor, module_id: UUID | str) -> CourseModule:
    return get_object_or_404(
        CourseModule.objects.select_related("course").filter(
            course__in=policies.scope_courses(actor).values("pk")
        ),
        pk=uuid_or_404(module_id),
    )


def mandatory_get(*, actor: Actor, rule_id: UUID | str) -> MandatoryCourse:
    return get_object_or_404(
        MandatoryCourse.objects.select_related("course").filter(
            course__in=policies.scope_courses(actor).values("pk")
        ),
        pk=uuid_or_404(rule_id),
    )


def question_get(*, actor: Actor, question_id: UUID | str) -> Question:
    """A question of a course the actor owns (others never read the answer key)."""
    question = get_object_or_404(
        Question.objects.select_related("instrument__course").filter(
            instrument__course__in=policies.scope_courses(actor).values("pk")
        ),
        pk=uuid_or_404(question_id),
    )
    require(policies.course_is_own(actor, question.instrument.course))
    return question


def course_competencies(course: Course) -> QuerySet[Competency]:
    """The competencies the course covers (a question may name one)."""
    return course.competencies.select_related("framework").order_by("position", "code")


def session_openings(session: TrainingSession) -> tuple[list[str], list[UUID]]:
    """Who the session is open to: institution types and institutions' ids."""
    return (
        list(session.open_types.values_list("institution_type", flat=True)),
        list(session.open_to_institutions.values_list("pk", flat=True)),
    )


def course_page(*, actor: Actor, course: Course) -> dict[str, Any]:
    """What the course page and the API's detail show. The test and its answer key only to
    the course's owner."""
    own = policies.course_is_own(actor, course)
    modules = list(course.modules.all())
    competencies = list(course.competencies.select_related("framework"))
    questions: list[Question] = []
    locked = False
    if own:
        questions = list(
            Question.objects.filter(instrument__course=course).select_related("competency")
        )
        locked = Result.objects.filter(enrolment__session__course=course).exists()
    roles = dict(role_choices())
    types = dict(InstitutionType.choices)
    mandatory = list(course.mandatory_for.all())
    return {
        "course": course,
        "own": own,
        "target_roles": [roles.get(code, code) for code in course.target_roles],
        "target_types": [types.get(code, code) for code in course.target_institution_types],
        "mandatory_rows": [
            {
                "rule": rule,
                "role": roles.get(rule.role, rule.role),
                "type": types.get(rule.institution_type, rule.institution_type),
            }
            for rule in mandatory
        ],
        "can_edit": policies.can_edit_course(actor, course),
        "can_create_session": policies.can_create_session(actor, course),
        "modules": modules,
        "hours": sum((m.hours for m in modules), start=0),
        "competencies": competencies,
        "mandatory": mandatory,
        "questions": questions,
        "test_locked": locked,
        "editions": list(
            policies.scope_courses(actor)
            .filter(institution_id=course.institution_id, code=course.code)
            .order_by("-edition")
            .values_list("pk", "edition")
        ),
    }


# --- sessions ----------------------------------------------------------------------------------
def session_list(*, actor: Actor, filters: dict[str, Any] | None = None) -> QuerySet:
    """Sessions of the institution and those open to it; ``filters``: year (int), status,
    course (a course id). A filter naming nothing in scope gives an empty list."""
    require(policies.can_list_sessions(actor))
    filters = filters or {}
    qs = policies.scope_sessions(actor)
    year = filters.get("year")
    if year is not None:
        # Any whole number is a valid filter; a year no date can have matches nothing.
        qs = qs.filter(starts_on__year=year) if 1 <= year <= 9999 else qs.none()
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("course"):
        qs = qs.filter(course_id=filters["course"])
    return (
        qs.select_related("course", "institution", "host", "department", "municipality")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED))
        )
        .order_by("-starts_on", "reference")
    )


def session_get(*, actor: Actor, session_id: UUID | str) -> TrainingSession:
    return get_object_or_404(
        policies.scope_sessions(actor).select_related(
            "course", "institution", "host", "department", "municipality"
        ),
        pk=uuid_or_404(session_id),
    )


def trainer_get(*, actor: Actor, trainer_id: UUID | str) -> SessionTrainer:
    return get_object_or_404(
        SessionTrainer.objects.select_related("session").filter(
            session__in=policies.scope_sessions(actor).values("pk")
        ),
        pk=uuid_or_404(trainer_id),
    )


def session_trainers(session: TrainingSession) -> list[SessionTrainer]:
    return list(session.trainers.select_related("participant").order_by("created_at"))


def session_page(*, actor: Actor, session_id: UUID | str) -> dict[str, Any]:
    """The session page's context: the course, dates, place, trainers, capacity and the
    count of enrolled participants (other slices add their panels)."""
    session = session_get(actor=actor, session_id=session_id)
    enrolled = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    can_manage = policies.can_manage_session(actor, session)
    open_types, _ids = session_openings(session)
    return {
        "session": session,
        "course": session.course,
        "open_type_codes": open_types,
        "hours": session.course.modules.aggregate(h=Sum("hours"))["h"] or 0,
        "trainers": session_trainers(session),
        "enrolled": enrolled,
        "places_left": max(session.capacity - enrolled, 0),
        "open_types": [
            InstitutionType(t).label if t in InstitutionType.values else t for t in open_types
        ],
        "open_institutions": list(session.open_to_institutions.order_by("name")),
        "own": policies.session_is_own(actor, session),
        "can_manage": can_manage,
        "next_statuses": _next_statuses(session) if can_manage else [],
        # The other topics' cards (their selectors say who sees what).
        "people": session_people(actor, session),
        "certificates": session_certificates_panel(actor=actor, session=session),
    }


def _next_statuses(session: TrainingSession) -> list[tuple[str, str]]:
    return [(s.value, str(s.label)) for s in TRANSITIONS.get(SessionStatus(session.status), ())]


def session_years(*, actor: Actor) -> list[int]:
    return sorted(
        {d.year for d in policies.scope_sessions(actor).dates("starts_on", "year")}, reverse=True
    )


def home(*, actor: Actor) -> dict[str, Any]:
    """The prevention hub: what the actor may reach."""
    lists = policies.can_list_sessions(actor)
    sessions = list(session_list(actor=actor)[:10]) if lists else []
    return {
        "sessions": sessions,
        "can_list_sessions": lists,
        "can_list_courses": policies.can_list_courses(actor),
        "can_list_frameworks": policies.can_list_frameworks(actor),
        "can_create_course": policies.can_create_course(actor),
        "can_create_framework": policies.can_create_framework(actor),
        "can_list_participants": policies.can_list_participants(actor),
        "can_view_staff_trainings": policies.can_view_staff_trainings(actor),
        "can_list_campaigns": policies.can_list_campaigns(actor),
        "can_view_report": policies.can_view_training_report(actor),
        "can_view_coverage": policies.can_view_coverage(actor),
    }


# --- choices of the forms --------------------------------------------------------------------
def role_choices() -> list[tuple[str, str]]:
    from ruta.accounts.models import Role

    return [(code, name or code) for code, name in Role.objects.values_list("code", "name")]


def institution_choices() -> QuerySet:
    from ruta.institutions.models import Institution

    return Institution.objects.filter(is_active=True).order_by("name")


def course_choices(*, actor: Actor) -> QuerySet[Course]:
    """The institution's own courses in use (a session is given of one of them)."""
    return policies.scope_courses(actor).filter(institution_id=actor.institution_id, is_active=True)


def course_filter_choices(*, actor: Actor) -> QuerySet[Course]:
    """The courses the session list can be filtered by."""
    return policies.scope_courses(actor).order_by("code", "-edition").only("pk", "code", "edition")


def trainer_candidates(*, actor: Actor) -> QuerySet:
    """Participants who may train: the institution's staff and the certified trainers it
    works with."""
    return (
        policies.scope_participants(actor)
        .filter(Q(institution_id=actor.institution_id) | Q(certified_trainer_on__isnull=False))
        .order_by("family_names", "given_names")
    )


def upcoming_sessions(*, actor: Actor, limit: int = 5) -> list[TrainingSession]:
    """The home card of a training institution: its sessions still to be held or under way,
    soonest first, with the number enrolled."""
    if not policies.can_create_course(actor):
        return []
    today = timezone.localdate()
    return list(
        policies.scope_sessions(actor)
        .filter(
            institution_id=actor.institution_id,
            status__in=[SessionStatus.PLANNED, SessionStatus.ONGOING],
            ends_on__gte=today,
        )
        .select_related("course", "department")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED))
        )
        .order_by("starts_on", "reference")[:limit]
    )
