"""Pages of the criminal file: the list, opening a file, its page, and one route per action
(each a POST with its own form, through one service). Police operations likewise."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ruta.core.errors import DomainError, require
from ruta.core.pagination import countless_page
from ruta.core.views import ActionView, ActorRequest, apply_validation_error
from ruta.prosecution import policies, selectors, services
from ruta.prosecution.choices import OffenceClass, Stage
from ruta.prosecution.forms import (
    AssignForm,
    CloseEarlyForm,
    FileCreateForm,
    FileUpdateForm,
    HearingResultForm,
    HearingScheduleForm,
    LinkReportsForm,
    OperationForm,
    StageAdvanceForm,
    StageCorrectForm,
)
from ruta.prosecution.models import CriminalFile, Hearing, Operation

# Each form of the file page, with its id namespace (no id repeats on the page).
PAGE_FORMS = {
    "update_form": "upd_%s",
    "assign_form": "asg_%s",
    "advance_form": "adv_%s",
    "correct_form": "cor_%s",
    "close_form": "clo_%s",
    "hearing_form": "hea_%s",
}


def _details_initial(file: CriminalFile) -> dict[str, Any]:
    return {
        "version": file.version,
        "police_number": file.police_number,
        "prosecutor_number": file.prosecutor_number,
        "court_number": file.court_number,
        "court": file.court,
        "judge": file.judge,
        "offence": str(file.offence_id),
        "department": file.department_id,
        "municipality": file.municipality_id,
        "forms_of_exploitation": file.forms_of_exploitation,
        "summary": file.summary,
    }


def _page_forms(file: CriminalFile) -> dict[str, forms.Form]:
    v = {"version": file.version}
    return {
        "update_form": FileUpdateForm(initial=_details_initial(file), auto_id="upd_%s"),
        "assign_form": AssignForm(
            initial={**v, "user": file.assigned_to_id},
            users=selectors.assignees(file=file),
            auto_id="asg_%s",
        ),
        "advance_form": StageAdvanceForm(
            initial=v, stages=selectors.later_stages(file), auto_id="adv_%s"
        ),
        "correct_form": StageCorrectForm(
            initial={**v, "stage": file.stage},
            stages=selectors.earlier_stages(file),
            auto_id="cor_%s",
        ),
        "close_form": CloseEarlyForm(initial=v, auto_id="clo_%s"),
        "hearing_form": HearingScheduleForm(initial={"court": file.court}, auto_id="hea_%s"),
    }


def file_page(
    request: ActorRequest,
    file: CriminalFile,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The file's page; ``bound`` puts back a refused form with its errors."""
    actor = request.actor
    context = selectors.file_page(actor=actor, file=file)
    context.update(_page_forms(file))
    bound = bound or {}
    context.update(bound)
    context["failed_form"] = next(iter(bound.values()), None)
    context["result_forms"] = {
        h.pk: HearingResultForm(initial={"version": h.version}, auto_id=f"res{h.pk.hex[:8]}_%s")
        for h in context["hearings"]
        if not h.result
    }
    return render(request, "prosecution/file_detail.html", context, status=status)


class FileListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_list_files(actor))
        filters = {
            "stage": request.GET.get("stage", "")[:20],
            "classification": request.GET.get("classification", "")[:12],
            "state": request.GET.get("state", "")[:6],
        }
        files = selectors.file_list(actor=actor, filters=filters)
        page = countless_page(files, request.GET.get("page"), 50)
        for file in page:
            file.overdue = selectors.is_overdue(file)
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "prosecution/file_list.html",
            {
                "page": page,
                "filters": filters,
                "stages": Stage.choices,
                "classifications": OffenceClass.choices,
                "can_create": policies.can_create_file(actor),
                "query": query.urlencode(),
            },
        )


class FileNewView(View):
    template_name = "prosecution/file_form.html"

    def _form(self, request: ActorRequest, data=None) -> FileCreateForm:
        return FileCreateForm(data, operations=policies.scope_operations(request.actor))

    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_file(request.actor))
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_create_file(actor))
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                file = services.file_create(actor=actor, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError):
                    form.add_error(None, exc.message)
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, _("The criminal file was opened."))
                return redirect("prosecution:file-detail", file_id=file.pk)
        return render(request, self.template_name, {"form": form, "failed_form": form}, status=400)


class FileDetailView(View):
    def get(self, request: ActorRequest, file_id) -> HttpResponse:
        file = selectors.file_for(actor=request.actor, file_id=file_id)
        selectors.file_view(actor=request.actor, file=file)
        return file_page(request, file)


class _FileActionView(ActionView):
    """An action of the file page: the file in scope (404 outside); refused, the page comes
    back around the form with its errors."""

    page_form: str = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.page_form:
            cls.auto_id = PAGE_FORMS[cls.page_form]

    def load(self, request: ActorRequest, **kwargs: Any) -> CriminalFile:
        return selectors.file_for(actor=request.actor, file_id=kwargs["file_id"])

    def render_failure(
        self, request: ActorRequest, obj: CriminalFile, form: forms.Form, status: int
    ) -> HttpResponse | None:
        obj.refresh_from_db()
        return file_page(request, obj, bound={self.page_form: form}, status=status)

    def success_url(self, obj: CriminalFile, result: Any) -> str:
        return reverse("prosecution:file-detail", kwargs={"file_id": obj.pk})


class FileUpdateView(_FileActionView):
    page_form = "update_form"
    form_class = FileUpdateForm

    def perform(self, request: ActorRequest, obj: CriminalFile, data: dict[str, Any]):
        data = dict(data)
        version = data.pop("version")
        return services.file_update(actor=request.actor, file=obj, version=version, **data)


