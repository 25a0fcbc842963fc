"""Pages of the releases (analysts and publishers) and of the public observatory. Each view
parses its input, calls one selector or service and renders."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from ruta.core.errors import DomainError, ValidationError
from ruta.core.tables import tables_xlsx
from ruta.reporting import policies, selectors_releases, services_releases
from ruta.reporting.forms import ReleasePrepareForm, ReleasePublishForm
from ruta.reporting.maps import department_map
from ruta.reporting.selectors import Row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def release_map(tables):
    rows = selectors_releases.department_rows(tables)
    shown = [Row(code, label, value or 0) for code, label, value in rows if value is not None]
    return department_map(shown, selectors_releases.grouped_departments(tables))


class ReleaseListView(View):
    def get(self, request, form=None, status=200):
        actor = request.actor
        releases = selectors_releases.release_list(actor=actor)
        return render(
            request,
            "reporting/releases/list.html",
            {
                "releases": releases,
                "form": form or ReleasePrepareForm(),
                "can_prepare": policies.can_prepare_release(actor),
            },
            status=status,
        )


class ReleasePrepareView(View):
    def post(self, request):
        actor = request.actor
        form = ReleasePrepareForm(request.POST)
        if form.is_valid():
            try:
                release = services_releases.release_prepare(
                    actor=actor, year=form.cleaned_data["year"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The release is prepared: check it, then ask for its publication.")
                )
                return redirect("reporting:release-detail", release_id=release.pk)
        return ReleaseListView().get(request, form=form, status=400)


class ReleaseDetailView(View):
    def get(self, request, release_id):
        actor = request.actor
        release = selectors_releases.release_get(actor=actor, release_id=release_id)
        tables = selectors_releases.release_tables(release)
        return render(
            request,
            "reporting/releases/detail.html",
            {
                "release": release,
                "tables": tables,
                "sections": selectors_releases.release_sections(tables),
                "map": release_map(tables),
                "can_publish": not release.is_published
                and policies.may_publish_release(actor, release),
                "publish_form": ReleasePublishForm(initial={"version": release.version}),
            },
        )


class ReleasePublishView(View):
    def post(self, request, release_id):
        actor = request.actor
        release = selectors_releases.release_get(actor=actor, release_id=release_id)
        form = ReleasePublishForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The form was incomplete: nothing was published."))
            return redirect("reporting:release-detail", release_id=release.pk)
        try:
            services_releases.release_publish(
                actor=actor, release=release, version=form.cleaned_data["version"]
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("reporting:release-detail", release_id=release.pk)
        messages.success(request, _("The release is published in the public observatory."))
        return redirect("reporting:release-detail", release_id=release.pk)


# --- The public observatory (no sign-in) ----------------------------------------------------------


def _public_page(request, release):
    tables = selectors_releases.release_tables(release) if release else []
    return render(
        request,
        "reporting/public/release.html",
        {
            "release": release,
            "tables": tables,
            "sections": selectors_releases.release_sections(tables),
            "map": release_map(tables) if release else None,
            "releases": selectors_releases.public_releases(),
        },
    )


class PublicHomeView(View):
    def get(self, request):
        return _public_page(request, selectors_releases.latest_public_release())


class PublicReleaseView(View):
    def get(self, request, release_id):
        return _public_page(request, selectors_releases.public_release_get(release_id=release_id))


class PublicMethodologyView(View):
    def get(self, request):
        from django.conf import settings

        return render(
            request,
            "reporting/public/methodology.html",
            {"threshold": settings.RUTA_DISCLOSURE_THRESHOLD},
        )


class PublicTableSdmxView(View):
    def get(self, request, release_id, code):
        release, table = selectors_releases.public_table_get(release_id=release_id, code=code)
        name = f"ruta-{release.year}-{release.edition}-{table.code.lower()}.sdmx.csv"
        return _download(selectors_releases.sdmx_csv(table), "text/csv; charset=utf-8", name)


class PublicTableCsvView(View):
    def get(self, request, release_id, code):
        release, table = selectors_releases.public_table_get(release_id=release_id, code=code)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            selectors_releases.plain_csv_rows(selectors_releases.show_table(table))
        )
        name = f"ruta-{release.year}-{release.edition}-{table.code.lower()}.csv"
        return _download(out.getvalue(), "text/csv; charset=utf-8", name)


class PublicReleaseXlsxView(View):
    def get(self, request, release_id):
        release = selectors_releases.public_release_get(release_id=release_id)
        tables = selectors_releases.report_tables(selectors_releases.release_tables(release))
        return _download(tables_xlsx(tables), XLSX, f"ruta-{release.year}-{release.edition}.xlsx")
