"""Pages of the referral pathway: the service directory, inboxes, referring a case, answering,
completing, and transfers of ownership."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from ruta.care.choices import ServiceType
from ruta.cases import policies as case_policies
from ruta.cases.selectors import case_get
from ruta.core.errors import DomainError, require
from ruta.core.views import ActionView, flash_form_errors, flash_service_errors
from ruta.institutions.models import Institution
from ruta.referrals import policies, selectors, services
from ruta.referrals.choices import ReferralStatus
from ruta.referrals.forms import (
    AssignForm,
    CompleteForm,
    DirectorySearchForm,
    OfferingForm,
    ReasonForm,
    ReferralForm,
    TransferForm,
    VersionForm,
)
from ruta.referrals.models import Referral, ServiceOffering, Transfer


def case_panel(actor, case) -> dict | None:
    """The referrals card of the case page (registered with the cases app's page)."""
    if not case_policies.owns(actor, case):
        return None
    referrals = list(selectors.referrals_of_case(case=case))
    url = reverse("cases:case-detail", kwargs={"case_id": case.pk}) + "#referrals"
    return {
        "template": "referrals/_case_panel.html",
        "referrals": referrals,
        "can_refer": policies.can_send_referral(actor, case),
        "can_transfer": policies.can_propose_transfer(actor, case),
        "section": {"id": "referrals", "label": _("Referrals")},
        "counts": [{"label": _("Referrals"), "value": len(referrals), "url": url}],
        "overdue": any(r.overdue for r in referrals),
        "summary_rows": [(r.reference, _summary_line(r)) for r in referrals]
        or [(_("Referrals"), _("No referral yet."))],
    }


def _summary_line(referral: Referral) -> str:
    """A referral in the printed case summary: to whom, what, where it stands, when."""
    sent = date_format(timezone.localtime(referral.sent_at), "SHORT_DATE_FORMAT")
    return " · ".join(
        (
            referral.to_institution.short_name,
            str(referral.get_type_display()),
            str(referral.get_status_display()),
            sent,
        )
    )


class DirectoryView(View):
    def get(self, request):
        actor = request.actor
        form = DirectorySearchForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        department = filters.get("department")
        results = selectors.directory(
            actor=actor,
            service=filters.get("service") or "",
            department=department.code if department else "",
        )
        page = Paginator(results, 25).get_page(request.GET.get("page"))
        can_manage = policies.can_manage_offering(actor, actor.institution_id)
        return render(
            request,
            "referrals/directory.html",
            {
                "form": form,
                "page": page,
                "can_manage": can_manage,
                "own": selectors.offerings_of(institution_id=actor.institution_id)
                if can_manage
                else [],
                "offering_form": OfferingForm(institution_id=actor.institution_id),
            },
        )


class OfferingSaveView(ActionView):
    """Add or change one of the actor's institution's offerings, from the directory page."""

    form_class = OfferingForm

    def load(self, request, **kwargs: Any) -> Institution:
        actor = request.actor
        require(policies.can_manage_offering(actor, actor.institution_id))
        return Institution.objects.get(pk=actor.institution_id)

    def form_kwargs(self, request, obj: Institution) -> dict[str, Any]:
        return {"institution_id": obj.pk}

    def perform(self, request, obj: Institution, data: dict[str, Any]) -> ServiceOffering:
        return services.offering_save(
            actor=request.actor,
            institution=obj,
            service=data["service"],
            departments=list(data["departments"]),
            capacity_notes=data["capacity_notes"],
            contact_point=data["contact_point"],
            is_active=data["is_active"],
        )

    def success_url(self, obj: Institution, result: Any) -> str:
        return reverse("referrals:directory")


class ReferralListView(View):
    def get(self, request):
        actor = request.actor
        require(policies.can_list_referrals(actor))
        box = request.GET.get("box", "")
        if box not in ("received", "sent"):
            # Opened without a tab: the tab where the work is.
            box = selectors.referral_default_box(actor=actor)
        status = request.GET.get("status", "")[:10]
        overdue = request.GET.get("overdue") == "1"
        qs = selectors.referral_list(actor=actor, box=box, status=status, overdue=overdue)
        page = Paginator(qs, 25).get_page(request.GET.get("page"))
        return render(
            request,
            "referrals/referral_list.html",
            {
                "box": box,
                "overdue": overdue,
                "query": urlencode(
                    {k: v for k, v in (("box", box), ("status", status)) if v}
                    | ({"overdue": "1"} if overdue else {})
                ),
                "case_links": {r.pk for r in page if policies.can_open_referral_case(actor, r)},
                "status": status,
                "statuses": ReferralStatus.choices,
                "page": page,
                "transfers": list(selectors.transfer_list(actor=actor).filter(status="proposed")),
            },
        )


class ReferralNewView(View):
    template_name = "referrals/referral_form.html"

    def _form(self, request, case, data=None):
        return ReferralForm(
            data,
            case=case,
            can_override=policies.can_override_consent(request.actor),
            case_departments=selectors.case_departments(case=case),
            initial={"services": request.GET.getlist("service")},
        )

    def get(self, request, case_id):
        case = case_get(actor=request.actor, case_id=case_id, audit_read=False, full=False)
        require(policies.can_send_referral(request.actor, case))
        return render(
            request, self.template_name, {"case": case, "form": self._form(request, case)}
        )

    def post(self, request, case_id):
        actor = request.actor
        case = case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
        require(policies.can_send_referral(actor, case))
        form = self._form(request, case, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("refer_outside_territory", None)
            try:
                referral = services.referral_send(actor=actor, case=case, **data)
            except (DomainError, ValidationError) as exc:
                flash_service_errors(request, exc)
            else:
                messages.success(request, _("The referral was sent."))
                return redirect("referrals:referral-detail", referral_id=referral.pk)
        else:
            flash_form_errors(request, form)
        return render(request, self.template_name, {"case": case, "form": form}, status=400)


class ReferralDetailView(View):
    def get(self, request, referral_id):
        actor = request.actor
        referral = selectors.referral_get(actor=actor, referral_id=referral_id)
        v = {"version": referral.version}
        receiving = referral.to_institution_id == actor.institution_id
        return render(
            request,
            "referrals/referral_detail.html",
            {
                "referral": referral,
                "service_labels": [
                    ServiceType(s).label if s in ServiceType.values else s
                    for s in referral.services
                ],
                "receiving": receiving,
                "case_visible": _case_visible(actor, referral.case_id),
                "contributions": selectors.contributions(referral=referral) if receiving else {},
                "can_answer": policies.can_answer(actor, referral),
                "can_withdraw": policies.can_withdraw(actor, referral),
                "can_complete": policies.can_complete(actor, referral),
                "accept_form": VersionForm(initial=v),
                "decline_form": ReasonForm(initial=v, prefix="decline"),
                "withdraw_form": ReasonForm(initial=v, prefix="withdraw"),
                "complete_form": CompleteForm(initial=v),
                "can_assign": policies.can_hand_over(actor, referral),
                "assign_form": AssignForm(
                    initial={**v, "assigned_to": referral.assigned_to_id},
                    workers=_workers(referral),
                    prefix="assign",
                )
                if receiving
                else None,
            },
        )


def _workers(referral):
    from ruta.accounts.selectors import members_with_capability

    return members_with_capability(
        institution_id=referral.to_institution_id, capability="cases.view"
    )


def _case_visible(actor, case_id) -> bool:
    try:
        case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
    except Http404:
        return False
    return True


class _ReferralActionView(ActionView):
    """An action on the referral page: back to the referral, saved or not."""

    def load(self, request, **kwargs: Any) -> Referral:
        return selectors.referral_get(actor=request.actor, referral_id=kwargs["referral_id"])

    def success_url(self, obj: Referral, result: Any) -> str:
        return reverse("referrals:referral-detail", kwargs={"referral_id": obj.pk})


class ReferralAcceptView(_ReferralActionView):
    form_class = VersionForm

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        return services.referral_accept(actor=request.actor, referral=obj, version=data["version"])


class ReferralDeclineView(_ReferralActionView):
    form_class = ReasonForm

    def form_kwargs(self, request, obj: Referral) -> dict[str, Any]:
        return {"prefix": "decline"}

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        return services.referral_decline(
            actor=request.actor, referral=obj, version=data["version"], reason=data["reason"]
        )


class ReferralWithdrawView(_ReferralActionView):
    form_class = ReasonForm

    def form_kwargs(self, request, obj: Referral) -> dict[str, Any]:
        return {"prefix": "withdraw"}

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        return services.referral_withdraw(
            actor=request.actor, referral=obj, version=data["version"], reason=data["reason"]
        )


class ReferralAssignView(_ReferralActionView):
    form_class = AssignForm

    def form_kwargs(self, request, obj: Referral) -> dict[str, Any]:
        return {"prefix": "assign", "workers": _workers(obj)}

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        return services.referral_assign(
            actor=request.actor,
            referral=obj,
            version=data["version"],
            assigned_to=data["assigned_to"],
        )


class ReferralCompleteView(_ReferralActionView):
    form_class = CompleteForm

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        return services.referral_complete(
            actor=request.actor,
            referral=obj,
            version=data["version"],
            outcome=data["outcome"],
            reason=data["reason"],
            note=data["note"],
        )


class TransferNewView(View):
    def get(self, request, case_id):
        actor = request.actor
        case = case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
        require(policies.can_propose_transfer(actor, case))
        form = TransferForm(case=case, can_override=policies.can_override_consent(actor))
        return render(request, "referrals/transfer_form.html", {"case": case, "form": form})

    def post(self, request, case_id):
        actor = request.actor
        case = case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
        require(policies.can_propose_transfer(actor, case))
        form = TransferForm(
            request.POST, case=case, can_override=policies.can_override_consent(actor)
        )
        if form.is_valid():
            try:
                transfer = services.transfer_propose(actor=actor, case=case, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                flash_service_errors(request, exc)
            else:
                messages.success(request, _("The transfer was proposed."))
                return redirect("referrals:transfer-detail", transfer_id=transfer.pk)
        else:
            flash_form_errors(request, form)
        return render(
            request, "referrals/transfer_form.html", {"case": case, "form": form}, status=400
        )


class TransferDetailView(View):
    def get(self, request, transfer_id):
        actor = request.actor
        transfer = selectors.transfer_get(actor=actor, transfer_id=transfer_id)
        v = {"version": transfer.version}
        return render(
            request,
            "referrals/transfer_detail.html",
            {
                "transfer": transfer,
                "case_visible": _case_visible(actor, transfer.case_id),
                "can_answer": policies.can_answer_transfer(actor, transfer),
                "can_withdraw": policies.can_withdraw_transfer(actor, transfer),
                "accept_form": VersionForm(initial=v),
                "decline_form": ReasonForm(initial=v, prefix="decline"),
            },
        )


class _TransferActionView(ActionView):
    """An action on the transfer page: back to the transfer, saved or not."""

    def load(self, request, **kwargs: Any) -> Transfer:
        return selectors.transfer_get(actor=request.actor, transfer_id=kwargs["transfer_id"])

    def success_url(self, obj: Transfer, result: Any) -> str:
        return reverse("referrals:transfer-detail", kwargs={"transfer_id": obj.pk})


class TransferAcceptView(_TransferActionView):
    form_class = VersionForm

    def perform(self, request, obj: Transfer, data: dict[str, Any]) -> Transfer:
        return services.transfer_accept(actor=request.actor, transfer=obj, version=data["version"])


class TransferDeclineView(_TransferActionView):
    form_class = ReasonForm

    def form_kwargs(self, request, obj: Transfer) -> dict[str, Any]:
        return {"prefix": "decline"}

    def perform(self, request, obj: Transfer, data: dict[str, Any]) -> Transfer:
        return services.transfer_decline(
            actor=request.actor, transfer=obj, version=data["version"], reason=data["reason"]
        )


class TransferWithdrawView(_TransferActionView):
    form_class = VersionForm

    def perform(self, request, obj: Transfer, data: dict[str, Any]) -> Transfer:
        return services.transfer_withdraw(
            actor=request.actor, transfer=obj, version=data["version"]
        )
