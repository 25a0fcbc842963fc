"""Pages of awareness campaigns: the list, a new campaign, its page, and one route per action
(edit, record reach, upload / download / remove a material)."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import DomainError, require
from ruta.core.pagination import countless_page
from ruta.core.views import ActionView, ActorRequest, apply_validation_error
from ruta.prevention import policies
from ruta.prevention import selectors_outreach as selectors
from ruta.prevention.forms_outreach import (
    CampaignCreateForm,
    CampaignUpdateForm,
    MaterialForm,
    ReachForm,
)
from ruta.prevention.models import Campaign, CampaignMaterial
from ruta.prevention.services import campaigns as services


def _detail_url(campaign_id) -> str:
    return reverse("prevention:campaign-detail", kwargs={"campaign_id": campaign_id})


def campaign_page(
    request: ActorRequest,
    campaign: Campaign,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = selectors.campaign_page(actor=request.actor, campaign=campaign)
    context["reach_form"] = ReachForm(auto_id="reach_%s")
    context["material_form"] = MaterialForm(auto_id="material_%s")
    bound = bound or {}
    context.update(bound)
    context["failed_form"] = next(iter(bound.values()), None)
    return render(request, "prevention/campaigns/detail.html", context, status=status)


class CampaignListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_list_campaigns(actor))
        page = countless_page(selectors.campaign_list(actor=actor), request.GET.get("page"), 50)
        return render(
            request,
            "prevention/campaigns/list.html",
            {"page": page, "can_create": policies.can_create_campaign(actor), "query": ""},
        )


def _service_error(form: forms.Form, exc: DomainError | ValidationError) -> None:
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
    else:
        apply_validation_error(form, exc)


class CampaignNewView(View):
    template_name = "prevention/campaigns/form.html"

    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_campaign(request.actor))
        form = CampaignCreateForm(institution_id=request.actor.institution_id)
        return render(request, self.template_name, {"form": form})

    def post(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_create_campaign(actor))
        form = CampaignCreateForm(request.POST, institution_id=actor.institution_id)
        if form.is_valid():
            try:
                campaign = services.campaign_create(actor=actor, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                _service_error(form, exc)
            else:
                messages.success(request, _("The campaign was recorded."))
                return redirect(_detail_url(campaign.pk))
        return render(request, self.template_name, {"form": form, "failed_form": form}, status=400)


class CampaignDetailView(View):
    def get(self, request: ActorRequest, campaign_id) -> HttpResponse:
        campaign = selectors.campaign_get(actor=request.actor, campaign_id=campaign_id)
        return campaign_page(request, campaign)


def _initial(campaign: Campaign) -> dict[str, Any]:
    return {
        "version": campaign.version,
        "name": campaign.name,
        "description": campaign.description,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "departments": list(campaign.departments.all()),
        "channels": campaign.channels,
        "audiences": campaign.audiences,
        "partners": list(campaign.partners.all()),
    }


class CampaignEditView(ActionView):
    """The details form (GET) and its change (POST), naming the version read."""

    form_class = CampaignUpdateForm
    template_name = "prevention/campaigns/form.html"
    success_message = gettext_lazy("The campaign was changed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> Campaign:
        return selectors.campaign_for_edit(actor=request.actor, campaign_id=kwargs["campaign_id"])

    def form_kwargs(self, request: ActorRequest, obj: Campaign) -> dict[str, Any]:
        return {"institution_id": obj.institution_id}

    def get(self, request: ActorRequest, campaign_id) -> HttpResponse:
        campaign = self.load(request, campaign_id=campaign_id)
        form = CampaignUpdateForm(
            initial=_initial(campaign), institution_id=campaign.institution_id
        )
        return render(request, self.template_name, {"form": form, "campaign": campaign})

    def perform(self, request: ActorRequest, obj: Campaign, data: dict[str, Any]) -> Campaign:
        data = dict(data)
        version = data.pop("version")
        return services.campaign_update(actor=request.actor, campaign=obj, version=version, **data)

    def render_failure(self, request, obj, form, status):
        context = {"form": form, "failed_form": form, "campaign": obj}
        return render(request, self.template_name, context, status=status)

    def success_url(self, obj: Campaign, result: Any) -> str:
        return _detail_url(obj.pk)


class _CampaignActionView(ActionView):
    page_form = ""

    def load(self, request: ActorRequest, **kwargs: Any) -> Campaign:
        return selectors.campaign_for_edit(actor=request.actor, campaign_id=kwargs["campaign_id"])

    def render_failure(self, request, obj, form, status):
        return campaign_page(request, obj, bound={self.page_form: form}, status=status)

    def success_url(self, obj: Campaign, result: Any) -> str:
        return _detail_url(obj.pk)


class CampaignReachView(_CampaignActionView):
    page_form = "reach_form"
    form_class = ReachForm
    auto_id = "reach_%s"
    success_message = gettext_lazy("The people reached were recorded.")

    def perform(self, request: ActorRequest, obj: Campaign, data: dict[str, Any]) -> Any:
        return services.reach_record(actor=request.actor, campaign=obj, **data)

    def success_url(self, obj: Campaign, result: Any) -> str:
        return _detail_url(obj.pk) + "#reach"


class CampaignMaterialUploadView(_CampaignActionView):
    page_form = "material_form"
    form_class = MaterialForm
    auto_id = "material_%s"
    success_message = gettext_lazy("The material was added.")

    def perform(self, request: ActorRequest, obj: Campaign, data: dict[str, Any]) -> Any:
        upload = data["file"]
        return services.material_add(
            actor=request.actor,
            campaign=obj,
            title=data["title"],
            filename=upload.name,
            content=upload.read(settings.RUTA_ATTACHMENT_MAX_BYTES + 1),
        )

    def success_url(self, obj: Campaign, result: Any) -> str:
        return _detail_url(obj.pk) + "#materials"


class CampaignMaterialDownloadView(View):
    """The material's file, for whoever reads the campaign (organiser and partners)."""

    def get(self, request: ActorRequest, material_id) -> FileResponse:
        material = selectors.material_get(actor=request.actor, material_id=material_id)
        return FileResponse(
            io.BytesIO(services.material_content(material)),
            as_attachment=True,
            filename=material.filename,
            content_type=material.content_type,
        )


class CampaignMaterialRemoveView(ActionView):
    success_message = gettext_lazy("The material was removed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> CampaignMaterial:
        material = selectors.material_get(actor=request.actor, material_id=kwargs["material_id"])
        require(policies.can_edit_campaign(request.actor, material.campaign))
        return material

    def perform(self, request: ActorRequest, obj: CampaignMaterial, data: dict[str, Any]) -> Any:
        return services.material_remove(actor=request.actor, material=obj)

    def success_url(self, obj: CampaignMaterial, result: Any) -> str:
        return _detail_url(obj.campaign_id) + "#materials"
