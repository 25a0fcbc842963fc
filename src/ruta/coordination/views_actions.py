"""Pages of agreements and action items: one route per action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ruta.coordination import policies
from ruta.coordination import selectors_actions as selectors
from ruta.coordination.forms_actions import (
    ActionItemEditForm,
    ActionItemForm,
    AgreementEditForm,
    AgreementForm,
    CancelForm,
    DoneForm,
    ProgressForm,
)
from ruta.coordination.services import agreements as services
from ruta.core.errors import DomainError, require
from ruta.core.views import ActorRequest, apply_validation_error


class FormPage(View):
    """GET shows the form (``initial``), POST validates it, calls ``perform`` (one service)
    and redirects; a refusal shows the form again with what was typed, status 400."""

    form_class: type[forms.Form] = forms.Form
    template_name = "coordination/actions/form.html"
    title = ""
    success_message = ""

    def load(self, request: ActorRequest, **kwargs: Any) -> Any:
        raise NotImplementedError

    def allowed(self, request: ActorRequest, obj: Any) -> bool:
        return True

    def initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def perform(self, request: ActorRequest, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def success_url(self, obj: Any, result: Any) -> str:
        raise NotImplementedError

    def back_url(self, obj: Any) -> str:
        return self.success_url(obj, None)

    def _render(self, request, obj, form, status=200) -> HttpResponse:
        context = {
            "form": form,
            "obj": obj,
            "title": self.title,
            "back_url": self.back_url(obj),
            "failed_form": form if status != 200 else None,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: ActorRequest, **kwargs: Any) -> HttpResponse:
        obj = self.load(request, **kwargs)
        require(self.allowed(request, obj))
        form = self.form_class(initial=self.initial(obj), **self.form_kwargs(obj))
        return self._render(request, obj, form)

    def post(self, request: ActorRequest, **kwargs: Any) -> HttpResponse:
        obj = self.load(request, **kwargs)
        form = self.form_class(request.POST, request.FILES or None, **self.form_kwargs(obj))
        status = 400
        if form.is_valid():
            try:
                result = self.perform(request, obj, form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 400 if exc.status == 422 else exc.status
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if self.success_message:
                    messages.success(request, str(self.success_message))
                return redirect(self.success_url(obj, result))
        return self._render(request, obj, form, status)


def agreement_url(agreement_id) -> str:
    return reverse("coordination:agreement-detail", kwargs={"agreement_id": agreement_id})


# --- agreements ------------------------------------------------------------------------------
class AgreementNewView(FormPage):
    form_class = AgreementForm

    @property
    def title(self):  # type: ignore[override]
        return _("Record an agreement")

    def load(self, request, **kwargs):
        return selectors.meeting_for_agreement(request.actor, kwargs["meeting_id"])

    def allowed(self, request, obj):
        return policies.can_manage_meeting(request.actor, obj)

    def perform(self, request, obj, data):
        return services.agreement_create(actor=request.actor, meeting=obj, text=data["text"])

    def success_url(self, obj, result):
        return agreement_url(result.pk)

    def back_url(self, obj):
        try:
            return reverse("coordination:meeting-detail", kwargs={"meeting_id": obj.pk})
        except Exception:  # the meetings slice may name it otherwise
            return reverse("coordination:action-list")


class AgreementDetailView(View):
    def get(self, request: ActorRequest, agreement_id) -> HttpResponse:
        actor = request.actor
        agreement = selectors.agreement_detail(actor, agreement_id)
        for item in agreement.items:
            item.can_edit = policies.can_edit_action_item(actor, item)
            item.can_update = policies.can_update_action_item(actor, item)
        context = {
            "agreement": agreement,
            "can_edit": policies.can_edit_agreement(actor, agreement),
            "can_add": policies.can_add_action_item(actor, agreement),
        }
        return render(request, "coordination/actions/agreement_detail.html", context)


class AgreementEditView(FormPage):
    form_class = AgreementEditForm

    @property
    def title(self):  # type: ignore[override]
        return _("Change the agreement")

    def load(self, request, **kwargs):
        return selectors.agreement_detail(request.actor, kwargs["agreement_id"])

    def allowed(self, request, obj):
        return policies.can_edit_agreement(request.actor, obj)

    def initial(self, obj):
        return {"version": obj.version, "text": obj.text}

    def perform(self, request, obj, data):
        return services.agreement_update(
            actor=request.actor, agreement=obj, version=data["version"], text=data["text"]
        )

    def success_url(self, obj, result):
        return agreement_url(obj.pk)


# --- action items ----------------------------------------------------------------------------
class ActionNewView(FormPage):
    form_class = ActionItemForm

    @property
    def title(self):  # type: ignore[override]
        return _("Assign an action")

    def load(self, request, **kwargs):
        return selectors.agreement_detail(request.actor, kwargs["agreement_id"])

    def allowed(self, request, obj):
        return policies.can_add_action_item(request.actor, obj)

    def form_kwargs(self, obj):
        return {"owners": selectors.action_owner_choices(obj.committee)}

    def perform(self, request, obj, data):
        return services.action_item_create(actor=request.actor, agreement=obj, **data)

    def success_url(self, obj, result):
        return agreement_url(obj.pk)


class _ItemPage(FormPage):
    rule = staticmethod(policies.can_update_action_item)

    def load(self, request, **kwargs):
        return selectors.action_item_get(request.actor, kwargs["action_id"])

    def allowed(self, request, obj):
        return self.rule(request.actor, obj)

    def initial(self, obj):
        return {"version": obj.version}

    def success_url(self, obj, result):
        return agreement_url(obj.agreement_id)


class ActionEditView(_ItemPage):
    form_class = ActionItemEditForm
    rule = staticmethod(policies.can_edit_action_item)

    @property
    def title(self):  # type: ignore[override]
        return _("Change the action")

    def form_kwargs(self, obj):
        return {"owners": selectors.action_owner_choices(obj.committee)}

    def initial(self, obj):
        return {
            "version": obj.version,
            "description": obj.description,
            "owner_institution": obj.owner_institution_id,
            "responsible": obj.responsible,
            "due_on": obj.due_on,
        }

    def perform(self, request, obj, data):
        data = dict(data)
        version = data.pop("version")
        return services.action_item_update(actor=request.actor, item=obj, version=version, **data)


class ActionProgressView(_ItemPage):
    form_class = ProgressForm

    @property
    def title(self):  # type: ignore[override]
        return _("Report progress")

    def initial(self, obj):
        return {"version": obj.version, "note": obj.progress_note}

    def perform(self, request, obj, data):
        return services.action_item_progress(
            actor=request.actor, item=obj, version=data["version"], note=data["note"]
        )


class ActionDoneView(_ItemPage):
    form_class = DoneForm

    @property
    def title(self):  # type: ignore[override]
        return _("Mark the action done")

    def perform(self, request, obj, data):
        return services.action_item_done(
            actor=request.actor,
            item=obj,
            version=data["version"],
            evidence=data["evidence"],
            evidence_url=data["evidence_url"],
            done_on=data["done_on"],
        )


class ActionCancelView(_ItemPage):
    form_class = CancelForm
    rule = staticmethod(policies.can_edit_action_item)

    @property
    def title(self):  # type: ignore[override]
        return _("Cancel the action")

    def perform(self, request, obj, data):
        return services.action_item_cancel(
            actor=request.actor, item=obj, version=data["version"], reason=data["reason"]
        )


class ActionListView(View):
    """My institution's action items (open, overdue or done)."""

    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_use_coordination(actor))
        current = request.GET.get("filter") or "open"
        if current not in selectors.ACTION_FILTERS:
            current = "open"
        items = list(selectors.my_actions(actor, current)[:200])
        from django.utils import timezone

        today = timezone.localdate()
        for item in items:
            item.overdue = item.is_open and item.due_on < today
        return render(
            request,
            "coordination/actions/list.html",
            {"items": items, "current": current, "filters": selectors.ACTION_FILTERS},
        )
