"""Pages of the competency frameworks: list, page, new, copy, edit, and one route per
change to a competency or an indicator (forms on the framework's page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import DomainError, require
from ruta.core.views import ActionView, ActorRequest, apply_validation_error
from ruta.prevention import policies
from ruta.prevention import selectors_courses as selectors
from ruta.prevention.forms_courses import (
    CompetencyForm,
    FrameworkCopyForm,
    FrameworkForm,
    IndicatorForm,
)
from ruta.prevention.models import CompetencyFramework
from ruta.prevention.services import frameworks as services


def _detail(framework: CompetencyFramework) -> str:
    return reverse("prevention:framework-detail", kwargs={"framework_id": framework.pk})


def _labels_initial(entry, field: str = "label", attr: str = "labels") -> dict[str, str]:
    labels = getattr(entry, attr) or {}
    return {f"{field}_{code}": labels.get(code, "") for code in ("es", "en", "fr")}


class FrameworkListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        return render(
            request,
            "prevention/courses/framework_list.html",
            {
                "frameworks": selectors.framework_list(actor=actor),
                "can_create": policies.can_create_framework(actor),
            },
        )


class FrameworkDetailView(View):
    def get(self, request: ActorRequest, framework_id) -> HttpResponse:
        actor = request.actor
        framework = selectors.framework_get(actor=actor, framework_id=framework_id)
        can_edit = policies.can_edit_framework(actor, framework)
        competencies = list(framework.competencies.all())
        context: dict[str, Any] = {
            "framework": framework,
            "competencies": competencies,
            "can_edit": can_edit,
            "can_copy": policies.can_create_framework(actor),
            "copy_form": FrameworkCopyForm(
                initial={"code": f"{framework.code}-copia"[:60]}, auto_id="copy_%s"
            ),
        }
        if can_edit:
            context["competency_form"] = CompetencyForm(auto_id="comp_%s")
            context["competency_forms"] = {
                c.pk: CompetencyForm(
                    new=False,
                    initial={**_labels_initial(c), "position": c.position},
                    auto_id=f"c{c.pk.hex[:8]}_%s",
                )
                for c in competencies
            }
            context["indicator_forms"] = {
                c.pk: IndicatorForm(auto_id=f"i{c.pk.hex[:8]}_%s") for c in competencies
            }
            context["indicator_edit_forms"] = {
                i.pk: IndicatorForm(
                    new=False, initial=_labels_initial(i), auto_id=f"e{i.pk.hex[:8]}_%s"
                )
                for c in competencies
                for i in c.indicators.all()
            }
        return render(request, "prevention/courses/framework_detail.html", context)


class _FrameworkFormView(View):
    def _render(self, request, form, framework, status=200) -> HttpResponse:
        return render(
            request,
            "prevention/courses/framework_form.html",
            {"form": form, "framework": framework},
            status=status,
        )

    def _save(self, request, form, framework) -> HttpResponse:
        if form.is_valid():
            try:
                framework = self.perform(request, form, framework)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError):
                    form.add_error(None, exc.message)
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, _("The framework was saved."))
                return redirect(_detail(framework))
        return self._render(request, form, framework if framework.pk else None, status=400)

    def perform(self, request, form, framework) -> CompetencyFramework:
        raise NotImplementedError


class FrameworkNewView(_FrameworkFormView):
    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_framework(request.actor))
        return self._render(request, FrameworkForm(), None)

    def post(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_framework(request.actor))
        return self._save(request, FrameworkForm(request.POST), CompetencyFramework())

    def perform(self, request, form, framework) -> CompetencyFramework:
        return services.framework_create(
            actor=request.actor,
            code=form.cleaned_data["code"],
            labels=form.labels(),
            descriptions=form.descriptions(),
        )


class FrameworkEditView(_FrameworkFormView):
    def _load(self, request, framework_id) -> CompetencyFramework:
        framework = selectors.framework_get(actor=request.actor, framework_id=framework_id)
        require(policies.can_edit_framework(request.actor, framework))
        return framework

    def get(self, request: ActorRequest, framework_id) -> HttpResponse:
        framework = self._load(request, framework_id)
        initial = {
            **_labels_initial(framework),
            **_labels_initial(framework, "description", "descriptions"),
            "version": framework.version,
            "is_active": framework.is_active,
        }
        return self._render(request, FrameworkForm(new=False, initial=initial), framework)

    def post(self, request: ActorRequest, framework_id) -> HttpResponse:
        framework = self._load(request, framework_id)
        return self._save(request, FrameworkForm(request.POST, new=False), framework)

    def perform(self, request, form, framework) -> CompetencyFramework:
        data = form.cleaned_data
        return services.framework_update(
            actor=request.actor,
            framework=framework,
            version=data["version"],
            labels=form.labels(),
            descriptions=form.descriptions(),
            is_active=data["is_active"],
        )


class FrameworkCopyView(ActionView):
    form_class = FrameworkCopyForm
    success_message = gettext_lazy("The framework was copied: your institution can edit the copy.")

    def load(self, request, **kwargs):
        require(policies.can_create_framework(request.actor))
        return selectors.framework_get(actor=request.actor, framework_id=kwargs["framework_id"])

    def perform(self, request, obj, data):
        return services.framework_copy(actor=request.actor, framework=obj, code=data["code"])

    def success_url(self, obj, result):
        return _detail(result if result is not None else obj)


class _FrameworkAction(ActionView):
    success_message = gettext_lazy("The framework was saved.")

    def framework_of(self, obj) -> CompetencyFramework:
        raise NotImplementedError

    def success_url(self, obj, result):
        return _detail(self.framework_of(obj))


class CompetencyAddView(_FrameworkAction):
    form_class = CompetencyForm

    def load(self, request, **kwargs):
        framework = selectors.framework_get(
            actor=request.actor, framework_id=kwargs["framework_id"]
        )
        require(policies.can_edit_framework(request.actor, framework))
        return framework

    def framework_of(self, obj):
        return obj

    def perform(self, request, obj, data):
        return services.competency_add(
            actor=request.actor, framework=obj, code=data["code"], labels=_posted_labels(data)
        )


def _posted_labels(data: dict) -> dict[str, str]:
    return {code: data.get(f"label_{code}", "") for code in ("es", "en", "fr")}


class _CompetencyAction(_FrameworkAction):
    def load(self, request, **kwargs):
        competency = selectors.competency_get(
            actor=request.actor, competency_id=kwargs["competency_id"]
        )
        require(policies.can_edit_framework(request.actor, competency.framework))
        return competency

    def framework_of(self, obj):
        return obj.framework


class CompetencyEditView(_CompetencyAction):
    def get_form(self, request, obj):
        return CompetencyForm(request.POST, new=False)

    def perform(self, request, obj, data):
        return services.competency_update(
            actor=request.actor,
            competency=obj,
            labels=_posted_labels(data),
            position=data.get("position"),
        )


class CompetencyRemoveView(_CompetencyAction):
    success_message = gettext_lazy("The competency was removed.")

    def perform(self, request, obj, data):
        return services.competency_remove(actor=request.actor, competency=obj)


class IndicatorAddView(_CompetencyAction):
    form_class = IndicatorForm

    def perform(self, request, obj, data):
        return services.indicator_add(
            actor=request.actor, competency=obj, code=data["code"], labels=_posted_labels(data)
        )


class _IndicatorAction(_FrameworkAction):
    def load(self, request, **kwargs):
        indicator = selectors.indicator_get(
            actor=request.actor, indicator_id=kwargs["indicator_id"]
        )
        require(policies.can_edit_framework(request.actor, indicator.competency.framework))
        return indicator

    def framework_of(self, obj):
        return obj.competency.framework


class IndicatorEditView(_IndicatorAction):
    def get_form(self, request, obj):
        return IndicatorForm(request.POST, new=False)

    def perform(self, request, obj, data):
        return services.indicator_update(
            actor=request.actor, indicator=obj, labels=_posted_labels(data)
        )


class IndicatorRemoveView(_IndicatorAction):
    success_message = gettext_lazy("The indicator was removed.")

    def perform(self, request, obj, data):
        return services.indicator_remove(actor=request.actor, indicator=obj)
