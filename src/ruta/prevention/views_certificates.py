"""Pages of certificates: a session's eligibility list and issuing, a certificate's page, its
PDF and signed credential, revoking, the holder's own list, and the public check of a code
(no sign-in, rate-limited per address, nothing recorded about the visitor)."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django_ratelimit.core import get_usage

from ruta.core.errors import DomainError, require
from ruta.core.middleware import client_address_key
from ruta.core.views import ActionView, ActorRequest, base_url
from ruta.prevention import badges, policies, services
from ruta.prevention import selectors_certificates as selectors
from ruta.prevention.certificate_pdf import render_certificate_pdf, verify_url
from ruta.prevention.forms_certificates import (
    CertificateIssueForm,
    CertificateRevokeForm,
    CertificateVerifyForm,
)
from ruta.prevention.models import Certificate, TrainingSession


# --- a session's certificates -------------------------------------------------------------------
def _issue_form(session: TrainingSession, rows, data=None) -> CertificateIssueForm:
    choices = [(str(r.enrolment.pk), r.enrolment.participant.full_name) for r in rows]
    return CertificateIssueForm(data, enrolment_choices=choices)


def issue_page(
    request: ActorRequest,
    session: TrainingSession,
    *,
    form: CertificateIssueForm | None = None,
    status: int = 200,
) -> HttpResponse:
    panel = selectors.session_certificates_panel(actor=request.actor, session=session) or {}
    rows = panel.get("rows", [])
    chosen = None
    if form is not None and isinstance(form.data, QueryDict):
        chosen = set(form.data.getlist("enrolments"))
    return render(
        request,
        "prevention/certificates/issue.html",
        {
            **panel,
            "form": form or _issue_form(session, rows),
            "failed_form": form,
            "chosen": chosen,
            "problem": selectors.session_problem(session),
        },
        status=status,
    )


class CertificateIssueView(ActionView):
    """GET: who of the session may get a certificate, and why not; POST: issue to the chosen."""

    success_message = ""

    def load(self, request: ActorRequest, **kwargs: Any) -> TrainingSession:
        return selectors.session_for_certificates(
            actor=request.actor, session_id=kwargs["session_id"]
        )

    def get(self, request: ActorRequest, session_id) -> HttpResponse:
        session = self.load(request, session_id=session_id)
        selectors.session_certificates_view(actor=request.actor, session=session)
        return issue_page(request, session)

    def get_form(self, request: ActorRequest, obj: TrainingSession) -> forms.Form:
        return _issue_form(obj, selectors.eligibility_list(session=obj), request.POST)

    def perform(self, request: ActorRequest, obj: TrainingSession, data: dict[str, Any]):
        issued = services.certificates_issue(
            actor=request.actor, session=obj, enrolment_ids=[UUID(v) for v in data["enrolments"]]
        )
        messages.success(
            request,
            ngettext("%(n)s certificate issued.", "%(n)s certificates issued.", len(issued))
            % {"n": len(issued)},
        )
        return issued

    def render_failure(self, request, obj, form, status) -> HttpResponse:
        return issue_page(request, obj, form=form, status=status)

    def success_url(self, obj: TrainingSession, result: Any) -> str:
        return reverse("prevention:certificate-issue", kwargs={"session_id": obj.pk})


# --- one certificate ---------------------------------------------------------------------------
class CertificateDetailView(View):
    def get(self, request: ActorRequest, certificate_id) -> HttpResponse:
        actor = request.actor
        certificate = selectors.certificate_get(actor=actor, certificate_id=certificate_id)
        selectors.certificate_view(actor=actor, certificate=certificate)
        return render(
            request,
            "prevention/certificates/detail.html",
            {
                "certificate": certificate,
                "session": certificate.enrolment.session,
                "verify_url": verify_url(certificate, base_url(request)),
                "can_revoke": policies.can_revoke_certificate(actor, certificate),
                "is_own": policies.session_is_own(actor, certificate.enrolment.session),
            },
        )


class _DownloadView(View):
    kind = ""

    def content(self, request: HttpRequest, certificate: Certificate) -> HttpResponse:
        raise NotImplementedError

    def get(self, request: ActorRequest, certificate_id) -> HttpResponse:
        certificate = selectors.certificate_get(actor=request.actor, certificate_id=certificate_id)
        try:
            services.certificate_download(
                actor=request.actor, certificate=certificate, kind=self.kind
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("prevention:certificate-detail", certificate_id=certificate.pk)
        return self.content(request, certificate)


class CertificatePdfView(_DownloadView):
    kind = "pdf"

    def content(self, request: HttpRequest, certificate: Certificate) -> HttpResponse:
        pdf = render_certificate_pdf(certificate, base_url=base_url(request))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{certificate.code}.pdf"'
        return response


class CertificateCredentialView(_DownloadView):
    kind = "credential"

    def content(self, request: HttpRequest, certificate: Certificate) -> HttpResponse:
        document = badges.credential(certificate, base_url=base_url(request))
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{certificate.code}.json"'
        return response


class CertificateRevokeView(ActionView):
    form_class = CertificateRevokeForm
    success_message = ""

    def load(self, request: ActorRequest, **kwargs: Any) -> Certificate:
        return selectors.certificate_get(
            actor=request.actor, certificate_id=kwargs["certificate_id"]
        )

    def get(self, request: ActorRequest, certificate_id) -> HttpResponse:
        certificate = self.load(request, certificate_id=certificate_id)
        require(policies.can_revoke_certificate(request.actor, certificate))
        return self._page(request, certificate, CertificateRevokeForm())

    def _page(self, request, certificate, form, status: int = 200) -> HttpResponse:
        return render(
            request,
            "prevention/certificates/revoke.html",
            {
                "certificate": certificate,
                "form": form,
                "failed_form": form if form.is_bound else None,
            },
            status=status,
        )

    def perform(self, request: ActorRequest, obj: Certificate, data: dict[str, Any]):
        result = services.certificate_revoke(
            actor=request.actor, certificate=obj, reason=data["reason"]
        )
        messages.success(request, _("The certificate was revoked."))
        return result

    def render_failure(self, request, obj, form, status) -> HttpResponse:
        return self._page(request, obj, form, status)

    def success_url(self, obj: Certificate, result: Any) -> str:
        return reverse("prevention:certificate-detail", kwargs={"certificate_id": obj.pk})


class MyCertificatesView(View):
    """The signed-in user's own certificates, as a participant of trainings."""

    def get(self, request: ActorRequest) -> HttpResponse:
        certificates = list(selectors.my_certificates(actor=request.actor)[:200])
        return render(request, "prevention/certificates/mine.html", {"certificates": certificates})


