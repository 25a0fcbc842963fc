"""Pages of intake: the report queue, recording a report, triage, and the public form."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_ratelimit.core import get_usage

from ruta.core.errors import DomainError, require
from ruta.core.middleware import client_address_key
from ruta.core.registry import report_actions, report_panels
from ruta.core.views import ActionView, apply_validation_error, base_url
from ruta.intake import policies, selectors, services
from ruta.intake.choices import ReportStatus
from ruta.intake.forms import CloseForm, PersonFormSet, PublicReportForm, ReportForm, VersionForm
from ruta.intake.models import Report

PUBLIC_CODE_SESSION_KEY = "ruta_public_report_code"


QUEUE_FILTER_LABELS = (
    ("", gettext_lazy("All")),
    ("urgent", gettext_lazy("Urgent, nobody has taken it")),
    ("overdue", gettext_lazy("Overdue")),
    ("without_case", gettext_lazy("Accepted, without a case")),
)


class ReportQueueView(View):
    def get(self, request):
        actor = request.actor
        require(policies.can_list_reports(actor))
        status = request.GET.get("status", "")
        code = request.GET.get("code", "").strip()[:20]
        only = request.GET.get("only", "")
        only = only if only in selectors.QUEUE_FILTERS else ""
        page = Paginator(
            selectors.report_queue(actor=actor, status=status, code=code, only=only), 50
        ).get_page(request.GET.get("page"))
        now = timezone.now()
        rows = [(r, selectors.is_overdue(r, now=now)) for r in page]
        context = {
            "page": page,
            "rows": rows,
            "status": status,
            "code": code,
            "shown": only,
            "show_choices": QUEUE_FILTER_LABELS,
            "query": urlencode({k: v for k, v in (("status", status), ("only", only)) if v}),
            "statuses": ReportStatus.choices,
            "can_create": policies.can_create_report(actor),
        }
        template = (
            "intake/partials/_report_rows.html" if request.htmx else "intake/report_queue.html"
        )
        return render(request, template, context)


class ReportCreateView(View):
    def get(self, request):
        require(policies.can_create_report(request.actor))
        return render(
            request,
            "intake/report_form.html",
            {"form": ReportForm(), "people": PersonFormSet(prefix="people")},
        )

    def post(self, request):
        actor = request.actor
        require(policies.can_create_report(actor))
        form = ReportForm(request.POST)
        people = PersonFormSet(request.POST, prefix="people")
        if form.is_valid() and people.is_valid():
            mentioned = [
                services.PersonInput(**p)
                for p in people.cleaned_data
                if p and (p.get("name") or p.get("description") or p.get("approximate_age"))
            ]
            try:
                report = services.report_create(
                    actor=actor, people=mentioned, base_url=base_url(request), **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, _("Report %(reference)s recorded.") % {"reference": report.reference}
                )
                return redirect("intake:report-detail", report_id=report.pk)
        return render(
            request, "intake/report_form.html", {"form": form, "people": people}, status=400
        )


class ReportDetailView(View):
    def get(self, request, report_id):
        actor = request.actor
        report = selectors.report_get(actor=actor, report_id=report_id)
        return render(
            request,
            "intake/report_detail.html",
            {
                "report": report,
                "overdue": selectors.is_overdue(report),
                "show_facts": policies.can_read_report_facts(actor),
                "show_reporter": policies.can_read_reporter(actor),
                "can_take": policies.can_take_report(actor, report),
                "can_triage": policies.can_triage_report(actor, report),
                # Work that starts from the report in other apps (opening a case).
                "actions": [a for a in (action(actor, report) for action in report_actions) if a],
                # Cards from other apps (the labour inspection that raised the report).
                "panels": [p for p in (panel(actor, report) for panel in report_panels) if p],
                # The version form is rendered in two forms (take, accept): hidden, without an
                # id, so that no id repeats; the close form's fields have ids of their own.
                "version_form": VersionForm(initial={"version": report.version}, auto_id=False),
                "close_form": CloseForm(initial={"version": report.version}, auto_id="close-%s"),
            },
        )


class _ReportActionView(ActionView):
    """A triage step on the report page, naming the version the user saw: back to the
    report, done or not."""

    def load(self, request, **kwargs: Any) -> Report:
        return selectors.report_get(actor=request.actor, report_id=kwargs["report_id"])

    def success_url(self, obj: Report, result: Any) -> str:
        return reverse("intake:report-detail", kwargs={"report_id": obj.pk})


class ReportTakeView(_ReportActionView):
    form_class = VersionForm
    success_message = gettext_lazy("You have taken this report.")

    def perform(self, request, obj: Report, data: dict[str, Any]) -> Report:
        return services.report_take(actor=request.actor, report=obj, version=data["version"])


class ReportAcceptView(_ReportActionView):
    form_class = VersionForm
    success_message = gettext_lazy("The report is accepted into the ERI queue.")

    def perform(self, request, obj: Report, data: dict[str, Any]) -> Report:
        return services.report_accept(actor=request.actor, report=obj, version=data["version"])


class ReportCloseView(_ReportActionView):
    form_class = CloseForm
    success_message = gettext_lazy("The report is closed as not trafficking.")

    def perform(self, request, obj: Report, data: dict[str, Any]) -> Report:
        return services.report_close(
            actor=request.actor,
            report=obj,
            version=data["version"],
            reason=data["reason"],
            referral_information=data["referral_information"],
        )


def _rate_limited(request) -> bool:
    """Per address and overall hourly limits, so a flood cannot bury real reports.

    The reporter's address is never kept: the per-address counter is keyed on a keyed hash
    (HMAC with SECRET_KEY) of it, and lives only in the cache, for the hour it counts.
    """
    limits = (
        (
            "ruta.public-report.address",
            client_address_key(request),
            settings.RUTA_PUBLIC_REPORTS_PER_IP_HOUR,
        ),
        ("ruta.public-report.all", "all", settings.RUTA_PUBLIC_REPORTS_PER_HOUR),
    )
    for group, value, limit in limits:
        usage = get_usage(
            request,
            group=group,
            key=lambda _group, _request, value=value: value,
            rate=f"{limit}/h",
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            return True
    return False


class PublicReportView(View):
    """The public report form: no account, anonymity allowed, a follow-up code and nothing
    else in return."""

    template_name = "intake/public_report.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PublicReportForm()})

    def post(self, request):
        form = PublicReportForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        if form.cleaned_data["website"]:
            # A bot filled the hidden field: answer as if received, keep nothing.
            request.session[PUBLIC_CODE_SESSION_KEY] = services.new_follow_up_code()
            return redirect("intake:public-report-thanks")
        if _rate_limited(request):
            return render(
                request,
                self.template_name,
                {"form": form, "rate_limited": True},
                status=429,
            )
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            # No address: a public reporter is not traced (see _rate_limited).
            _report, code = services.report_create_public(base_url=base_url(request), **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return render(request, self.template_name, {"form": form}, status=503)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return render(request, self.template_name, {"form": form}, status=400)
        request.session[PUBLIC_CODE_SESSION_KEY] = code
        return redirect("intake:public-report-thanks")


class PublicReportThanksView(View):
    def get(self, request):
        code = request.session.pop(PUBLIC_CODE_SESSION_KEY, None)
        if code is None:
            return redirect("intake:public-report")
        return render(request, "intake/public_report_thanks.html", {"code": code})
