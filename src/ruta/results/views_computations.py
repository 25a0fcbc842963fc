"""Pages: recomputing a framework's computed indicators for a period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.core.views import ActionView, ActorRequest
from ruta.results import selectors_frameworks as selectors
from ruta.results.models import ResultsFramework
from ruta.results.services.recompute import framework_recompute


class RecomputeForm(forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=8,
        help_text=gettext_lazy("A year (2026), a quarter (2026Q1) or a month (202601)."),
    )


class FrameworkRecomputeView(ActionView):
    form_class = RecomputeForm
    auto_id = "recompute_%s"
    success_message = ""  # the count, said by perform()

    def load(self, request: ActorRequest, **kwargs: Any) -> ResultsFramework:
        return selectors.framework_for_edit(
            actor=request.actor, framework_id=kwargs["framework_id"]
        )

    def perform(self, request: ActorRequest, obj: ResultsFramework, data: dict) -> int:
        stored = framework_recompute(actor=request.actor, framework=obj, period=data["period"])
        messages.success(
            request,
            _("%(n)s values were computed for %(period)s.")
            % {"n": stored, "period": data["period"]},
        )
        return stored

    def success_url(self, obj: ResultsFramework, result: Any) -> str:
        return reverse("results:framework-detail", kwargs={"framework_id": obj.pk})
