"""Pages of the exchange files: ask for one, follow its progress, download it."""

from __future__ import annotations

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views import View

from ruta.core.errors import DomainError, ValidationError, require
from ruta.reporting import policies, selectors_exports, services_exports
from ruta.reporting.choices import ExportKind
from ruta.reporting.forms import ExportDownloadForm, ExportStartForm
from ruta.reporting.models import ExportJob


def _kinds(actor) -> list[tuple[str, str]]:
    names = dict(ExportKind.choices)
    return [(k, str(names[k])) for k in policies.export_kinds(actor)]


def _job(request, job_id) -> ExportJob:
    return selectors_exports.export_get(actor=request.actor, job_id=job_id)


class ExportListView(View):
    def get(self, request, form=None, status=200):
        actor = request.actor
        jobs = selectors_exports.export_list(actor=actor)[:50]
        return render(
            request,
            "reporting/exports/list.html",
            {"jobs": jobs, "form": form or ExportStartForm(kinds=_kinds(actor))},
            status=status,
        )


class ExportStartView(View):
    def post(self, request):
        actor = request.actor
        require(policies.can_use_exports(actor))
        form = ExportStartForm(request.POST, kinds=_kinds(actor))
        if form.is_valid():
            try:
                job = services_exports.export_start(
                    actor=actor,
                    kind=form.cleaned_data["kind"],
                    year=form.cleaned_data["year"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("reporting:export-detail", job_id=job.pk)
        return ExportListView().get(request, form=form, status=400)


class ExportDetailView(View):
    def get(self, request, job_id):
        job = _job(request, job_id)
        template = (
            "reporting/exports/_job.html" if request.htmx else "reporting/exports/detail.html"
        )
        return render(request, template, {"job": job, "form": ExportDownloadForm()})


class ExportDownloadView(View):
    def post(self, request, job_id):
        job = _job(request, job_id)
        form = ExportDownloadForm(request.POST)
        password = form.data.get("password", "") if form.is_valid() else ""
        try:
            chunks, name, content_type = services_exports.export_download(
                actor=request.actor, job=job, password=password
            )
        except ValidationError as error:
            form.add_error(None, error)
            return render(
                request, "reporting/exports/detail.html", {"job": job, "form": form}, status=400
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("reporting:export-detail", job_id=job.pk)
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
