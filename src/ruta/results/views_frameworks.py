"""Pages of the results frameworks: the list, a new framework, its tree, its dashboard, and
one route per action (edit, results, indicators, targets, values by hand, narratives)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.coordination.policies import scope_committees
from ruta.core.errors import DomainError, require
from ruta.core.views import ActionView, ActorRequest, apply_validation_error
from ruta.results import policies
from ruta.results import selectors_frameworks as selectors
from ruta.results.forms_frameworks import (
    FrameworkCreateForm,
    FrameworkUpdateForm,
    IndicatorCreateForm,
    IndicatorUpdateForm,
    MeasurementForm,
    NarrativeForm,
    NodeCreateForm,
    NodeUpdateForm,
    TargetForm,
)
from ruta.results.models import Indicator, ResultNode, ResultsFramework, Target
from ruta.results.periods import period_type
from ruta.results.services import frameworks as framework_services
from ruta.results.services import indicators as indicator_services


def _framework_url(framework_id) -> str:
    return reverse("results:framework-detail", kwargs={"framework_id": framework_id})


def _indicator_url(indicator_id) -> str:
    return reverse("results:indicator-detail", kwargs={"indicator_id": indicator_id})


def _committees(request: ActorRequest):
    return scope_committees(request.actor).order_by("name")


class FrameworkListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_use_results(actor))
        return render(
            request,
            "results/frameworks/list.html",
            {
                "frameworks": selectors.framework_list(actor=actor),
                "can_create": policies.can_create_results_framework(actor),
            },
        )


class FrameworkNewView(View):
    template_name = "results/frameworks/form.html"

    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_results_framework(request.actor))
        form = FrameworkCreateForm(committees=_committees(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_create_results_framework(actor))
        form = FrameworkCreateForm(request.POST, committees=_committees(request))
        if form.is_valid():
            try:
                framework = framework_services.framework_create(actor=actor, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError):
                    form.add_error(None, exc.message)
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, _("The results framework was created."))
                return redirect(_framework_url(framework.pk))
        return render(request, self.template_name, {"form": form, "failed_form": form}, status=400)


class FrameworkDetailView(View):
    def get(self, request: ActorRequest, framework_id) -> HttpResponse:
        framework = selectors.framework_get(actor=request.actor, framework_id=framework_id)
        context = selectors.framework_tree(actor=request.actor, framework=framework)
        return render(request, "results/frameworks/detail.html", context)


class FrameworkDashboardView(View):
    def get(self, request: ActorRequest, framework_id) -> HttpResponse:
        framework = selectors.framework_get(actor=request.actor, framework_id=framework_id)
        raw = request.GET.get("year") or ""
        if raw:
            if not raw.isdigit() or int(raw) not in selectors.dashboard_years(framework):
                raise Http404
            year = int(raw)
        else:
            year = selectors.default_year(framework)
        context = selectors.dashboard(actor=request.actor, framework=framework, year=year)
        return render(request, "results/frameworks/dashboard.html", context)


class _FrameworkActionView(ActionView):
    template_name = "results/frameworks/action.html"
    title: Any = ""

    def load(self, request: ActorRequest, **kwargs: Any) -> Any:
        return selectors.framework_for_edit(
            actor=request.actor, framework_id=kwargs["framework_id"]
        )

    def framework_of(self, obj: Any) -> ResultsFramework:
        return obj

    def initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def get(self, request: ActorRequest, **kwargs: Any) -> HttpResponse:
        obj = self.load(request, **kwargs)
        form = self.form_class(initial=self.initial(obj), **self.form_kwargs(request, obj))
        return self.render_page(request, obj, form, 200)

    def render_page(self, request, obj, form, status) -> HttpResponse:
        context = {
            "form": form,
            "obj": obj,
            "framework": self.framework_of(obj),
            "title": self.title,
            "action": request.path,
        }
        if status != 200:
            context["failed_form"] = form
        return render(request, self.template_name, context, status=status)

    def render_failure(self, request, obj, form, status):
        return self.render_page(request, obj, form, status)

    def success_url(self, obj: Any, result: Any) -> str:
        return _framework_url(self.framework_of(obj).pk)


class FrameworkEditView(_FrameworkActionView):
    form_class = FrameworkUpdateForm
    title = gettext_lazy("Change the results framework")
    success_message = gettext_lazy("The results framework was changed.")

    def form_kwargs(self, request, obj):
        return {"committees": _committees(request)}

    def initial(self, obj: ResultsFramework) -> dict[str, Any]:
        fields = ("code", "title", "description", "committee", "starts_on", "ends_on")
        return {
            "version": obj.version,
            **{f: getattr(obj, f) for f in fields},
            "iati_identifier": obj.iati_identifier,
            "iati_reporting_org": obj.iati_reporting_org,
        }

    def perform(self, request, obj, data):
        data = dict(data)
        version = data.pop("version")
        return framework_services.framework_update(
            actor=request.actor, framework=obj, version=version, **data
        )


class NodeAddView(_FrameworkActionView):
    form_class = NodeCreateForm
    title = gettext_lazy("Add a result")
    success_message = gettext_lazy("The result was added.")

    def form_kwargs(self, request, obj):
        return {"framework": obj, "levels": selectors.level_choices(obj)}

    def perform(self, request, obj, data):
        return framework_services.node_create(actor=request.actor, framework=obj, **data)


class NodeEditView(_FrameworkActionView):
    form_class = NodeUpdateForm
    title = gettext_lazy("Change the result")
    success_message = gettext_lazy("The result was changed.")

    def load(self, request, **kwargs):
        return selectors.node_for_edit(actor=request.actor, node_id=kwargs["node_id"])

    def framework_of(self, obj: ResultNode) -> ResultsFramework:
        return obj.framework

    def initial(self, obj: ResultNode) -> dict[str, Any]:
        return {
            "code": obj.code,
            "title": obj.title,
            "description": obj.description,
            "order": obj.order,
        }

    def perform(self, request, obj, data):
        return framework_services.node_update(actor=request.actor, node=obj, **data)


class NodeRemoveView(ActionView):
    success_message = gettext_lazy("The result was removed.")

    def load(self, request, **kwargs):
        return selectors.node_for_edit(actor=request.actor, node_id=kwargs["node_id"])

    def perform(self, request, obj, data):
        return framework_services.node_remove(actor=request.actor, node=obj)

    def success_url(self, obj: ResultNode, result: Any) -> str:
        return _framework_url(obj.framework_id)


class IndicatorNewView(_FrameworkActionView):
    form_class = IndicatorCreateForm
    title = gettext_lazy("New indicator")
    success_message = gettext_lazy("The indicator was created.")

    def form_kwargs(self, request, obj):
        return {"framework": obj}

    def initial(self, obj):
        node_id = self.request.GET.get("result")
        return {"result": node_id} if node_id and len(node_id) == 36 else {}

    def perform(self, request, obj, data):
        return indicator_services.indicator_create(actor=request.actor, framework=obj, **data)

    def success_url(self, obj, result: Indicator) -> str:
        return _indicator_url(result.pk) if result else _framework_url(obj.pk)


class IndicatorDetailView(View):
    def get(self, request: ActorRequest, indicator_id) -> HttpResponse:
        indicator = selectors.indicator_get(actor=request.actor, indicator_id=indicator_id)
        context = selectors.indicator_page(actor=request.actor, indicator=indicator)
        context["target_form"] = TargetForm(auto_id="target_%s")
        context["measurement_form"] = MeasurementForm(auto_id="measurement_%s")
        return render(request, "results/frameworks/indicator.html", context)


def indicator_page(request, indicator: Indicator, bound: dict, status: int) -> HttpResponse:
    context = selectors.indicator_page(actor=request.actor, indicator=indicator)
    context["target_form"] = TargetForm(auto_id="target_%s")
    context["measurement_form"] = MeasurementForm(auto_id="measurement_%s")
    context.update(bound)
    context["failed_form"] = next(iter(bound.values()), None)
    return render(request, "results/frameworks/indicator.html", context, status=status)


class IndicatorEditView(_FrameworkActionView):
    form_class = IndicatorUpdateForm
    title = gettext_lazy("Change the indicator")
    success_message = gettext_lazy("The indicator was changed.")

    def load(self, request, **kwargs):
        return selectors.indicator_for_edit(
            actor=request.actor, indicator_id=kwargs["indicator_id"]
        )

    def framework_of(self, obj: Indicator) -> ResultsFramework:
        return obj.framework

    def form_kwargs(self, request, obj):
        return {"framework": obj.framework}

    def initial(self, obj: Indicator) -> dict[str, Any]:
        fields = (
            "result", "code", "name", "definition", "unit", "direction", "frequency",
            "disaggregations", "baseline_value", "baseline_on", "data_source",
            "collection_method", "responsible_institution", "computation", "order",
        )  # fmt: skip
        return {"version": obj.version, **{f: getattr(obj, f) for f in fields}}

    def perform(self, request, obj, data):
        data = dict(data)
        version = data.pop("version")
        return indicator_services.indicator_update(
            actor=request.actor, indicator=obj, version=version, **data
        )

    def success_url(self, obj, result) -> str:
        return _indicator_url(obj.pk)


class TargetSetView(ActionView):
    form_class = TargetForm
    auto_id = "target_%s"
    success_message = gettext_lazy("The target was saved.")

    def load(self, request, **kwargs):
        return selectors.indicator_for_edit(
            actor=request.actor, indicator_id=kwargs["indicator_id"]
        )

    def perform(self, request, obj, data):
        return indicator_services.target_set(actor=request.actor, indicator=obj, **data)

    def render_failure(self, request, obj, form, status):
        return indicator_page(request, obj, {"target_form": form}, status)

    def success_url(self, obj, result) -> str:
        return _indicator_url(obj.pk) + "#targets"


class TargetRemoveView(ActionView):
    success_message = gettext_lazy("The target was removed.")

    def load(self, request, **kwargs) -> Target:
        return selectors.target_for_edit(actor=request.actor, target_id=kwargs["target_id"])

    def perform(self, request, obj, data):
        return indicator_services.target_remove(actor=request.actor, target=obj)

    def success_url(self, obj: Target, result) -> str:
        return _indicator_url(obj.indicator_id) + "#targets"


class MeasurementRecordView(ActionView):
    form_class = MeasurementForm
    auto_id = "measurement_%s"
    success_message = gettext_lazy("The value was recorded.")

    def load(self, request, **kwargs):
        return selectors.indicator_for_measurement(
            actor=request.actor, indicator_id=kwargs["indicator_id"]
        )

    def perform(self, request, obj, data):
        return indicator_services.measurement_record(actor=request.actor, indicator=obj, **data)

    def render_failure(self, request, obj, form, status):
        return indicator_page(request, obj, {"measurement_form": form}, status)

    def success_url(self, obj, result) -> str:
        return _indicator_url(obj.pk) + "#measurements"


class NarrativeEditView(_FrameworkActionView):
    """The narrative of a period (``?period=2026``, optionally ``&result=<id>``)."""

    form_class = NarrativeForm
    title = gettext_lazy("Narrative for the report")
    success_message = gettext_lazy("The narrative was saved.")

    def form_kwargs(self, request, obj):
        return {"framework": obj}

    def initial(self, obj: ResultsFramework) -> dict[str, Any]:
        period = self.request.GET.get("period") or ""
        if period and period_type(period) is None:
            raise Http404
        result = None
        result_id = self.request.GET.get("result")
        if result_id:
            actor = cast(ActorRequest, self.request).actor
            result = selectors.node_get(actor=actor, node_id=result_id)
            if result.framework_id != obj.pk:
                raise Http404
        narrative = (
            selectors.narrative_get(framework=obj, result=result, period=period) if period else None
        )
        initial: dict[str, Any] = {"period": period, "result": result}
        if narrative is not None:
            initial.update(
                progress=narrative.progress, risks=narrative.risks, version=narrative.version
            )
        return initial

    def perform(self, request, obj, data):
        return indicator_services.narrative_save(actor=request.actor, framework=obj, **data)
