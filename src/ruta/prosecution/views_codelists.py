"""The code-list pages: the platform administrator keeps the offences (trafficking and the
related offences apart), the aggravating circumstances and each stage's time limit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import ConflictError, require, uuid_or_404
from ruta.core.views import ActionView, apply_validation_error
from ruta.prosecution import policies
from ruta.prosecution.choices import STAGE_ORDER, Stage
from ruta.prosecution.forms_codelists import AggravatingForm, OffenceForm, TimeLimitForm
from ruta.prosecution.models import (
    AggravatingCircumstance,
    Offence,
    PerpetratorRole,
    StageTimeLimit,
)
from ruta.prosecution.services import codelists as services


class CodeListsView(View):
    def get(self, request):
        require(policies.can_manage_code_lists(request.actor))
        limits = {limit.stage: limit for limit in StageTimeLimit.objects.all()}
        stages = [
            {
                "stage": stage,
                "label": Stage(stage).label,
                "limit": limits.get(stage),
                "form": TimeLimitForm(
                    initial={
                        "days": limits[stage].days if stage in limits else None,
                        "version": limits[stage].version if stage in limits else None,
                    },
                    auto_id=f"id_limit_{stage}_%s",
                ),
            }
            for stage in STAGE_ORDER
            if stage != Stage.FINAL
        ]
        language = request.LANGUAGE_CODE[:2]

        def named(qs):
            return [(entry, entry.label(language)) for entry in qs]

        return render(
            request,
            "prosecution/codelists/code_lists.html",
            {
                "offences": named(Offence.objects.all()),
                "aggravating": named(AggravatingCircumstance.objects.all()),
                "roles": named(PerpetratorRole.objects.all()),
                "stages": stages,
            },
        )


class _EntryView(View):
    """Add (no id) or change an entry of one code list."""

    model: Any
    form_class: Any
    save: Any
    title_new: Any
    title_edit: Any

    def perform(self, request, entry, form) -> None:
        raise NotImplementedError

    def _entry(self, request, entry_id):
        require(policies.can_manage_code_lists(request.actor))
        if entry_id is None:
            return None
        return get_object_or_404(self.model, pk=uuid_or_404(entry_id))

    def _render(self, request, form, entry, status=200):
        return render(
            request,
            "prosecution/codelists/entry_form.html",
            {
                "form": form,
                "entry": entry,
                "title": self.title_edit if entry else self.title_new,
            },
            status=status,
        )

    def get(self, request, entry_id=None):
        entry = self._entry(request, entry_id)
        form = self.form_class(initial=self.form_class.initial_for(entry) if entry else None)
        return self._render(request, form, entry)

    def post(self, request, entry_id=None):
        entry = self._entry(request, entry_id)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(request, entry, form)
            except ConflictError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The code list was saved."))
                return redirect("prosecution:code-lists")
        return self._render(request, form, entry, status=400)


class OffenceEditView(_EntryView):
    model = Offence
    form_class = OffenceForm
    title_new = gettext_lazy("New offence")
    title_edit = gettext_lazy("Edit offence")

    def perform(self, request, entry, form):
        data = form.cleaned_data
        services.offence_save(
            actor=request.actor,
            offence=entry,
            version=data["version"],
            code=data["code"],
            classification=data["classification"],
            labels=form.labels(),
            article=data["article"],
            law=data["law"],
            is_active=data["is_active"],
        )


class AggravatingEditView(_EntryView):
    model = AggravatingCircumstance
    form_class = AggravatingForm
    title_new = gettext_lazy("New aggravating circumstance")
    title_edit = gettext_lazy("Edit aggravating circumstance")

    def perform(self, request, entry, form):
        data = form.cleaned_data
        services.aggravating_save(
            actor=request.actor,
            entry=entry,
            version=data["version"],
            code=data["code"],
            labels=form.labels(),
            article=data["article"],
            is_active=data["is_active"],
        )


class TimeLimitEditView(ActionView):
    form_class = TimeLimitForm
    success_message = gettext_lazy("The time limit was saved.")

    def load(self, request, **kwargs):
        require(policies.can_manage_code_lists(request.actor))
        stage = kwargs["stage"]
        if stage not in STAGE_ORDER or stage == Stage.FINAL:
            from django.http import Http404

            raise Http404
        return stage

    def perform(self, request, obj, data):
        return services.time_limit_save(
            actor=request.actor, stage=obj, version=data["version"], days=data["days"]
        )

    def success_url(self, obj, result):
        return reverse("prosecution:code-lists")
