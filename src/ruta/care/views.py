"""The care page of a case: assessments, the care plan with its goals and services, services
delivered and plan reviews; and the forms that change them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from ruta.care import policies, selectors, services
from ruta.care.choices import SERVICE_OPEN, GoalStatus, Level
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
from ruta.care.models import CareGoal, CarePlan, CareService
from ruta.cases import policies as case_policies
from ruta.cases.choices import ConsentPurpose, TaskKind
from ruta.cases.models import Case
from ruta.cases.services import consent_valid
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, require
from ruta.core.forms import model_choice_field
from ruta.core.views import ActionView, ActorRequest, flash_service_errors


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


# Each form of the care page has its own id namespace (Django's ``auto_id``): the page holds
# many forms with fields of the same name (version, due_on, note), and an id that repeats
# leaves a field without its label for a screen reader. What is posted (the field names) stays
# the same. The forms repeated once per service add the service's id.
PAGE_FORM_IDS = {
    "plan_form": "plan-%s",
    "plan_edit_form": "plan-edit-%s",
    "goal_form": "goal-add-%s",
    "service_form": "service-add-%s",
    "review_form": "review-%s",
}


def _delivery_ids(service_id: Any) -> str:
    return f"delivery-{service_id}-%s"


def _status_ids(service_id: Any) -> str:
    return f"service-{service_id}-%s"


def _service_form(actor, case, plan, data=None) -> ServiceForm:
    """An institution the case was shared with plans only services it gives itself."""
    form = ServiceForm(
        data,
        goals=_goals_of(plan),
        initial={"responsible": actor.institution_id},
        auto_id=PAGE_FORM_IDS["service_form"],
    )
    if not policies.can_write_care(actor, case):
        field = model_choice_field(form, "responsible")
        field.queryset = field.queryset.filter(pk=actor.institution_id)  # type: ignore[union-attr]  # set by the form
        model_choice_field(form, "goal").queryset = CareGoal.objects.none()
    return form


def _service_rows(plan, today, bound: dict[str, forms.Form]) -> list[tuple[Any, Any, Any]]:
    """Each planned service with its own forms: record a delivery, change the status."""
    if plan is None:
        return []
    return [
        (
            s,
            bound.get(f"delivery_form:{s.pk}")
            or DeliveryForm(initial={"delivered_on": today}, auto_id=_delivery_ids(s.pk)),
            bound.get(f"status_form:{s.pk}")
            or ServiceStatusForm(
                initial={"version": s.version, "status": s.status}, auto_id=_status_ids(s.pk)
            ),
        )
        for s in plan.services.all()
    ]


def care_page(
    request: ActorRequest,
    case_id: Any,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The care page. ``bound`` holds the form a refused action posted, by its name in the
    page (``goal_form``; ``delivery_form:<service id>`` for a service's): it replaces the
    empty one, so what was typed stays, with its errors beside its fields, a summary at the
    top, and the ``<details>`` holding it open."""
    bound = bound or {}
    actor = request.actor
    case = selectors.care_case_get(actor=actor, case_id=case_id)
    plan = selectors.plan_of(case=case)
    assessments = selectors.assessments_of(case=case)
    actions = policies.care_actions(actor, case, plan)
    today = timezone.localdate()
    ids = PAGE_FORM_IDS
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
        "plan_form": PlanForm(initial={"started_on": today}, auto_id=ids["plan_form"]),
        "plan_edit_form": PlanEditForm(
            initial={
                "version": plan.version,
                "objectives": plan.objectives,
                "planned_end_on": plan.planned_end_on,
            },
            auto_id=ids["plan_edit_form"],
        )
        if plan
        else None,
        "goal_form": GoalForm(auto_id=ids["goal_form"]),
        "service_form": _service_form(actor, case, plan),
        "service_rows": _service_rows(plan, today, bound),
        "review_form": ReviewForm(
            initial={"version": plan.version, "reviewed_on": today} if plan else {},
            auto_id=ids["review_form"],
        ),
    }
    context.update({name: form for name, form in bound.items() if name in PAGE_FORM_IDS})
    context["failed_form"] = next(iter(bound.values()), None)
    return render(request, "care/care.html", context, status=status)


class CareView(View):
    def get(self, request, case_id):
        return care_page(request, case_id)


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


def case_panel(actor: Actor, case: Case) -> dict[str, Any] | None:
    """The care card of the case page (registered in ``ruta.core.registry.case_panels``): the
    plan's state, when the actor may read the care sections; and the link that does a plan
    review task, which is done on the care page."""
    if not policies.can_read_care(actor, case):
        return None
    url = reverse("care:care", kwargs={"case_id": case.pk})
    plan: Any = selectors.plan_summary(case=case)  # annotated with its services' counts
    services_count = plan.services_open + plan.services_delivered if plan else 0
    return {
        "template": "care/partials/_case_panel.html",
        "plan": plan,
        "task_links": {TaskKind.PLAN_REVIEW: (f"{url}#reviews-h", _("Review the plan"))},
        "section": {"id": "care", "label": _("Assessments, plan and services")},
        "counts": [{"label": _("Services"), "value": services_count, "url": f"{url}#services-h"}],
        "next_step": _care_next_step(actor, case, plan, url),
        "summary_rows": _care_summary_rows(plan),
    }


def _care_next_step(actor: Actor, case: Case, plan: Any, url: str) -> dict | None:
    """Without a plan, the owner's case worker assesses the needs, then draws up the plan."""
    if plan is not None or case.is_closed or not policies.can_write_care(actor, case):
        return None
    if not case.assessments.exists():
        return {"code": "assess", "label": _("Assess the needs"), "url": f"{url}#assess-h"}
    return {"code": "plan", "label": _("Plan care"), "url": f"{url}#plan-h"}


