"""Courses of a training institution: a course version with its modules, the competencies
it covers, its mandatory rules and its test (one instrument per version). A new version
copies all of that into the next edition; the certificates already given stay with theirs."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ruta.accounts.models import Role
from ruta.core.actor import Actor
from ruta.core.choices import InstitutionType
from ruta.core.errors import check_version, require
from ruta.prevention import policies
from ruta.prevention.choices import Modality
from ruta.prevention.models import (
    Competency,
    Course,
    CourseModule,
    Instrument,
    MandatoryCourse,
    Question,
    Result,
)
from ruta.prevention.services._common import bump, choice, record, text

MAX_HOURS = Decimal(1000)


def _percent(errors: dict, field: str, value: Any) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        errors[field] = [_("Enter a whole number from 0 to 100.")]
        return 0
    if not 0 <= value <= 100:
        errors[field] = [_("Enter a whole number from 0 to 100.")]
    return value


def _codes(errors: dict, field: str, values: list[str] | None, allowed) -> list[str]:
    values = list(dict.fromkeys(values or []))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        errors[field] = [_("Unknown code: %(code)s") % {"code": unknown[0][:40]}]
    return values


def _competencies(errors: dict, actor: Actor, competencies) -> list[Competency]:
    """Competencies of frameworks the actor reads (anything else is refused by field)."""
    chosen = list(dict.fromkeys(competencies or []))
    readable = set(
        Competency.objects.filter(
            pk__in=[c.pk for c in chosen],
            framework__in=policies.scope_frameworks(actor).values("pk"),
        ).values_list("pk", flat=True)
    )
    if any(c.pk not in readable for c in chosen):
        errors["competencies"] = [_("Choose competencies of a framework you can read.")]
    return chosen


def _course_values(errors: dict, actor: Actor, data: dict) -> dict:
    roles = set(Role.objects.values_list("code", flat=True))
    values = {
        "title": text(errors, "title", data.get("title"), required=True, limit=200),
        "description": text(errors, "description", data.get("description"), required=False),
        "modality": data.get("modality") or "",
        "target_roles": _codes(errors, "target_roles", data.get("target_roles"), roles),
        "target_institution_types": _codes(
            errors,
            "target_institution_types",
            data.get("target_institution_types"),
            InstitutionType.values,
        ),
        "min_attendance_pct": _percent(
            errors, "min_attendance_pct", data.get("min_attendance_pct", 80)
        ),
        "pass_score_pct": _percent(errors, "pass_score_pct", data.get("pass_score_pct", 70)),
        "trains_trainers": bool(data.get("trains_trainers", False)),
        "is_active": bool(data.get("is_active", True)),
    }
    choice(errors, "modality", values["modality"], Modality.values)
    return values


@transaction.atomic
def course_create(*, actor: Actor, code: str, competencies=(), **data: Any) -> Course:
    """A new course (version 1) of the actor's institution, with an empty test."""
    require(policies.can_create_course(actor))
    errors: dict = {}
    code = slugify(code or "")[:40]
    if not code:
        errors["code"] = [_("Enter a code: letters, digits and hyphens.")]
    elif Course.objects.filter(institution_id=actor.institution_id, code=code).exists():
        errors["code"] = [_("Your institution already has a course with this code.")]
    values = _course_values(errors, actor, data)
    chosen = _competencies(errors, actor, competencies)
    if errors:
        raise ValidationError(errors)
    course = Course.objects.create(institution_id=actor.institution_id, code=code, **values)
    course.competencies.set(chosen)
    Instrument.objects.create(course=course, title=course.title)
    record(
        "course.created",
        actor,
        course,
        course.institution_id,
        changed_fields=sorted([*values, "competencies"]),
        data={"code": course.code, "edition": course.edition},
    )
    return course


@transaction.atomic
def course_update(
    *, actor: Actor, course: Course, version: int | None, competencies=None, **data: Any
) -> Course:
    """Change the course's details, thresholds and competencies (the code never changes)."""
    require(policies.can_edit_course(actor, course))
    course = Course.objects.select_for_update().get(pk=course.pk)
    check_version(course, version)
    errors: dict = {}
    values = _course_values(errors, actor, data)
    chosen = None if competencies is None else _competencies(errors, actor, competencies)
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in values.items() if getattr(course, k) != v]
    if chosen is not None and {c.pk for c in chosen} != set(
        course.competencies.values_list("pk", flat=True)
    ):
        course.competencies.set(chosen)
        changed_m2m = True
    else:
        changed_m2m = False
    if not changed and not changed_m2m:
        return course
    for name in changed:
        setattr(course, name, values[name])
    bump(course, changed)
    record(
        "course.updated",
        actor,
        course,
        course.institution_id,
        changed_fields=[*changed, *(["competencies"] if changed_m2m else [])],
        data={"code": course.code, "edition": course.edition},
    )
    return course


