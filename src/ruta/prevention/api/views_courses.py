"""API of the courses: list, create, detail, update, new version, and one route per change to
a module, a mandatory rule or a question of the test. Every write answers with the course."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.errors import unprocessable
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.prevention import policies
from ruta.prevention import selectors_courses as selectors
from ruta.prevention.api import serializers_courses as s
from ruta.prevention.models import Competency, Course
from ruta.prevention.services import courses as services


def course_answer(actor, course_id, code: int = status.HTTP_200_OK) -> Response:
    course = selectors.course_get(actor=actor, course_id=course_id)
    page = selectors.course_page(actor=actor, course=course)
    return Response(s.CourseDetailSerializer(course, context={"page": page}).data, status=code)


def _competencies(actor, ids) -> list[Competency] | None:
    if ids is None:
        return None
    found = {c.pk: c for c in selectors.competency_choices(actor=actor).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise unprocessable(
            {"competencies": [_("Choose competencies of a framework you can read.")]}
        )
    return [found[i] for i in ids]


class CourseListApi(GenericAPIView):
    serializer_class = s.CourseSerializer
    queryset = Course.objects.none()
    pagination_class = None

    @extend_schema(operation_id="courses_list", responses=s.CourseSerializer(many=True))
    def get(self, request):
        courses = selectors.course_list(actor=request.actor)[:500]
        return Response(s.CourseSerializer(courses, many=True).data)

    @extend_schema(
        operation_id="courses_create",
        request=s.CourseCreateSerializer,
        responses={201: s.CourseDetailSerializer},
    )
    def post(self, request):
        require(policies.can_create_course(request.actor))
        body = s.CourseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        v["competencies"] = _competencies(request.actor, v.pop("competencies", [])) or []
        course = services.course_create(actor=request.actor, **v)
        return course_answer(request.actor, course.pk, status.HTTP_201_CREATED)


class CourseDetailApi(GenericAPIView):
    serializer_class = s.CourseDetailSerializer
    queryset = Course.objects.none()

    @extend_schema(operation_id="courses_retrieve")
    def get(self, request, course_id):
        return course_answer(request.actor, course_id)


class _CourseAction(ActionApi):
    queryset = Course.objects.none()
    response_serializer_class = s.CourseDetailSerializer

    def load(self, request, **kwargs: Any) -> Any:
        course = selectors.course_get(actor=request.actor, course_id=kwargs["course_id"])
        require(policies.can_edit_course(request.actor, course))
        return course

    def course_id(self, obj: Any, result: Any):
        return obj.pk

    def post(self, request, **kwargs: Any) -> Response:
        obj = self.load(request, **kwargs)
        data: dict[str, Any] = {}
        if self.serializer_class is not None:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        result = self.perform(request, obj, data)
        return course_answer(request.actor, self.course_id(obj, result), self.success_status)


class CourseUpdateApi(_CourseAction):
    """Change the course's details, thresholds and competencies (only the fields sent)."""

    serializer_class = s.CourseUpdateSerializer
    operation_id = "courses_update"

    def perform(self, request, obj, data):
        current = {
            name: getattr(obj, name)
            for name in (
                "title",
                "description",
                "modality",
                "target_roles",
                "target_institution_types",
                "min_attendance_pct",
                "pass_score_pct",
                "trains_trainers",
                "is_active",
            )
        }
        competencies = _competencies(request.actor, data.pop("competencies", None))
        return services.course_update(
            actor=request.actor,
            course=obj,
            competencies=competencies,
            **{**current, **data},
        )


class CourseNewVersionApi(_CourseAction):
    """Copy the course into its next version (modules, competencies, rules, test)."""

    serializer_class = None
    operation_id = "courses_new_version"
    success_status = status.HTTP_201_CREATED

    def perform(self, request, obj, data):
        return services.course_new_version(actor=request.actor, course=obj)

    def course_id(self, obj, result):
        return result.pk


class ModuleAddApi(_CourseAction):
    serializer_class = s.ModuleBodySerializer
    operation_id = "course_modules_add"

    def perform(self, request, obj, data):
        return services.module_add(actor=request.actor, course=obj, **data)


class _ModuleAction(_CourseAction):
    def load(self, request, **kwargs: Any) -> Any:
        module = selectors.module_get(actor=request.actor, module_id=kwargs["module_id"])
        require(policies.can_edit_course(request.actor, module.course))
        return module

    def course_id(self, obj, result):
        return obj.course_id


class ModuleUpdateApi(_ModuleAction):
    serializer_class = s.ModuleBodySerializer
    operation_id = "course_modules_update"

    def perform(self, request, obj, data):
        return services.module_update(actor=request.actor, module=obj, **data)


class ModuleRemoveApi(_ModuleAction):
    serializer_class = None
    operation_id = "course_modules_remove"

    def perform(self, request, obj, data):
        return services.module_remove(actor=request.actor, module=obj)


class MandatoryAddApi(_CourseAction):
    serializer_class = s.MandatoryBodySerializer
    operation_id = "mandatory_courses_add"

    def perform(self, request, obj, data):
        return services.mandatory_add(actor=request.actor, course=obj, **data)


class MandatoryRemoveApi(_CourseAction):
    serializer_class = None
    operation_id = "mandatory_courses_remove"

    def load(self, request, **kwargs: Any) -> Any:
        rule = selectors.mandatory_get(actor=request.actor, rule_id=kwargs["rule_id"])
        require(policies.can_edit_course(request.actor, rule.course))
        return rule

    def course_id(self, obj, result):
        return obj.course_id

    def perform(self, request, obj, data):
        return services.mandatory_remove(actor=request.actor, rule=obj)


def _question_data(course: Course, data: dict) -> dict:
    competency_id = data.pop("competency", None)
    data["competency"] = None
    if competency_id is not None:
        data["competency"] = selectors.course_competencies(course).filter(pk=competency_id).first()
        if data["competency"] is None:
            raise unprocessable(
                {"competency": [_("Choose one of the competencies the course covers.")]}
            )
    data["options"] = [dict(o) for o in data["options"]]
    return data


class QuestionAddApi(_CourseAction):
    """Add a question to the course's test (refused once results were recorded with it)."""

    serializer_class = s.QuestionBodySerializer
    operation_id = "course_questions_add"

    def load(self, request, **kwargs: Any) -> Any:
        course = super().load(request, **kwargs)
        require(policies.course_is_own(request.actor, course))
        return course

    def perform(self, request, obj, data):
        return services.question_add(actor=request.actor, course=obj, **_question_data(obj, data))


class _QuestionAction(_CourseAction):
    def load(self, request, **kwargs: Any) -> Any:
        question = selectors.question_get(actor=request.actor, question_id=kwargs["question_id"])
        require(policies.can_edit_course(request.actor, question.instrument.course))
        return question

    def course_id(self, obj, result):
        return obj.instrument.course_id


class QuestionUpdateApi(_QuestionAction):
    serializer_class = s.QuestionBodySerializer
    operation_id = "course_questions_update"

    def perform(self, request, obj, data):
        course = obj.instrument.course
        return services.question_update(
            actor=request.actor, question=obj, **_question_data(course, data)
        )


class QuestionRemoveApi(_QuestionAction):
    serializer_class = None
    operation_id = "course_questions_remove"

    def perform(self, request, obj, data):
        return services.question_remove(actor=request.actor, question=obj)