# --- the public check --------------------------------------------------------------------------
def _rate_limited(request: HttpRequest) -> bool:
    """Checks per client address and hour. The address is never kept: the counter is keyed on
    a keyed hash of it and lives in the cache for the hour it counts."""
    usage = get_usage(
        request,
        group="ruta.certificate-check.address",
        key=lambda _group, _request: client_address_key(request),
        rate=f"{settings.RUTA_CERTIFICATE_CHECKS_PER_IP_HOUR}/h",
        increment=True,
    )
    return bool(usage is not None and usage["should_limit"])


class CertificateVerifyFormView(View):
    """Type a code (GET ?code=): a well-formed one goes to its page; nothing is looked up."""

    template_name = "prevention/certificates/verify.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if "code" not in request.GET:
            return render(request, self.template_name, {"form": CertificateVerifyForm()})
        form = CertificateVerifyForm(request.GET)
        if form.is_valid():
            code = selectors.normalise_code(form.cleaned_data["code"])
            if selectors.code_is_well_formed(code):
                return redirect("prevention_public:verify", code=code)
            form.add_error("code", _("This is not a certificate code: check what you typed."))
        return render(request, self.template_name, {"form": form}, status=400)


class CertificateVerifyView(View):
    """Whether a code names a certificate: its holder, course, hours, date and issuer only, or
    that it was revoked (and when), or that it is unknown."""

    template_name = "prevention/certificates/verify.html"

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        form = CertificateVerifyForm(initial={"code": selectors.normalise_code(code)})
        if _rate_limited(request):
            return render(
                request, self.template_name, {"form": form, "rate_limited": True}, status=429
            )
        certificate = selectors.certificate_public(code=code)
        context: dict[str, Any] = {"form": form, "checked": True, "certificate": certificate}
        if certificate is None:
            return render(request, self.template_name, context, status=404)
        return render(request, self.template_name, context)
