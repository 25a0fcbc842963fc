"""Pages of labour inspections: the list, a new inspection, its page, and one route per
action (edit, add / remove a measure, raise the report into the protection intake)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import DomainError, require
from ruta.core.pagination import countless_page
from ruta.core.views import ActionView, ActorRequest, apply_validation_error, base_url
from ruta.prevention import policies
from ruta.prevention import selectors_outreach as selectors
from ruta.prevention.forms_outreach import (
    ANSWER_PREFIX,
    InspectionCreateForm,
    InspectionUpdateForm,
    MeasureForm,
    inspection_values,
)
from ruta.prevention.models import Inspection, InspectionMeasure
from ruta.prevention.services import inspections as services


def _detail_url(inspection_id) -> str:
    return reverse("prevention:inspection-detail", kwargs={"inspection_id": inspection_id})


def inspection_page(
    request: ActorRequest,
    inspection: Inspection,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = selectors.inspection_page(actor=request.actor, inspection=inspection)
    context["measure_form"] = MeasureForm(auto_id="measure_%s")
    bound = bound or {}
    context.update(bound)
    context["failed_form"] = next(iter(bound.values()), None)
    return render(request, "prevention/inspections/detail.html", context, status=status)


class InspectionListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_record_inspection(actor))
        page = countless_page(selectors.inspection_list(actor=actor), request.GET.get("page"), 50)
        return render(
            request,
            "prevention/inspections/list.html",
            {"page": page, "can_create": policies.can_record_inspection(actor), "query": ""},
        )


def _form_kwargs(request: ActorRequest, inspection: Inspection | None = None) -> dict[str, Any]:
    institution_id = inspection.institution_id if inspection else request.actor.institution_id
    instrument = (inspection.instrument if inspection else None) or (
        services.forced_labour_instrument()
    )
    return {"inspectors": services.inspectors_for(institution_id), "instrument": instrument}


class InspectionNewView(View):
    template_name = "prevention/inspections/form.html"

    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_record_inspection(request.actor))
        form = InspectionCreateForm(**_form_kwargs(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_record_inspection(actor))
        form = InspectionCreateForm(request.POST, **_form_kwargs(request))
        if form.is_valid():
            try:
                inspection = services.inspection_create(
                    actor=actor, **inspection_values(form.cleaned_data)
                )
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError):
                    form.add_error(None, exc.message)
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, _("The inspection was recorded."))
                return redirect(_detail_url(inspection.pk))
        return render(request, self.template_name, {"form": form, "failed_form": form}, status=400)


class InspectionDetailView(View):
    def get(self, request: ActorRequest, inspection_id) -> HttpResponse:
        inspection = selectors.inspection_get(actor=request.actor, inspection_id=inspection_id)
        selectors.inspection_view(actor=request.actor, inspection=inspection)
        return inspection_page(request, inspection)


def _initial(inspection: Inspection) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "version": inspection.version,
        "establishment": inspection.establishment,
        "sector": inspection.sector,
        "department": inspection.department_id,
        "municipality": inspection.municipality_id,
        "place": inspection.place,
        "inspected_on": inspection.inspected_on,
        "inspectors": list(inspection.inspectors.values_list("pk", flat=True)),
        "findings": inspection.findings,
    }
    for name in services.WORKER_FIELDS:
        initial[name] = getattr(inspection, name)
    for code, answer in inspection.answers.items():
        initial[ANSWER_PREFIX + code] = answer
    return initial


class _InspectionActionView(ActionView):
    page_form = ""

    def load(self, request: ActorRequest, **kwargs: Any) -> Inspection:
        inspection = selectors.inspection_get(
            actor=request.actor, inspection_id=kwargs["inspection_id"]
        )
        require(policies.can_edit_inspection(request.actor, inspection))
        return inspection

    def render_failure(self, request, obj, form, status):
        obj.refresh_from_db()
        return inspection_page(request, obj, bound={self.page_form: form}, status=status)

    def success_url(self, obj: Inspection, result: Any) -> str:
        return _detail_url(obj.pk)


class InspectionEditView(_InspectionActionView):
    """The details form (GET) and its change (POST), naming the version read."""

    form_class = InspectionUpdateForm
    template_name = "prevention/inspections/form.html"
    success_message = gettext_lazy("The inspection was changed.")

    def form_kwargs(self, request: ActorRequest, obj: Inspection) -> dict[str, Any]:
        return _form_kwargs(request, obj)

    def get(self, request: ActorRequest, inspection_id) -> HttpResponse:
        inspection = self.load(request, inspection_id=inspection_id)
        form = InspectionUpdateForm(
            initial=_initial(inspection), **_form_kwargs(request, inspection)
        )
        return render(request, self.template_name, {"form": form, "inspection": inspection})

    def perform(self, request: ActorRequest, obj: Inspection, data: dict[str, Any]) -> Any:
        values = inspection_values(data)
        version = values.pop("version")
        return services.inspection_update(
            actor=request.actor, inspection=obj, version=version, **values
        )

    def render_failure(self, request, obj, form, status):
        context = {"form": form, "failed_form": form, "inspection": obj}
        return render(request, self.template_name, context, status=status)


class InspectionMeasureAddView(_InspectionActionView):
    page_form = "measure_form"
    form_class = MeasureForm
    auto_id = "measure_%s"
    success_message = gettext_lazy("The measure was recorded.")

    def perform(self, request: ActorRequest, obj: Inspection, data: dict[str, Any]) -> Any:
        return services.measure_add(actor=request.actor, inspection=obj, **data)

    def success_url(self, obj: Inspection, result: Any) -> str:
        return _detail_url(obj.pk) + "#measures"


class InspectionMeasureRemoveView(ActionView):
    success_message = gettext_lazy("The measure was removed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> InspectionMeasure:
        measure = selectors.measure_get(actor=request.actor, measure_id=kwargs["measure_id"])
        require(policies.can_edit_inspection(request.actor, measure.inspection))
        return measure

    def perform(self, request: ActorRequest, obj: InspectionMeasure, data: dict[str, Any]) -> Any:
        return services.measure_remove(actor=request.actor, measure=obj)

    def success_url(self, obj: InspectionMeasure, result: Any) -> str:
        return _detail_url(obj.inspection_id) + "#measures"


class InspectionRaiseReportView(_InspectionActionView):
    page_form = "raise_form"
    success_message = gettext_lazy("The report was raised into the protection intake.")

    def perform(self, request: ActorRequest, obj: Inspection, data: dict[str, Any]) -> Any:
        return services.inspection_raise_report(
            actor=request.actor, inspection=obj, base_url=base_url(request)
        )

    def success_url(self, obj: Inspection, result: Any) -> str:
        return _detail_url(obj.pk) + "#report"