def _care_summary_rows(plan: Any) -> list[tuple[str, str]]:
    """The care section of the printed case summary."""
    if plan is None:
        return [(_("Care plan"), _("No care plan yet."))]
    rows = [
        (_("Care plan"), str(plan.get_status_display())),
        (
            _("Services"),
            _("%(open)s open, %(delivered)s delivered")
            % {"open": plan.services_open, "delivered": plan.services_delivered},
        ),
    ]
    if plan.next_review_on:
        rows.append((_("Next review"), date_format(plan.next_review_on, "SHORT_DATE_FORMAT")))
    return rows


class CareActionView(ActionView):
    """A change on the care page of a case (the case read in the care scope: 404 outside);
    back to the care page. ``page_form`` names its form on the care page: refused, the care
    page is shown again around what was typed (``care_page``)."""

    page_form: str = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.page_form:  # the form's id namespace on the care page
            cls.auto_id = PAGE_FORM_IDS[cls.page_form]

    def load(self, request: ActorRequest, **kwargs: Any) -> Any:
        return selectors.care_case_get(
            actor=request.actor, case_id=kwargs["case_id"], audit_read=False
        )

    def success_url(self, obj: Any, result: Any) -> str:
        return reverse("care:care", kwargs={"case_id": _case_id(obj)})

    def render_failure(
        self, request: ActorRequest, obj: Any, form: forms.Form, status: int
    ) -> HttpResponse | None:
        return care_page(request, _case_id(obj), bound={self.page_form: form}, status=status)


def _case_id(obj: Case | CarePlan) -> UUID:
    return obj.case_id if isinstance(obj, CarePlan) else obj.pk


class PlanCreateView(CareActionView):
    form_class = PlanForm
    page_form = "plan_form"

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> CarePlan:
        return services.plan_create(actor=request.actor, case=obj, **data)


class PlanActionView(CareActionView):
    """A change to the case's care plan: 404 when the case has none."""

    def load(self, request: ActorRequest, **kwargs: Any) -> CarePlan:
        case = super().load(request, **kwargs)
        plan = selectors.plan_of(case=case)
        if plan is None:
            raise Http404
        plan.case = case  # already loaded: the service forms and checks read it
        return plan


class PlanEditView(PlanActionView):
    form_class = PlanEditForm
    page_form = "plan_edit_form"

    def perform(self, request: ActorRequest, obj: CarePlan, data: dict[str, Any]) -> CarePlan:
        return services.plan_update(actor=request.actor, plan=obj, **data)


class GoalAddView(PlanActionView):
    form_class = GoalForm
    page_form = "goal_form"

    def perform(self, request: ActorRequest, obj: CarePlan, data: dict[str, Any]) -> CareGoal:
        return services.goal_add(actor=request.actor, plan=obj, **data)


class ServiceAddView(PlanActionView):
    page_form = "service_form"

    def get_form(self, request: ActorRequest, obj: CarePlan) -> forms.Form:
        return _service_form(request.actor, obj.case, obj, request.POST)

    def perform(self, request: ActorRequest, obj: CarePlan, data: dict[str, Any]) -> Any:
        return services.service_add(actor=request.actor, plan=obj, **data)


class ReviewAddView(PlanActionView):
    form_class = ReviewForm
    page_form = "review_form"

    def perform(self, request: ActorRequest, obj: CarePlan, data: dict[str, Any]) -> Any:
        return services.plan_review_record(actor=request.actor, plan=obj, **data)


class GoalStatusView(ActionView):
    """A goal's status, chosen from a list on its row (nothing typed to keep): refused, the
    error is said on the care page."""

    form_class = GoalStatusForm

    def load(self, request: ActorRequest, **kwargs: Any) -> CareGoal:
        return selectors.goal_get(actor=request.actor, goal_id=kwargs["goal_id"])

    def perform(self, request: ActorRequest, obj: CareGoal, data: dict[str, Any]) -> CareGoal:
        return services.goal_set_status(actor=request.actor, goal=obj, **data)

    def success_url(self, obj: CareGoal, result: Any) -> str:
        return reverse("care:care", kwargs={"case_id": obj.plan.case_id})


class ServiceActionView(ActionView):
    """A change to one planned service: the service in the actor's reach (404 outside).
    Refused, the care page is shown again around the service's own form."""

    page_form: str

    def load(self, request: ActorRequest, **kwargs: Any) -> CareService:
        return selectors.service_get(actor=request.actor, service_id=kwargs["service_id"])

    def success_url(self, obj: CareService, result: Any) -> str:
        return reverse("care:care", kwargs={"case_id": obj.plan.case_id})

    def render_failure(
        self, request: ActorRequest, obj: CareService, form: forms.Form, status: int
    ) -> HttpResponse | None:
        bound = {f"{self.page_form}:{obj.pk}": form}
        return care_page(request, obj.plan.case_id, bound=bound, status=status)


class ServiceStatusView(ServiceActionView):
    form_class = ServiceStatusForm
    page_form = "status_form"

    def get_form(self, request: ActorRequest, obj: CareService) -> forms.Form:
        return ServiceStatusForm(request.POST, auto_id=_status_ids(obj.pk))

    def perform(self, request: ActorRequest, obj: CareService, data: dict[str, Any]) -> Any:
        return services.service_set_status(actor=request.actor, service=obj, **data)


class DeliveryAddView(ServiceActionView):
    form_class = DeliveryForm
    page_form = "delivery_form"

    def get_form(self, request: ActorRequest, obj: CareService) -> forms.Form:
        return DeliveryForm(request.POST, auto_id=_delivery_ids(obj.pk))

    def perform(self, request: ActorRequest, obj: CareService, data: dict[str, Any]) -> Any:
        return services.delivery_record(actor=request.actor, service=obj, **data)
