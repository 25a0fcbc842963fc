"""Pages of the data sets: the list, a new one, its page (elements, rules, completeness
grid), its edit form, and one route per action on elements and rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import DomainError, require
from ruta.core.pagination import countless_page
from ruta.core.views import ActionView, ActorRequest, apply_validation_error
from ruta.results import policies
from ruta.results import selectors_returns as selectors
from ruta.results.forms_returns import DataSetForm, DataSetUpdateForm, ElementForm, RuleForm
from ruta.results.models import DataElement, DataSet, ValidationRule
from ruta.results.services import datasets as services


class RecordFormView(View):
    """A record's new or edit page: one form, the service's errors beside their fields."""

    template_name: str
    context_name: str
    saved_message: Any

    def detail_url(self, obj: Any) -> str:
        raise NotImplementedError

    def perform(self, request, data: dict[str, Any], obj: Any) -> Any:
        raise NotImplementedError

    def _render(self, request, form, obj, status=200) -> HttpResponse:
        context = {"form": form, self.context_name: obj, "failed_form": form if status else None}
        if status == 200:
            context["failed_form"] = None
        return render(request, self.template_name, context, status=status)

    def _save(self, request, form, obj) -> HttpResponse:
        if form.is_valid():
            try:
                obj = self.perform(request, dict(form.cleaned_data), obj)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError):
                    form.add_error(None, exc.message)
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, str(self.saved_message))
                return redirect(self.detail_url(obj))
        return self._render(request, form, obj, status=400)


def _detail_url(data_set_id) -> str:
    return reverse("results:dataset-detail", kwargs={"data_set_id": data_set_id})


def data_set_page(
    request: ActorRequest,
    data_set: DataSet,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.actor
    context: dict[str, Any] = {
        "data_set": data_set,
        "can_manage": policies.can_manage_data_set(actor, data_set),
        "can_open": policies.can_open_return(actor, data_set),
        "grid": selectors.completeness_grid(actor=actor, data_set=data_set),
        "element_form": ElementForm(auto_id="element_%s"),
        "rule_form": RuleForm(auto_id="rule_%s", data_set=data_set),
    }
    bound = bound or {}
    context.update(bound)
    context["failed_form"] = next(iter(bound.values()), None)
    return render(request, "results/datasets/detail.html", context, status=status)


class DataSetListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_use_returns(actor))
        page = countless_page(selectors.data_set_list(actor=actor), request.GET.get("page"), 50)
        return render(
            request,
            "results/datasets/list.html",
            {"page": page, "can_create": policies.can_create_data_set(actor), "query": ""},
        )


class DataSetNewView(RecordFormView):
    template_name = "results/datasets/form.html"
    context_name = "data_set"
    saved_message = gettext_lazy("The data set was recorded.")

    def detail_url(self, obj: DataSet) -> str:
        return _detail_url(obj.pk)

    def perform(self, request, data: dict[str, Any], obj: Any) -> DataSet:
        return services.data_set_create(actor=request.actor, **data)

    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_data_set(request.actor))
        return self._render(request, DataSetForm(), None)

    def post(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_data_set(request.actor))
        return self._save(request, DataSetForm(request.POST), None)


class DataSetDetailView(View):
    def get(self, request: ActorRequest, data_set_id) -> HttpResponse:
        data_set = selectors.data_set_get(actor=request.actor, data_set_id=data_set_id)
        return data_set_page(request, data_set)


class DataSetEditView(RecordFormView):
    template_name = "results/datasets/form.html"
    context_name = "data_set"
    saved_message = gettext_lazy("The data set was changed.")

    def detail_url(self, obj: DataSet) -> str:
        return _detail_url(obj.pk)

    def perform(self, request, data: dict[str, Any], obj: DataSet) -> DataSet:
        version = data.pop("version")
        return services.data_set_update(actor=request.actor, data_set=obj, version=version, **data)

    def get(self, request: ActorRequest, data_set_id) -> HttpResponse:
        data_set = selectors.data_set_for_manage(actor=request.actor, data_set_id=data_set_id)
        initial = {
            "version": data_set.version,
            "code": data_set.code,
            "name": data_set.name,
            "description": data_set.description,
            "period_type": data_set.period_type,
            "first_period": data_set.first_period,
            "due_days": data_set.due_days,
            "reporting_institutions": list(data_set.reporting_institutions.all()),
            "is_active": data_set.is_active,
        }
        return self._render(request, DataSetUpdateForm(initial=initial), data_set)

    def post(self, request: ActorRequest, data_set_id) -> HttpResponse:
        data_set = selectors.data_set_for_manage(actor=request.actor, data_set_id=data_set_id)
        return self._save(request, DataSetUpdateForm(request.POST), data_set)


class _DataSetActionView(ActionView):
    page_form = ""

    def load(self, request: ActorRequest, **kwargs: Any) -> DataSet:
        return selectors.data_set_for_manage(actor=request.actor, data_set_id=kwargs["data_set_id"])

    def render_failure(self, request, obj, form, status):
        return data_set_page(request, obj, bound={self.page_form: form}, status=status)

    def success_url(self, obj: DataSet, result: Any) -> str:
        return _detail_url(obj.pk)


class ElementAddView(_DataSetActionView):
    page_form = "element_form"
    form_class = ElementForm
    auto_id = "element_%s"
    success_message = gettext_lazy("The element was added.")

    def perform(self, request: ActorRequest, obj: DataSet, data: dict[str, Any]) -> Any:
        return services.element_add(actor=request.actor, data_set=obj, **data)

    def success_url(self, obj: DataSet, result: Any) -> str:
        return _detail_url(obj.pk) + "#elements"


class RuleAddView(_DataSetActionView):
    page_form = "rule_form"
    form_class = RuleForm
    auto_id = "rule_%s"
    success_message = gettext_lazy("The rule was added.")

    def form_kwargs(self, request: ActorRequest, obj: DataSet) -> dict[str, Any]:
        return {"data_set": obj}

    def perform(self, request: ActorRequest, obj: DataSet, data: dict[str, Any]) -> Any:
        return services.rule_add(actor=request.actor, data_set=obj, **data)

    def success_url(self, obj: DataSet, result: Any) -> str:
        return _detail_url(obj.pk) + "#rules"


class ElementEditView(RecordFormView):
    template_name = "results/datasets/element_form.html"
    context_name = "element"
    saved_message = gettext_lazy("The element was changed.")

    def detail_url(self, obj: DataElement) -> str:
        return _detail_url(obj.data_set_id) + "#elements"

    def perform(self, request, data: dict[str, Any], obj: DataElement) -> DataElement:
        return services.element_update(actor=request.actor, element=obj, **data)

    def get(self, request: ActorRequest, element_id) -> HttpResponse:
        element = selectors.element_for_manage(actor=request.actor, element_id=element_id)
        initial = {
            f: getattr(element, f)
            for f in ("code", "name", "disaggregation", "min_value", "max_value", "order")
        }
        return self._render(request, ElementForm(initial=initial), element)

    def post(self, request: ActorRequest, element_id) -> HttpResponse:
        element = selectors.element_for_manage(actor=request.actor, element_id=element_id)
        return self._save(request, ElementForm(request.POST), element)


class ElementRemoveView(ActionView):
    success_message = gettext_lazy("The element was removed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> DataElement:
        return selectors.element_for_manage(actor=request.actor, element_id=kwargs["element_id"])

    def perform(self, request: ActorRequest, obj: DataElement, data: dict[str, Any]) -> Any:
        return services.element_remove(actor=request.actor, element=obj)

    def success_url(self, obj: DataElement, result: Any) -> str:
        return _detail_url(obj.data_set_id) + "#elements"


class RuleRemoveView(ActionView):
    success_message = gettext_lazy("The rule was removed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> ValidationRule:
        return selectors.rule_for_manage(actor=request.actor, rule_id=kwargs["rule_id"])

    def perform(self, request: ActorRequest, obj: ValidationRule, data: dict[str, Any]) -> Any:
        return services.rule_remove(actor=request.actor, rule=obj)

    def success_url(self, obj: ValidationRule, result: Any) -> str:
        return _detail_url(obj.data_set_id) + "#rules"