class FileAssignView(_FileActionView):
    page_form = "assign_form"
    form_class = AssignForm

    def form_kwargs(self, request: ActorRequest, obj: CriminalFile) -> dict[str, Any]:
        return {"users": selectors.assignees(file=obj)}

    def perform(self, request: ActorRequest, obj: CriminalFile, data: dict[str, Any]):
        return services.file_assign(
            actor=request.actor, file=obj, version=data["version"], user=data["user"]
        )


class StageAdvanceView(_FileActionView):
    page_form = "advance_form"
    form_class = StageAdvanceForm
    success_message = _("The file moved to its new stage.")

    def form_kwargs(self, request: ActorRequest, obj: CriminalFile) -> dict[str, Any]:
        return {"stages": selectors.later_stages(obj)}

    def perform(self, request: ActorRequest, obj: CriminalFile, data: dict[str, Any]):
        return services.stage_advance(
            actor=request.actor,
            file=obj,
            version=data["version"],
            stage=data["stage"],
            on=data["on"],
        )


class StageCorrectView(_FileActionView):
    page_form = "correct_form"
    form_class = StageCorrectForm
    success_message = _("The stage was corrected.")

    def form_kwargs(self, request: ActorRequest, obj: CriminalFile) -> dict[str, Any]:
        return {"stages": selectors.earlier_stages(obj)}

    def perform(self, request: ActorRequest, obj: CriminalFile, data: dict[str, Any]):
        return services.stage_correct(
            actor=request.actor,
            file=obj,
            version=data["version"],
            stage=data["stage"],
            on=data["on"],
            reason=data["reason"],
        )


class FileCloseEarlyView(_FileActionView):
    page_form = "close_form"
    form_class = CloseEarlyForm
    success_message = _("The file was closed.")

    def perform(self, request: ActorRequest, obj: CriminalFile, data: dict[str, Any]):
        return services.file_close_early(
            actor=request.actor,
            file=obj,
            version=data["version"],
            reason=data["reason"],
            on=data["on"],
            note=data["note"],
        )


class HearingScheduleView(_FileActionView):
    page_form = "hearing_form"
    form_class = HearingScheduleForm
    success_message = _("The hearing was scheduled.")

    def perform(self, request: ActorRequest, obj: CriminalFile, data: dict[str, Any]):
        return services.hearing_schedule(
            actor=request.actor,
            file=obj,
            type=data["type"],
            starts_at=data["starts_at"],
            court=data["court"],
        )


class HearingResultView(ActionView):
    form_class = HearingResultForm
    success_message = _("The result of the hearing was recorded.")

    def load(self, request: ActorRequest, **kwargs: Any) -> Hearing:
        return selectors.hearing_for(actor=request.actor, hearing_id=kwargs["hearing_id"])

    def perform(self, request: ActorRequest, obj: Hearing, data: dict[str, Any]):
        return services.hearing_record_result(
            actor=request.actor,
            hearing=obj,
            version=data["version"],
            result=data["result"],
            note=data["note"],
            next_starts_at=data.get("next_starts_at"),
            next_type=data.get("next_type") or "",
        )

    def success_url(self, obj: Hearing, result: Any) -> str:
        return reverse("prosecution:file-detail", kwargs={"file_id": obj.file_id}) + "#hearings"


# --- Police operations -----------------------------------------------------------------------


class OperationListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_list_files(actor))
        page = Paginator(selectors.operation_list(actor=actor), 50).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "prosecution/operation_list.html",
            {"page": page, "can_create": policies.can_create_operation(actor), "query": ""},
        )


class OperationNewView(View):
    template_name = "prosecution/operation_form.html"

    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_operation(request.actor))
        return render(request, self.template_name, {"form": OperationForm()})

    def post(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_create_operation(actor))
        form = OperationForm(request.POST)
        if form.is_valid():
            try:
                operation = services.operation_create(actor=actor, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError):
                    form.add_error(None, exc.message)
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, _("The police operation was recorded."))
                return redirect("prosecution:operation-detail", operation_id=operation.pk)
        return render(request, self.template_name, {"form": form, "failed_form": form}, status=400)


def _operation_page(request, operation, *, form=None, status=200) -> HttpResponse:
    actor = request.actor
    context = selectors.operation_page(actor=actor, operation=operation)
    context["link_form"] = form or LinkReportsForm(
        initial={"version": operation.version},
        reports=selectors.linkable_reports(actor=actor),
    )
    context["failed_form"] = form
    return render(request, "prosecution/operation_detail.html", context, status=status)


class OperationDetailView(View):
    def get(self, request: ActorRequest, operation_id) -> HttpResponse:
        operation = selectors.operation_for(actor=request.actor, operation_id=operation_id)
        return _operation_page(request, operation)


class OperationLinkReportsView(ActionView):
    form_class = LinkReportsForm
    success_message = _("The reports were linked to the operation.")

    def load(self, request: ActorRequest, **kwargs: Any) -> Operation:
        operation = selectors.operation_for(
            actor=request.actor, operation_id=kwargs["operation_id"]
        )
        # A partner sees the operation but does not change it: 404 before the form is read.
        require(policies.can_edit_operation(request.actor, operation))
        return operation

    def form_kwargs(self, request: ActorRequest, obj: Operation) -> dict[str, Any]:
        return {"reports": selectors.linkable_reports(actor=request.actor)}

    def perform(self, request: ActorRequest, obj: Operation, data: dict[str, Any]):
        return services.operation_link_reports(
            actor=request.actor,
            operation=obj,
            version=data["version"],
            reports=list(data["reports"]),
        )

    def render_failure(self, request, obj, form, status):
        obj.refresh_from_db()
        return _operation_page(request, obj, form=form, status=status)

    def success_url(self, obj: Operation, result: Any) -> str:
        return reverse("prosecution:operation-detail", kwargs={"operation_id": obj.pk})