@transaction.atomic
def course_new_version(*, actor: Actor, course: Course) -> Course:
    """Copy the course into its next edition with its modules, competencies, mandatory rules
    and test (the questions, without any result)."""
    require(policies.can_edit_course(actor, course))
    edition = course.edition + 1
    if Course.objects.filter(
        institution_id=course.institution_id, code=course.code, edition=edition
    ).exists():
        raise ValidationError(
            {"edition": [_("Version %(n)s of this course already exists.") % {"n": edition}]}
        )
    new = Course.objects.create(
        institution_id=course.institution_id,
        code=course.code,
        edition=edition,
        title=course.title,
        description=course.description,
        modality=course.modality,
        target_roles=list(course.target_roles),
        target_institution_types=list(course.target_institution_types),
        min_attendance_pct=course.min_attendance_pct,
        pass_score_pct=course.pass_score_pct,
        trains_trainers=course.trains_trainers,
    )
    new.competencies.set(course.competencies.all())
    CourseModule.objects.bulk_create(
        CourseModule(course=new, position=m.position, title=m.title, hours=m.hours)
        for m in course.modules.all()
    )
    MandatoryCourse.objects.bulk_create(
        MandatoryCourse(course=new, role=r.role, institution_type=r.institution_type)
        for r in course.mandatory_for.all()
    )
    old = Instrument.objects.filter(course=course).first()
    instrument = Instrument.objects.create(course=new, title=old.title if old else new.title)
    if old is not None:
        Question.objects.bulk_create(
            Question(
                instrument=instrument,
                position=q.position,
                text=q.text,
                options=q.options,
                answer=q.answer,
                points=q.points,
                competency_id=q.competency_id,
            )
            for q in old.questions.all()
        )
    record(
        "course.version_created",
        actor,
        new,
        new.institution_id,
        data={"code": new.code, "edition": new.edition, "from": str(course.pk)},
    )
    return new


# --- modules --------------------------------------------------------------------------------
def _hours(errors: dict, value: Any) -> Decimal:
    try:
        hours = Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not hours.is_finite():
        errors["hours"] = [_("Enter a number of hours.")]
        return Decimal(0)
    if hours <= 0:
        errors["hours"] = [_("Hours must be more than zero.")]
    elif hours > MAX_HOURS or hours != hours.quantize(Decimal("0.1")):
        errors["hours"] = [_("Enter at most 1000 hours, with one decimal at most.")]
    return hours


@transaction.atomic
def module_add(*, actor: Actor, course: Course, title: str, hours: Any) -> CourseModule:
    require(policies.can_edit_course(actor, course))
    errors: dict = {}
    title = text(errors, "title", title, required=True, limit=200)
    value = _hours(errors, hours)
    if errors:
        raise ValidationError(errors)
    last = course.modules.aggregate(m=Max("position"))["m"] or 0
    module = CourseModule.objects.create(course=course, position=last + 1, title=title, hours=value)
    record(
        "course.module_added",
        actor,
        course,
        course.institution_id,
        data={"code": course.code, "edition": course.edition, "module": module.position},
    )
    return module


@transaction.atomic
def module_update(*, actor: Actor, module: CourseModule, title: str, hours: Any) -> CourseModule:
    course = module.course
    require(policies.can_edit_course(actor, course))
    errors: dict = {}
    title = text(errors, "title", title, required=True, limit=200)
    value = _hours(errors, hours)
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in (("title", title), ("hours", value)) if getattr(module, k) != v]
    if not changed:
        return module
    module.title, module.hours = title, value
    module.save(update_fields=[*changed, "updated_at"])
    record(
        "course.module_updated",
        actor,
        course,
        course.institution_id,
        changed_fields=changed,
        data={"code": course.code, "edition": course.edition, "module": module.position},
    )
    return module


@transaction.atomic
def module_remove(*, actor: Actor, module: CourseModule) -> Course:
    course = module.course
    require(policies.can_edit_course(actor, course))
    position = module.position
    module.delete()
    record(
        "course.module_removed",
        actor,
        course,
        course.institution_id,
        data={"code": course.code, "edition": course.edition, "module": position},
    )
    return course


