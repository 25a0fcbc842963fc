"""Pages of the courses: list, page, new, edit, new version, and one route per change to a
module, a mandatory rule or a question of the test (forms on the course's page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import require
from ruta.core.views import ActionView, ActorRequest
from ruta.prevention import policies
from ruta.prevention import selectors_courses as selectors
from ruta.prevention.forms_courses import CourseForm, MandatoryForm, ModuleForm, QuestionForm
from ruta.prevention.models import Course
from ruta.prevention.services import courses as services
from ruta.prevention.views_forms import RecordFormView


def _detail(course: Course) -> str:
    return reverse("prevention:course-detail", kwargs={"course_id": course.pk})


def _course_form(request: ActorRequest, data=None, *, new: bool, initial=None) -> CourseForm:
    return CourseForm(
        data,
        initial=initial,
        new=new,
        competencies=selectors.competency_choices(actor=request.actor),
        roles=selectors.role_choices(),
    )


class CourseListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        return render(
            request,
            "prevention/courses/course_list.html",
            {
                "courses": selectors.course_list(actor=actor)[:500],
                "can_create": policies.can_create_course(actor),
            },
        )


class CourseDetailView(View):
    def get(self, request: ActorRequest, course_id) -> HttpResponse:
        actor = request.actor
        course = selectors.course_get(actor=actor, course_id=course_id)
        context: dict[str, Any] = selectors.course_page(actor=actor, course=course)
        if context["can_edit"]:
            competencies = selectors.course_competencies(course)
            context["module_form"] = ModuleForm(auto_id="mod_%s")
            context["module_forms"] = {
                m.pk: ModuleForm(
                    initial={"title": m.title, "hours": m.hours}, auto_id=f"m{m.pk.hex[:8]}_%s"
                )
                for m in context["modules"]
            }
            context["mandatory_form"] = MandatoryForm(
                roles=selectors.role_choices(), auto_id="man_%s"
            )
            context["question_form"] = QuestionForm(competencies=competencies, auto_id="que_%s")
            context["question_forms"] = {
                q.pk: QuestionForm(
                    competencies=competencies,
                    initial={
                        "text": q.text,
                        "options": QuestionForm.options_text(q.options),
                        "answer": q.answer,
                        "points": q.points,
                        "competency": q.competency_id,
                    },
                    auto_id=f"q{q.pk.hex[:8]}_%s",
                )
                for q in context["questions"]
            }
        return render(request, "prevention/courses/course_detail.html", context)


class _CourseFormView(RecordFormView):
    template_name = "prevention/courses/course_form.html"
    context_name = "course"
    saved_message = gettext_lazy("The course was saved.")

    def detail_url(self, obj: Course) -> str:
        return _detail(obj)


class CourseNewView(_CourseFormView):
    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_course(request.actor))
        return self._render(request, _course_form(request, new=True), None)

    def post(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_course(request.actor))
        return self._save(request, _course_form(request, request.POST, new=True), None)

    def perform(self, request, data, course) -> Course:
        data["competencies"] = list(data["competencies"])
        return services.course_create(actor=request.actor, **data)


class CourseEditView(_CourseFormView):
    def _load(self, request, course_id) -> Course:
        course = selectors.course_get(actor=request.actor, course_id=course_id)
        require(policies.can_edit_course(request.actor, course))
        return course

    def get(self, request: ActorRequest, course_id) -> HttpResponse:
        course = self._load(request, course_id)
        initial = {
            name: getattr(course, name)
            for name in (
                "version",
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
        initial["competencies"] = [c.pk for c in selectors.course_competencies(course)]
        form = _course_form(request, new=False, initial=initial)
        return self._render(request, form, course)

    def post(self, request: ActorRequest, course_id) -> HttpResponse:
        course = self._load(request, course_id)
        return self._save(request, _course_form(request, request.POST, new=False), course)

    def perform(self, request, data, course) -> Course:
        data["competencies"] = list(data["competencies"])
        return services.course_update(actor=request.actor, course=course, **data)


class _CourseAction(ActionView):
    success_message = gettext_lazy("The course was saved.")

    def load(self, request, **kwargs):
        course = selectors.course_get(actor=request.actor, course_id=kwargs["course_id"])
        require(policies.can_edit_course(request.actor, course))
        return course

    def course_of(self, obj) -> Course:
        return obj

    def success_url(self, obj, result):
        return _detail(self.course_of(obj))


class CourseNewVersionView(_CourseAction):
    success_message = gettext_lazy("The new version of the course was created.")

    def perform(self, request, obj, data):
        return services.course_new_version(actor=request.actor, course=obj)

    def success_url(self, obj, result):
        return _detail(result if result is not None else obj)


class ModuleAddView(_CourseAction):
    form_class = ModuleForm

    def perform(self, request, obj, data):
        return services.module_add(actor=request.actor, course=obj, **data)


class _ModuleAction(_CourseAction):
    def load(self, request, **kwargs):
        module = selectors.module_get(actor=request.actor, module_id=kwargs["module_id"])
        require(policies.can_edit_course(request.actor, module.course))
        return module

    def course_of(self, obj):
        return obj.course


class ModuleEditView(_ModuleAction):
    form_class = ModuleForm

    def perform(self, request, obj, data):
        return services.module_update(actor=request.actor, module=obj, **data)


class ModuleRemoveView(_ModuleAction):
    success_message = gettext_lazy("The module was removed.")

    def perform(self, request, obj, data):
        return services.module_remove(actor=request.actor, module=obj)


class MandatoryAddView(_CourseAction):
    def get_form(self, request, obj):
        return MandatoryForm(request.POST, roles=selectors.role_choices())

    def perform(self, request, obj, data):
        return services.mandatory_add(actor=request.actor, course=obj, **data)


class MandatoryRemoveView(_CourseAction):
    success_message = gettext_lazy("The rule was removed.")

    def load(self, request, **kwargs):
        rule = selectors.mandatory_get(actor=request.actor, rule_id=kwargs["rule_id"])
        require(policies.can_edit_course(request.actor, rule.course))
        return rule

    def course_of(self, obj):
        return obj.course

    def perform(self, request, obj, data):
        return services.mandatory_remove(actor=request.actor, rule=obj)


class QuestionAddView(_CourseAction):
    success_message = gettext_lazy("The question was saved.")

    def get_form(self, request, obj):
        return QuestionForm(request.POST, competencies=selectors.course_competencies(obj))

    def perform(self, request, obj, data):
        return services.question_add(actor=request.actor, course=obj, **data)


class _QuestionAction(_CourseAction):
    success_message = gettext_lazy("The question was saved.")

    def load(self, request, **kwargs):
        question = selectors.question_get(actor=request.actor, question_id=kwargs["question_id"])
        require(policies.can_edit_course(request.actor, question.instrument.course))
        return question

    def course_of(self, obj):
        return obj.instrument.course


class QuestionEditView(_QuestionAction):
    def get_form(self, request, obj):
        competencies = selectors.course_competencies(self.course_of(obj))
        return QuestionForm(request.POST, competencies=competencies)

    def perform(self, request, obj, data):
        return services.question_update(actor=request.actor, question=obj, **data)


class QuestionRemoveView(_QuestionAction):
    success_message = gettext_lazy("The question was removed.")

    def perform(self, request, obj, data):
        return services.question_remove(actor=request.actor, question=obj)
