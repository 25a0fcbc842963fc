"""Pages of spreadsheet imports: the upload form of a session, the job's page with its errors
and its progress (polled with HTMX while the check or the import runs), confirm, discard, and
the template to fill in."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.views import ActionView, ActorRequest, apply_validation_error
from ruta.prevention import selectors_imports as selectors
from ruta.prevention.choices import ImportKind, ImportStatus
from ruta.prevention.forms_imports import ImportUploadForm
from ruta.prevention.models import ImportJob, TrainingSession
from ruta.prevention.services import imports as services
from ruta.prevention.sheets import template

RUNNING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportNewView(View):
    template_name = "prevention/imports/import_new.html"

    def _render(
        self, request: ActorRequest, session: TrainingSession, form: ImportUploadForm, status=200
    ) -> HttpResponse:
        context = {
            "session": session,
            "form": form,
            "jobs": selectors.import_recent(actor=request.actor, session=session),
            "kinds": ImportKind.choices,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: ActorRequest, session_id) -> HttpResponse:
        session = selectors.import_session_get(actor=request.actor, session_id=session_id)
        return self._render(request, session, ImportUploadForm())

    def post(self, request: ActorRequest, session_id) -> HttpResponse:
        session = selectors.import_session_get(actor=request.actor, session_id=session_id)
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.import_upload(
                    actor=request.actor,
                    session=session,
                    kind=form.cleaned_data["kind"],
                    filename=upload.name,
                    content=services.read_upload(upload),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return redirect("prevention:import-detail", job_id=job.pk)
        return self._render(request, session, form, status=400)


def _job_context(job: ImportJob) -> dict[str, Any]:
    percent = int(job.rows_done * 100 / job.rows_total) if job.rows_total else 0
    return {"job": job, "running": job.status in RUNNING, "percent": min(percent, 100)}


class ImportDetailView(View):
    def get(self, request: ActorRequest, job_id) -> HttpResponse:
        job = selectors.import_get(actor=request.actor, job_id=job_id)
        context = _job_context(job)
        context["page"] = selectors.errors_page(job, request.GET.get("page"))
        context["can_confirm"] = job.status == ImportStatus.READY
        context["can_discard"] = job.status not in (ImportStatus.IMPORTING, ImportStatus.DONE)
        return render(request, "prevention/imports/import_detail.html", context)


class ImportProgressView(View):
    """The progress partial, polled every second while the job runs; once it is over, HTMX
    reloads the page (``HX-Refresh``) to show the errors or the confirm button."""

    def get(self, request: ActorRequest, job_id) -> HttpResponse:
        job = selectors.import_get(actor=request.actor, job_id=job_id)
        context = _job_context(job)
        response = render(request, "prevention/imports/_progress.html", context)
        if not context["running"] and request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"
        return response


class ImportConfirmView(ActionView):
    success_message = gettext_lazy("The import has started.")

    def load(self, request: ActorRequest, **kwargs: Any) -> ImportJob:
        return selectors.import_get(actor=request.actor, job_id=kwargs["job_id"])

    def perform(self, request: ActorRequest, obj: ImportJob, data: dict[str, Any]) -> ImportJob:
        return services.import_confirm(actor=request.actor, job=obj)

    def success_url(self, obj: ImportJob, result: Any) -> str:
        return reverse("prevention:import-detail", kwargs={"job_id": obj.pk})


class ImportDiscardView(ActionView):
    success_message = gettext_lazy("The file was discarded.")

    def load(self, request: ActorRequest, **kwargs: Any) -> ImportJob:
        return selectors.import_get(actor=request.actor, job_id=kwargs["job_id"])

    def perform(self, request: ActorRequest, obj: ImportJob, data: dict[str, Any]) -> None:
        services.import_discard(actor=request.actor, job=obj)

    def success_url(self, obj: ImportJob, result: Any) -> str:
        return reverse("prevention:import-new", kwargs={"session_id": obj.session_id})

    def failure_url(self, obj: ImportJob) -> str:
        return reverse("prevention:import-detail", kwargs={"job_id": obj.pk})


def template_response(session: TrainingSession, kind: str) -> HttpResponse:
    if kind not in ImportKind.values:
        raise Http404
    content = template(services.columns_for(kind, session))
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{session.reference}-{kind}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportTemplateView(View):
    def get(self, request: ActorRequest, session_id, kind: str) -> HttpResponse:
        session = selectors.import_session_get(actor=request.actor, session_id=session_id)
        return template_response(session, kind)
