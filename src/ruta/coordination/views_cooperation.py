"""Pages of cooperation agreements: list, new, detail, edit, document upload and download."""

from __future__ import annotations

import io

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ruta.coordination import policies
from ruta.coordination import selectors_actions as selectors
from ruta.coordination.forms_actions import CooperationEditForm, CooperationForm, DocumentForm
from ruta.coordination.services import cooperation as services
from ruta.coordination.views_actions import FormPage
from ruta.core.errors import require
from ruta.core.views import ActorRequest


def detail_url(pk) -> str:
    return reverse("coordination:cooperation-detail", kwargs={"cooperation_id": pk})


class CooperationListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_use_coordination(actor))
        rows = list(selectors.cooperation_list(actor)[:200])
        return render(
            request,
            "coordination/cooperation/list.html",
            {"rows": rows, "can_create": policies.can_create_cooperation_agreement(actor)},
        )


class CooperationNewView(FormPage):
    form_class = CooperationForm

    @property
    def title(self):  # type: ignore[override]
        return _("Record a cooperation agreement")

    def load(self, request, **kwargs):
        return None

    def allowed(self, request, obj):
        return policies.can_create_cooperation_agreement(request.actor)

    def initial(self, obj):
        return {}

    def perform(self, request, obj, data):
        require(policies.can_create_cooperation_agreement(request.actor))
        return services.cooperation_create(actor=request.actor, **data)

    def success_url(self, obj, result):
        return detail_url(result.pk)

    def back_url(self, obj):
        return reverse("coordination:cooperation-list")


class CooperationDetailView(View):
    def get(self, request: ActorRequest, cooperation_id) -> HttpResponse:
        agreement = selectors.cooperation_detail(request.actor, cooperation_id)
        can_manage = policies.can_manage_cooperation_agreement(request.actor, agreement)
        return render(
            request,
            "coordination/cooperation/detail.html",
            {"agreement": agreement, "can_manage": can_manage, "document_form": DocumentForm()},
        )


class _CooperationPage(FormPage):
    def load(self, request, **kwargs):
        return selectors.cooperation_detail(request.actor, kwargs["cooperation_id"])

    def allowed(self, request, obj):
        return policies.can_manage_cooperation_agreement(request.actor, obj)

    def success_url(self, obj, result):
        return detail_url(obj.pk)


class CooperationEditView(_CooperationPage):
    form_class = CooperationEditForm

    @property
    def title(self):  # type: ignore[override]
        return _("Change the cooperation agreement")

    def initial(self, obj):
        fields = ("kind", "reference", "title", "scope", "signed_on", "starts_on", "ends_on")
        return {
            "version": obj.version,
            **{f: getattr(obj, f) for f in fields},
            "renewal_on": obj.renewal_on,
            "status": obj.status,
            "parties": list(obj.parties.all()),
        }

    def perform(self, request, obj, data):
        data = dict(data)
        version = data.pop("version")
        return services.cooperation_update(
            actor=request.actor, agreement=obj, version=version, **data
        )


class CooperationDocumentUploadView(_CooperationPage):
    form_class = DocumentForm

    @property
    def title(self):  # type: ignore[override]
        return _("Upload the signed document")

    def perform(self, request, obj, data):
        upload = data["file"]
        return services.cooperation_document_upload(
            actor=request.actor, agreement=obj, filename=upload.name, content=upload.read()
        )


class CooperationDocumentDownloadView(View):
    def get(self, request: ActorRequest, cooperation_id) -> FileResponse:
        agreement = selectors.cooperation_detail(request.actor, cooperation_id)
        require(bool(agreement.document_key))
        return FileResponse(
            io.BytesIO(services.document_content(agreement)),
            as_attachment=True,
            filename=agreement.document_name,
            content_type=agreement.document_type,
        )
