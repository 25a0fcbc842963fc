"""Case pages: list, opening a case, the case page, and its quick actions."""

from __future__ import annotations

import io
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from ruta.cases import guide, policies, selectors, services
from ruta.cases.choices import Answer, CaseStatus, ClosureReason, NoteSensitivity
from ruta.cases.facts import fact_labels
from ruta.cases.forms import (
    AssignForm,
    AttachmentForm,
    CaseOpenForm,
    ClosureDecisionForm,
    ClosureRequestForm,
    ConsentForm,
    EventForm,
    FactsForm,
    FirstContactForm,
    IdentificationForm,
    NoteForm,
    ReopenForm,
    SummaryForm,
    TaskCompleteForm,
)
from ruta.cases.models import Case, Consent, Task
from ruta.core.errors import DomainError, require
from ruta.core.forms import choice_field
from ruta.core.pagination import countless_page
from ruta.core.registry import case_panels
from ruta.core.views import (
    ActionView,
    ActorRequest,
    apply_validation_error,
    flash_form_errors,
    flash_service_errors,
)
from ruta.intake.selectors import report_get
from ruta.people.selectors import person_get, person_search


class CaseListView(View):
    def get(self, request):
        actor = request.actor
        require(policies.can_list_cases(actor))
        filters = {
            "status": request.GET.get("status", "")[:20],
            "mine": request.GET.get("mine") == "1",
            "child": request.GET.get("child") == "1",
            "q": request.GET.get("q", "").strip()[:20],
            "shared": request.GET.get("shared") == "1",
            "unassigned": request.GET.get("unassigned") == "1",
            "to_decide": request.GET.get("to_decide") == "1",
        }
        # By default the list is the actor's work: the institution's cases and those shared
        # with it ("shared=0": only the institution's own, "shared=1": only the shared ones).
        own_only = request.GET.get("shared") == "0"
        filters["own"] = own_only
        cases = selectors.case_list(
            actor=actor,
            status=filters["status"],
            mine=filters["mine"],
            child=filters["child"],
            q=filters["q"],
            shared=filters["shared"],
            with_shared=not own_only,
            unassigned=filters["unassigned"],
            to_decide=filters["to_decide"],
        )
        # Pages without a total: counting every open case on every page cost more than the page.
        page = countless_page(cases, request.GET.get("page"), 50)
        page.object_list = selectors.with_open_task_counts(page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "page": page,
            "filters": filters,
            "statuses": CaseStatus.choices,
            "show_names": policies.can_list_names(actor),
            "can_open": policies.can_open_case(actor),
            "query": query.urlencode(),
        }
        template = "cases/partials/_case_rows.html" if request.htmx else "cases/case_list.html"
        return render(request, template, context)