# --- mandatory rules ------------------------------------------------------------------------
@transaction.atomic
def mandatory_add(
    *, actor: Actor, course: Course, role: str, institution_type: str
) -> MandatoryCourse:
    """Every holder of ``role`` in an institution of ``institution_type`` must take it."""
    require(policies.can_edit_course(actor, course))
    errors: dict = {}
    choice(errors, "role", role, set(Role.objects.values_list("code", flat=True)))
    choice(errors, "institution_type", institution_type, InstitutionType.values)
    if (
        not errors
        and course.mandatory_for.filter(role=role, institution_type=institution_type).exists()
    ):
        errors["role"] = [_("This course is already mandatory for this role.")]
    if errors:
        raise ValidationError(errors)
    rule = MandatoryCourse.objects.create(
        course=course, role=role, institution_type=institution_type
    )
    record(
        "course.mandatory_added",
        actor,
        course,
        course.institution_id,
        data={"code": course.code, "role": role, "institution_type": institution_type},
    )
    return rule


@transaction.atomic
def mandatory_remove(*, actor: Actor, rule: MandatoryCourse) -> Course:
    course = rule.course
    require(policies.can_edit_course(actor, course))
    data = {"code": course.code, "role": rule.role, "institution_type": rule.institution_type}
    rule.delete()
    record("course.mandatory_removed", actor, course, course.institution_id, data=data)
    return course


# --- the test -------------------------------------------------------------------------------
def _unlocked(errors: dict, course: Course) -> None:
    """A test whose results were recorded cannot change (the scores would not add up)."""
    if Result.objects.filter(enrolment__session__course=course).exists():
        errors["__all__"] = [
            _(
                "Results were already recorded with this test: its questions can no longer "
                "change. Make a new version of the course to change them."
            )
        ]


def _question_values(errors: dict, course: Course, data: dict) -> dict:
    options: list[dict] = []
    seen: set[str] = set()
    for raw in data.get("options") or []:
        key = slugify(str(raw.get("key", "")))[:10] if isinstance(raw, dict) else ""
        option_text = str(raw.get("text", "")).strip() if isinstance(raw, dict) else ""
        if not key or not option_text or key in seen or len(option_text) > 500:
            errors["options"] = [
                _("Each option needs its own short key and a text of at most 500 characters.")
            ]
            break
        seen.add(key)
        options.append({"key": key, "text": option_text})
    if "options" not in errors and len(options) < 2:
        errors["options"] = [_("Give at least two options.")]
    answer = str(data.get("answer") or "").strip()
    if not answer:
        errors["answer"] = [_("This field is required.")]
    elif "options" not in errors and answer not in seen:
        errors["answer"] = [_("The right answer must be the key of one of the options.")]
    points = data.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= 100:
        errors["points"] = [_("Enter a whole number from 1 to 100.")]
    competency = data.get("competency")
    if competency is not None and not course.competencies.filter(pk=competency.pk).exists():
        errors["competency"] = [_("Choose one of the competencies the course covers.")]
    return {
        "text": text(errors, "text", data.get("text"), required=True, limit=2000),
        "options": options,
        "answer": answer,
        "points": points,
        "competency": competency,
    }


@transaction.atomic
def question_add(*, actor: Actor, course: Course, **data: Any) -> Question:
    require(policies.can_edit_course(actor, course))
    instrument, _created = Instrument.objects.select_for_update().get_or_create(
        course=course, defaults={"title": course.title}
    )
    errors: dict = {}
    _unlocked(errors, course)
    values = _question_values(errors, course, data)
    if errors:
        raise ValidationError(errors)
    last = instrument.questions.aggregate(m=Max("position"))["m"] or 0
    question = Question.objects.create(instrument=instrument, position=last + 1, **values)
    bump(instrument, [])
    record(
        "course.question_added",
        actor,
        course,
        course.institution_id,
        data={"code": course.code, "edition": course.edition, "question": question.position},
    )
    return question


@transaction.atomic
def question_update(*, actor: Actor, question: Question, **data: Any) -> Question:
    course = question.instrument.course
    require(policies.can_edit_course(actor, course))
    errors: dict = {}
    _unlocked(errors, course)
    values = _question_values(errors, course, data)
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in values.items() if getattr(question, k) != v]
    if not changed:
        return question
    for name in changed:
        setattr(question, name, values[name])
    question.save(update_fields=[*changed, "updated_at"])
    bump(question.instrument, [])
    record(
        "course.question_updated",
        actor,
        course,
        course.institution_id,
        changed_fields=changed,
        data={"code": course.code, "edition": course.edition, "question": question.position},
    )
    return question


@transaction.atomic
def question_remove(*, actor: Actor, question: Question) -> Course:
    course = question.instrument.course
    require(policies.can_edit_course(actor, course))
    errors: dict = {}
    _unlocked(errors, course)
    if errors:
        raise ValidationError(errors["__all__"])
    position, instrument = question.position, question.instrument
    question.delete()
    bump(instrument, [])
    record(
        "course.question_removed",
        actor,
        course,
        course.institution_id,
        data={"code": course.code, "edition": course.edition, "question": position},
    )
    return course
