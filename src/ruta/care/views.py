"""The care page of a case: assessments, the care plan with its goals and services, services
delivered and plan reviews; and the forms that change them."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from ruta.care import policies, selectors, services
from ruta.care.choices import SERVICE_OPEN, GoalStatus, Level, ServiceStatus
from ruta.care.forms import (
    DeliveryForm,
    GoalForm,
    GoalStatusForm,
    PlanEditForm,
    PlanForm,
    ReviewForm,
    ServiceForm,
    ServiceStatusForm,
)
from ruta.care.models import CareGoal
from ruta.cases import policies as case_policies
from ruta.cases.choices import ConsentPurpose
from ruta.cases.services import consent_valid
from ruta.core.errors import DomainError, require
from ruta.core.forms import model_choice_field
from ruta.core.views import flash_form_errors, flash_service_errors


def _language() -> str:
    return (get_language() or "es")[:2]


def _text(translations: dict) -> str:
    return translations.get(_language()) or translations.get("es", "")


def _assessment_rows(assessments):
    """Each assessment with its groups' names and levels in the reader's language."""
    rows = []
    for a in assessments:
        groups = a.template.groups
        rows.append(
            {
                "assessment": a,
                "name": a.template.label(_language()),
                "groups": [
                    (_text(groups.get(code, {})) or code, level, Level(level).label)
                    for code, level in a.group_levels.items()
                ],
            }
        )
    return rows


def _goals_of(plan):
    return plan.goals.all() if plan else CareGoal.objects.none()


def _service_form(actor, case, plan, data=None) -> ServiceForm:
    """An institution the case was shared with plans only services it gives itself."""
    form = ServiceForm(data, goals=_goals_of(plan), initial={"responsible": actor.institution_id})
    if not policies.can_write_care(actor, case):
        field = model_choice_field(form, "responsible")
        field.queryset = field.queryset.filter(pk=actor.institution_id)  # type: ignore[union-attr]  # set by the form
        model_choice_field(form, "goal").queryset = CareGoal.objects.none()
    return form


class CareView(View):
    def get(self, request, case_id):
        actor = request.actor
        case = selectors.care_case_get(actor=actor, case_id=case_id)
        plan = selectors.plan_of(case=case)
        assessments = selectors.assessments_of(case=case)
        actions = policies.care_actions(actor, case, plan)
        today = timezone.localdate()
        context = {
            "case": case,
            "plan": plan,
            "assessments": _assessment_rows(assessments),
            "unplanned": [
                (_text(item["text"]), Level(level).label, service)
                for item, level, service in selectors.unplanned_needs(
                    assessments=assessments, plan=plan
                )
            ],
            "templates": [(t, t.label(_language())) for t in selectors.templates_active()],
            "consent": consent_valid(case=case, purpose=ConsentPurpose.ASSISTANCE),
            "can_write": actions["write"],
            "can_plan": actions["plan"],
            "can_add_service": actions["add_service"],
            "workable": actions["workable"],
            "owner": case_policies.owns(actor, case),
            "today": today,
            "open_statuses": SERVICE_OPEN,
            "goal_statuses": GoalStatus.choices,
            "service_statuses": ServiceStatus.choices,
            "plan_form": PlanForm(initial={"started_on": today}),
            "plan_edit_form": PlanEditForm(
                initial={
                    "version": plan.version,
                    "objectives": plan.objectives,
                    "planned_end_on": plan.planned_end_on,
                }
            )
            if plan
            else None,
            "goal_form": GoalForm(),
            "service_form": _service_form(actor, case, plan),
            "delivery_form": DeliveryForm(initial={"delivered_on": today}),
            "review_form": ReviewForm(
                initial={"version": plan.version, "reviewed_on": today} if plan else {}
            ),
        }
        return render(request, "care/care.html", context)


class AssessmentView(View):
    template_name = "care/assessment_form.html"

    def _context(self, case, template, answers=None, summary=""):
        groups: dict[str, list[dict]] = {}
        for item in template.items:
            groups.setdefault(item["group"], []).append(
                {
                    "code": item["code"],
                    "text": _text(item["text"]),
                    "answer": (answers or {}).get(item["code"], Level.UNKNOWN),
                }
            )
        return {
            "case": case,
            "template": template,
            "template_name": template.label(_language()),
            "groups": [
                (_text(template.groups.get(g, {})) or g, items) for g, items in groups.items()
            ],
            "levels": Level.choices,
            "summary": summary,
            "today": timezone.localdate(),
        }

    def get(self, request, case_id):
        actor = request.actor
        case = selectors.care_case_get(actor=actor, case_id=case_id, audit_read=False)
        require(policies.can_write_care(actor, case))
        template = selectors.template_get(template_id=request.GET.get("template"))
        return render(request, self.template_name, self._context(case, template))

    def post(self, request, case_id):
        actor = request.actor
        case = selectors.care_case_get(actor=actor, case_id=case_id, audit_read=False)
        template = selectors.template_get(template_id=request.POST.get("template"))
        answers = {
            item["code"]: request.POST.get(f"a-{item['code']}", Level.UNKNOWN)
            for item in template.items
        }
        summary = request.POST.get("summary", "")
        try:
            assessment = services.assessment_record(
                actor=actor, case=case, template=template, answers=answers, summary=summary
            )
        except (DomainError, ValidationError) as exc:
            flash_service_errors(request, exc)
            context = self._context(case, template, answers, summary)
            return render(request, self.template_name, context, status=400)
        messages.success(
            request,
            _("Assessment saved. Overall level: %(level)s")
            % {"level": assessment.get_level_display()},
        )
        return redirect("care:care", case_id=case.pk)


class CareActionView(View):
    """The plan and what hangs from it: draw up, edit, add a goal or a service, review."""

    def post(self, request, case_id, action):
        actor = request.actor
        case = selectors.care_case_get(actor=actor, case_id=case_id, audit_read=False)
        plan = selectors.plan_of(case=case)
        if action != "plan" and plan is None:
            raise Http404
        forms = {
            "plan": lambda: PlanForm(request.POST),
            "plan-edit": lambda: PlanEditForm(request.POST),
            "goal": lambda: GoalForm(request.POST),
            "service": lambda: _service_form(actor, case, plan, request.POST),
            "review": lambda: ReviewForm(request.POST),
        }
        if action not in forms:
            raise Http404
        form = forms[action]()
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect("care:care", case_id=case.pk)
        data = form.cleaned_data
        try:
            if action == "plan":
                services.plan_create(actor=actor, case=case, **data)
            elif plan is None:  # answered 404 above; this tells the type checker
                raise Http404
            elif action == "plan-edit":
                services.plan_update(actor=actor, plan=plan, **data)
            elif action == "goal":
                services.goal_add(actor=actor, plan=plan, **data)
            elif action == "service":
                services.service_add(actor=actor, plan=plan, **data)
            else:
                services.plan_review_record(actor=actor, plan=plan, **data)
        except (DomainError, ValidationError) as exc:
            flash_service_errors(request, exc)
        else:
            messages.success(request, _("Saved."))
        return redirect("care:care", case_id=case.pk)


class GoalStatusView(View):
    def post(self, request, goal_id):
        goal = selectors.goal_get(actor=request.actor, goal_id=goal_id)
        form = GoalStatusForm(request.POST)
        if form.is_valid():
            try:
                services.goal_set_status(actor=request.actor, goal=goal, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                flash_service_errors(request, exc)
            else:
                messages.success(request, _("Saved."))
        else:
            flash_form_errors(request, form)
        return redirect("care:care", case_id=goal.plan.case_id)


class ServiceActionView(View):
    def post(self, request, service_id, action):
        service = selectors.service_get(actor=request.actor, service_id=service_id)
        form: ServiceStatusForm | DeliveryForm
        call: Callable[..., object]
        if action == "status":
            form = ServiceStatusForm(request.POST)
            call = services.service_set_status
        elif action == "delivery":
            form = DeliveryForm(request.POST)
            call = services.delivery_record
        else:
            raise Http404
        if form.is_valid():
            try:
                call(actor=request.actor, service=service, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                flash_service_errors(request, exc)
            else:
                messages.success(request, _("Saved."))
        else:
            flash_form_errors(request, form)
        return redirect("care:care", case_id=service.plan.case_id)