class CaseOpenView(View):
    """Choose the person (search, or record a new one), then open the case. Names are searched
    by POST so that they never land in a URL."""

    def get(self, request):
        require(policies.can_open_case(request.actor))
        return self._search(
            request, _uuid(request.GET.get("report")), "", _uuid(request.GET.get("person"))
        )

    def _search(self, request, report_id, q: str, person_id=None):
        """The search for the person; with ``person_id`` (the person just recorded, from the
        person form), that person offered first: "open a case for this person"."""
        actor = request.actor
        report = report_get(actor=actor, report_id=report_id) if report_id else None
        people = person_search(actor=actor, text=q) if q else []
        chosen = person_get(actor=actor, person_id=person_id) if person_id else None
        context = {
            "report": report,
            "q": q,
            "people": people,
            "form": CaseOpenForm(),
            "chosen": chosen,
        }
        if request.htmx:
            return render(request, "cases/partials/_person_choices.html", context)
        return render(request, "cases/case_open.html", context)

    def post(self, request):
        actor = request.actor
        require(policies.can_open_case(actor))
        if "person" not in request.POST:  # a search, not the choice
            return self._search(
                request, _uuid(request.POST.get("report")), request.POST.get("q", "").strip()[:200]
            )
        form = CaseOpenForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the person this case is about."))
            return redirect("cases:case-open")
        data = form.cleaned_data
        person = person_get(actor=actor, person_id=data["person"])
        report = report_get(actor=actor, report_id=data["report"]) if data["report"] else None
        related = None
        if data["related_case"]:
            related = selectors.case_list(actor=actor, status="all", q=data["related_case"]).first()
        try:
            case = services.case_open(
                actor=actor,
                person=person,
                report=report,
                victim_type=data["victim_type"],
                related_case=related,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("cases:case-open")
        messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
        return redirect("cases:case-detail", case_id=case.pk)


def _uuid(value: str | None) -> UUID | None:
    """An id from a query string or a form, or None when it is not one (never a 500)."""
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


def _assignees(case):
    return selectors.assignable_users(case=case)


def _positive(screening) -> list[str]:
    from ruta.cases.choices import DIMENSION_LABELS

    return [str(DIMENSION_LABELS.get(d, d)) for d, on in screening.dimensions.items() if on]


# Each form of the case page has its own id namespace (Django's ``auto_id``): the page holds
# many forms with fields of the same name (version, note, sensitivity), and an id that repeats
# leaves a field without its label for a screen reader. What is posted (the field names) stays
# the same. A form repeated once per row (a task's) adds the row's id.
PAGE_FORM_IDS = {
    "assign_form": "assign-%s",
    "contact_form": "contact-%s",
    "identification_form": "identification-%s",
    "decision_form": "decision-%s",
    "reopen_form": "reopen-%s",
    "consent_form": "consent-%s",
    "note_form": "note-%s",
    "attachment_form": "attachment-%s",
    "facts_form": "facts-%s",
    "event_form": "event-%s",
}


def _task_form_ids(task_id: Any) -> str:
    return f"task-{task_id}-%s"


def _offer_note_levels(form: forms.Form, actor, case: Case) -> forms.Form:
    """The note form offers only the sensitivity levels the actor may write. (A posted form
    is not narrowed: a level the actor may not write is the service's refusal, a 404.)"""
    levels = policies.writable_note_levels(actor, case)
    choice_field(form, "sensitivity").choices = [
        c for c in NoteSensitivity.choices if c[0] in levels
    ]
    return form


def case_page(
    request: ActorRequest,
    case_id: Any,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page. ``bound`` holds the form a refused action posted, by its name in the
    page (``note_form``; ``task_form:<task id>`` for a task's): it replaces the empty one, so
    what was typed stays, with its errors beside its fields, a summary at the top, and the
    ``<details>`` holding it open."""
    bound = bound or {}
    actor = request.actor
    case = selectors.case_get(actor=actor, case_id=case_id)
    sections = policies.sections_for(actor, case)
    owner = policies.owns(actor, case)
    context = {
        "case": case,
        "owner": owner,
        "grant": None if owner else policies.active_grant(actor, case),
        "show_identity": "identity" in sections,
        "show_facts": "facts" in sections,
        "show_legal": "legal" in sections,
        "facts": fact_labels(case) if "facts" in sections else [],
        "notes": selectors.notes_visible(actor=actor, case=case),
        "attachments": selectors.attachments_visible(actor=actor, case=case),
        "note_form": _offer_note_levels(NoteForm(auto_id=PAGE_FORM_IDS["note_form"]), actor, case),
        "attachment_form": AttachmentForm(auto_id=PAGE_FORM_IDS["attachment_form"]),
        "can_add_notes": policies.case_actions(actor, case)["add_notes"],
        "now": timezone.now(),
    }
    if owner:
        context.update(_owner_context(actor, case))
    else:
        context.update(selectors.shared_identity(actor=actor, case=case))
    # Cards other apps add (care, referrals: ruta.core.registry); cases imports none.
    panels = [p for p in (panel(actor, case) for panel in case_panels) if p]
    context["panels"] = panels
    if owner:
        context["tasks"] = _tasks_with_links(case, panels, bound)
    context.update({name: form for name, form in bound.items() if name in PAGE_FORM_IDS})
    if "note_form" in bound:
        _offer_note_levels(bound["note_form"], actor, case)
    context["failed_form"] = next(iter(bound.values()), None)
    context.update(_guide(actor, case, context, panels))
    return render(request, "cases/case_detail.html", context, status=status)


class CaseDetailView(View):
    def get(self, request, case_id):
        return case_page(request, case_id)


class CaseSummaryView(View):
    """Print or download the case's summary (a PDF of what the reader may see), for a purpose
    recorded in the audit trail. A POST: the reason is part of the request, and the export
    is an event, not a page."""

    def post(self, request: ActorRequest, case_id: UUID) -> HttpResponse:
        actor = request.actor
        case = selectors.case_get(actor=actor, case_id=case_id, audit_read=False)
        require(policies.can_export_summary(actor, case))
        form = SummaryForm(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect("cases:case-detail", case_id=case.pk)
        owner = policies.owns(actor, case)
        panels = [p for p in (panel(actor, case) for panel in case_panels) if p]
        consent = services.consent_valid(case=case, purpose="assistance") if owner else True
        flags = guide.flags(
            case,
            owner=owner,
            assistance_consent=consent,
            tasks=case.tasks.all() if owner else (),
            panels=panels,
            now=timezone.now(),
        )
        content = services.case_summary_export(
            actor=actor,
            case=case,
            purpose=form.cleaned_data["purpose"],
            reason=form.cleaned_data["reason"].strip(),
            flags=flags,
            panels=panels,
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{case.reference}.pdf"'
        response["Cache-Control"] = "no-store"
        return response


def _guide(actor, case: Case, context: dict[str, Any], panels: list[dict[str, Any]]) -> dict:
    """The page's header and menu (``ruta.cases.guide``), from what the page has loaded."""
    owner = context["owner"]
    consent = bool(context.get("assistance_consent")) if owner else True
    tasks = [row[0] for row in context.get("tasks", [])]
    step = guide.next_step(
        actor,
        case,
        panels,
        assistance_consent=consent,
        screened=bool(context.get("screenings")),
    )
    return {
        "next_step": step,
        "stage": guide.stage(case, owner=owner, step=step),
        "flags": guide.flags(
            case,
            owner=owner,
            assistance_consent=consent,
            tasks=tasks,
            panels=panels,
            now=context["now"],
        ),
        "menu": guide.menu(
            owner=owner,
            show_identity=context["show_identity"],
            show_facts=context["show_facts"],
            panels=panels,
        ),
        "counts": guide.counts(
            case,
            open_tasks=sum(1 for t in tasks if t.done_at is None) if owner else None,
            notes=len(context["notes"]),
            files=len(context["attachments"]),
            panels=panels,
        ),
        "summary_form": SummaryForm(),
    }


def _tasks_with_links(
    case: Case, panels: list[dict[str, Any]], bound: dict[str, forms.Form]
) -> list[tuple[Any, Any, forms.Form]]:
    """Each task with the link a card offers for its kind (``task_links`` in the card's dict:
    kind -> (url, label)), or None, and its own "done" form (ids of its own). A plan review is
    done on the care page, so the care card links to it; without the card (no care section)
    the task shows no action."""
    links: dict[str, Any] = {}
    for panel in panels:
        links.update(panel.get("task_links", {}))
    return [
        (
            task,
            links.get(task.kind),
            bound.get(f"task_form:{task.pk}") or TaskCompleteForm(auto_id=_task_form_ids(task.pk)),
        )
        for task in case.tasks.all()
    ]


def _owner_context(actor, case) -> dict:
    """What only the owning institution sees and does: tasks, assignment, screening,
    consent, closure, the timeline."""
    v = {"version": case.version}
    ids = PAGE_FORM_IDS
    actions = policies.case_actions(actor, case)
    return {
        "timeline": selectors.case_timeline(case=case),
        "can_edit": actions["edit"],
        "can_write_facts": actions["write_facts"],
        "can_assign": actions["assign"],
        "can_identify": actions["identify"],
        "can_request_closure": actions["request_closure"],
        "can_decide_closure": actions["decide_closure"],
        "can_reopen": actions["reopen"],
        "assign_form": AssignForm(
            initial={**v, "assignee": case.assigned_to_id},
            assignees=_assignees(case),
            auto_id=ids["assign_form"],
        ),
        "contact_form": FirstContactForm(initial=v, auto_id=ids["contact_form"]),
        "identification_form": IdentificationForm(initial=v, auto_id=ids["identification_form"]),
        "decision_form": ClosureDecisionForm(initial=v, auto_id=ids["decision_form"]),
        "reopen_form": ReopenForm(initial=v, auto_id=ids["reopen_form"]),
        "consents": selectors.consents_of(case=case),
        "screenings": [
            (sc, sc.instrument.label((get_language() or "es")[:2]), _positive(sc))
            for sc in selectors.screenings_of(case=case)
        ],
        "can_screen": actions["screen"],
        "consent_form": ConsentForm(
            initial={"given_on": timezone.localdate()}, auto_id=ids["consent_form"]
        ),
        "can_record_consent": actions["record_consent"],
        "assistance_consent": services.consent_valid(case=case, purpose="assistance"),
        **_pending_closure(case),
    }


def _pending_closure(case: Case) -> dict[str, Any]:
    """A pending request's carried items (with the requester's reasons) and what opened since
    without being carried: what the supervisor decides on."""
    if not case.closure_pending:
        return {}
    carried = services.carried_items(case)
    items = services.closure_items(case, case.closure_reason)
    return {
        "closure_carried": carried,
        "closure_new": [i for i in items if i.blocking or i.key not in carried],
    }


def _facts_form(case: Case) -> FactsForm:
    return FactsForm(
        auto_id=PAGE_FORM_IDS["facts_form"],
        initial={
            "version": case.version,
            "forms_of_exploitation": case.forms_of_exploitation,
            "means_of_control": case.means_of_control,
            "recruitment_methods": case.recruitment_methods,
            "recruitment_apps": case.recruitment_apps,
            "exploitation_apps": case.exploitation_apps,
            "relationship_to_recruiter": case.relationship_to_recruiter,
        },
    )


class CaseFormView(View):
    """One of the long forms (hundreds of checkboxes and countries), loaded when its section
    is opened: rendering them on every case page doubled its time and its weight on slow
    networks. A subclass names the form, the route it posts to and its words."""

    action_route: str
    title: Any
    submit: Any

    def build(self, case: Case) -> forms.Form:
        raise NotImplementedError

    def get(self, request: ActorRequest, case_id: UUID) -> HttpResponse:
        actor = request.actor
        case = selectors.case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
        require(policies.case_actions(actor, case)["write_facts"])
        return self.render_form(request, case, self.build(case))

    def render_form(
        self, request: ActorRequest, case: Case, form: forms.Form, status: int = 200
    ) -> HttpResponse:
        context = {
            "case": case,
            "form": form,
            "failed_form": form if form.is_bound else None,
            "action_url": reverse(self.action_route, kwargs={"case_id": case.pk}),
            "title": self.title,
            "submit": self.submit,
        }
        template = "cases/partials/_case_form.html" if request.htmx else "cases/case_form_page.html"
        return render(request, template, context, status=status)


class CaseFactsFormView(CaseFormView):
    action_route = "cases:case-facts"
    title = gettext_lazy("Edit the facts")
    submit = gettext_lazy("Save")

    def build(self, case: Case) -> forms.Form:
        return _facts_form(case)


class CaseEventsFormView(CaseFormView):
    action_route = "cases:case-events"
    title = gettext_lazy("Add an event")
    submit = gettext_lazy("Add")

    def build(self, case: Case) -> forms.Form:
        return EventForm(auto_id=PAGE_FORM_IDS["event_form"])


class CaseActionView(ActionView):
    """A case action: the case in the actor's scope (404 outside), back to the case page.
    ``page_form`` names its form on the case page: refused, the case page is shown again
    around what was typed (``case_page``); without it, the errors are flashed."""

    page_form: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.page_form:  # the form's id namespace on the case page
            cls.auto_id = PAGE_FORM_IDS[cls.page_form]

    def render_failure(
        self, request: ActorRequest, obj: Case, form: forms.Form, status: int
    ) -> HttpResponse | None:
        if self.page_form is None:
            return None
        return case_page(request, obj.pk, bound={self.page_form: form}, status=status)

    def load(self, request: ActorRequest, **kwargs: Any) -> Case:
        return selectors.case_get(
            actor=request.actor, case_id=kwargs["case_id"], audit_read=False, full=False
        )

    def success_url(self, obj: Case, result: Any) -> str:
        return reverse("cases:case-detail", kwargs={"case_id": obj.pk})


class CaseAssignView(CaseActionView):
    page_form = "assign_form"
    form_class = AssignForm

    def form_kwargs(self, request: ActorRequest, obj: Case) -> dict[str, Any]:
        return {"assignees": _assignees(obj)}

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_assign(
            actor=request.actor, case=obj, version=data["version"], assignee=data["assignee"]
        )


class CaseFirstContactView(CaseActionView):
    page_form = "contact_form"
    form_class = FirstContactForm

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_record_first_contact(
            actor=request.actor, case=obj, version=data["version"], at=data.get("at")
        )


class CaseFactsView(CaseActionView):
    """Refused, the form's own page comes back with what was chosen (the case page loads
    this long form only when its section is opened)."""

    form_class = FactsForm
    auto_id = PAGE_FORM_IDS["facts_form"]

    def render_failure(
        self, request: ActorRequest, obj: Case, form: forms.Form, status: int
    ) -> HttpResponse | None:
        return CaseFactsFormView().render_form(request, obj, form, status)

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_update_facts(
            actor=request.actor,
            case=obj,
            version=data["version"],
            forms_of_exploitation=data["forms_of_exploitation"],
            means_of_control=data["means_of_control"],
            recruitment_methods=data["recruitment_methods"],
            recruitment_apps=data["recruitment_apps"],
            exploitation_apps=data["exploitation_apps"],
            relationship_to_recruiter=data["relationship_to_recruiter"],
        )


class CaseIdentificationView(CaseActionView):
    page_form = "identification_form"
    form_class = IdentificationForm

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Any:
        return services.identification_decide(
            actor=request.actor,
            case=obj,
            version=data["version"],
            status=data["status"],
            decided_on=data["decided_on"],
            basis=data["basis"],
            deciding_organisation_type=data.get("deciding_organisation_type") or "",
        )


class CaseEventsView(CaseActionView):
    """Refused, the form's own page comes back with what was chosen."""

    form_class = EventForm
    auto_id = PAGE_FORM_IDS["event_form"]

    def render_failure(
        self, request: ActorRequest, obj: Case, form: forms.Form, status: int
    ) -> HttpResponse | None:
        return CaseEventsFormView().render_form(request, obj, form, status)

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Any:
        return services.event_add(
            actor=request.actor,
            case=obj,
            type=data["type"],
            country=data["country"],
            department=data["department"],
            municipality=data["municipality"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
        )


class CaseCloseRequestView(View):
    """The closure request's own page: what the case still has open, each item resolved
    first (a link to it) or carried with a reason; blocking items say what must happen. On an
    error the page comes back with everything typed (400)."""

    template_name = "cases/case_close_request.html"

    def _load(self, request: ActorRequest, case_id: UUID) -> Case:
        case = selectors.case_get(actor=request.actor, case_id=case_id, full=False)
        require(policies.can_request_closure(request.actor, case))
        return case

    def _render(self, request: ActorRequest, case: Case, form: ClosureRequestForm, status=200):
        context = {
            "case": case,
            "form": form,
            "rows": form.item_rows(),
            "blocking": any(item.blocking for item in form.items),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: ActorRequest, case_id: UUID) -> HttpResponse:
        case = self._load(request, case_id)
        reason = request.GET.get("reason", "")
        reason = reason if reason in ClosureReason.values else ""
        form = ClosureRequestForm(
            initial={"version": case.version, "reason": reason},
            items=services.closure_items(case, reason),
        )
        return self._render(request, case, form)

    def post(self, request: ActorRequest, case_id: UUID) -> HttpResponse:
        case = self._load(request, case_id)
        reason = request.POST.get("reason", "")
        form = ClosureRequestForm(
            request.POST,
            items=services.closure_items(case, reason if reason in ClosureReason.values else ""),
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.case_request_closure(
                    actor=request.actor,
                    case=case,
                    version=data["version"],
                    reason=data["reason"],
                    note=data["note"],
                    carried=form.carried(),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Closure requested: a supervisor decides."))
                return redirect("cases:case-detail", case_id=case.pk)
        return self._render(request, case, form, status=400)


class CaseCloseDecisionView(CaseActionView):
    page_form = "decision_form"
    form_class = ClosureDecisionForm

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_decide_closure(
            actor=request.actor,
            case=obj,
            version=data["version"],
            approve=data["decision"] == "approve",
            comment=data["comment"],
        )


class CaseReopenView(CaseActionView):
    page_form = "reopen_form"
    form_class = ReopenForm

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Case:
        return services.case_reopen(
            actor=request.actor,
            case=obj,
            version=data["version"],
            justification=data["justification"],
        )


class CaseNoteView(CaseActionView):
    form_class = NoteForm
    page_form = "note_form"

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Any:
        return services.note_add(
            actor=request.actor, case=obj, sensitivity=data["sensitivity"], body=data["body"]
        )


class CaseAttachmentView(CaseActionView):
    page_form = "attachment_form"
    form_class = AttachmentForm

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Any:
        upload = data["file"]
        return services.attachment_add(
            actor=request.actor,
            case=obj,
            sensitivity=data["sensitivity"],
            filename=upload.name,
            content=upload.read(settings.RUTA_ATTACHMENT_MAX_BYTES + 1),
        )


class CaseConsentView(CaseActionView):
    page_form = "consent_form"
    form_class = ConsentForm

    def perform(self, request: ActorRequest, obj: Case, data: dict[str, Any]) -> Any:
        return services.consent_record(actor=request.actor, case=obj, **data)


class TaskCompleteView(ActionView):
    form_class = TaskCompleteForm
    success_message = gettext_lazy("Task done.")

    def get_form(self, request: ActorRequest, obj: Task) -> forms.Form:
        return TaskCompleteForm(request.POST, auto_id=_task_form_ids(obj.pk))

    def render_failure(
        self, request: ActorRequest, obj: Task, form: forms.Form, status: int
    ) -> HttpResponse | None:
        return case_page(request, obj.case_id, bound={f"task_form:{obj.pk}": form}, status=status)

    def load(self, request: ActorRequest, **kwargs: Any) -> Task:
        return selectors.task_get(actor=request.actor, task_id=kwargs["task_id"])

    def perform(self, request: ActorRequest, obj: Task, data: dict[str, Any]) -> Task:
        return services.task_complete(actor=request.actor, task=obj, note=data["note"])

    def success_url(self, obj: Task, result: Any) -> str:
        return reverse("cases:case-detail", kwargs={"case_id": obj.case_id})


class ConsentWithdrawView(ActionView):
    success_message = gettext_lazy("The consent is withdrawn.")

    def load(self, request: ActorRequest, **kwargs: Any) -> Consent:
        return selectors.consent_get(actor=request.actor, consent_id=kwargs["consent_id"])

    def perform(self, request: ActorRequest, obj: Consent, data: dict[str, Any]) -> Consent:
        return services.consent_withdraw(actor=request.actor, consent=obj)

    def success_url(self, obj: Consent, result: Any) -> str:
        return reverse("cases:case-detail", kwargs={"case_id": obj.case_id})


class AttachmentDownloadView(View):
    """Streams the decrypted file to a reader in scope; every download is audited."""

    def get(self, request, attachment_id):
        attachment = selectors.attachment_get(actor=request.actor, attachment_id=attachment_id)
        content = services.attachment_download(actor=request.actor, attachment=attachment)
        return FileResponse(
            io.BytesIO(content),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )


def _questions(instrument, answers=None):
    """Questions grouped by dimension, in the reader's language, with the chosen answers."""
    from ruta.cases.choices import DIMENSION_LABELS, STRENGTH_LABELS

    language = get_language() or "es"
    groups: dict[str, list[dict]] = {}
    for q in instrument.questions:
        groups.setdefault(q["dimension"], []).append(
            {
                "code": q["code"],
                "text": q["text"].get(language[:2]) or q["text"]["es"],
                "strength": STRENGTH_LABELS.get(q["strength"], q["strength"]),
                "answer": (answers or {}).get(q["code"], "not_asked"),
            }
        )
    return [(DIMENSION_LABELS.get(d, d), qs) for d, qs in groups.items()]


class CaseScreeningView(View):
    template_name = "cases/screening_form.html"

    def _context(self, request, case, instrument, answers=None):
        language = (get_language() or "es")[:2]
        return {
            "case": case,
            "instrument": instrument,
            "instrument_name": instrument.label(language),
            "instruments": [(i, i.label(language)) for i in selectors.instruments_for(case=case)],
            "groups": _questions(instrument, answers),
            "answer_choices": Answer.choices,
        }

    def get(self, request, case_id):
        actor = request.actor
        case = selectors.case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
        require(policies.can_screen(actor, case))
        instruments = selectors.instruments_for(case=case)
        chosen = request.GET.get("instrument")
        instrument = selectors.instrument_get(instrument_id=chosen) if chosen else instruments[0]
        return render(request, self.template_name, self._context(request, case, instrument))

    def post(self, request, case_id):
        actor = request.actor
        case = selectors.case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
        instrument = selectors.instrument_get(instrument_id=request.POST.get("instrument"))
        answers = {
            q["code"]: request.POST.get(f"q-{q['code']}", "not_asked") for q in instrument.questions
        }
        try:
            screening = services.screening_record(
                actor=actor, case=case, instrument=instrument, answers=answers
            )
        except (DomainError, ValidationError) as exc:
            flash_service_errors(request, exc)
            return render(
                request,
                self.template_name,
                self._context(request, case, instrument, answers),
                status=400,
            )
        messages.success(
            request,
            _("Screening saved. Suggestion: %(suggestion)s")
            % {"suggestion": screening.get_suggestion_display()},
        )
        return redirect("cases:case-detail", case_id=case.pk)
