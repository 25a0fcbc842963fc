"""Pages of the institutions directory."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.choices import InstitutionType
from ruta.core.errors import ConflictError, require
from ruta.core.views import ActionView, apply_validation_error
from ruta.institutions import policies, selectors, services
from ruta.institutions.forms import (
    ContactPointForm,
    InstitutionDetailsForm,
    InstitutionForm,
    UnitForm,
)
from ruta.institutions.models import ContactPoint, Institution, Unit


class InstitutionListView(View):
    def get(self, request):
        filters = {
            "search": request.GET.get("q", "").strip()[:100],
            "type": request.GET.get("type", "")
            if request.GET.get("type") in InstitutionType.values
            else "",
            "department": request.GET.get("department", "")[:6],
        }
        page = Paginator(selectors.institution_list(actor=request.actor, **filters), 50).get_page(
            request.GET.get("page")
        )
        context = {
            "page": page,
            "filters": filters,
            "types": InstitutionType.choices,
            "departments": selectors.department_list(),
            "can_create": policies.can_create_institution(request.actor),
        }
        template = (
            "institutions/partials/_institution_rows.html"
            if request.htmx
            else "institutions/institution_list.html"
        )
        return render(request, template, context)


class InstitutionDetailView(View):
    def get(self, request, institution_id):
        actor = request.actor
        institution = selectors.institution_get(actor=actor, institution_id=institution_id)
        can_details = policies.can_edit_institution_details(actor, institution)
        return render(
            request,
            "institutions/institution_detail.html",
            {
                "institution": institution,
                "can_edit": policies.can_edit_institution(actor, institution),
                "can_edit_details": can_details,
                "details_form": InstitutionDetailsForm(
                    prefix="details",
                    initial={
                        "version": institution.version,
                        "description": institution.description,
                        "first_contact_hours": institution.first_contact_hours,
                        "plan_review_days": ", ".join(map(str, institution.plan_review_days)),
                        "referral_answer_days": institution.referral_answer_days,
                        "referral_urgent_hours": institution.referral_urgent_hours,
                    },
                ),
                "unit_form": UnitForm(prefix="units"),
                "contact_form": ContactPointForm(prefix="contacts"),
            },
        )


def _form_values(institution):
    return {
        "version": institution.version,
        "name": institution.name,
        "acronym": institution.acronym,
        "type": institution.type,
        "parent": institution.parent_id,
        "territories": list(institution.territories.all()),
        "description": institution.description,
        "is_active": institution.is_active,
        "receives_public_reports": institution.receives_public_reports,
        "first_contact_hours": institution.first_contact_hours,
    }


class InstitutionCreateView(View):
    def get(self, request):
        require(policies.can_create_institution(request.actor))
        return render(request, "institutions/institution_form.html", {"form": InstitutionForm()})

    def post(self, request):
        require(policies.can_create_institution(request.actor))
        form = InstitutionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                institution = services.institution_create(
                    actor=request.actor,
                    name=data["name"],
                    acronym=data["acronym"],
                    type=data["type"],
                    parent=data["parent"],
                    description=data["description"],
                    territories=list(data["territories"]),
                )
                if data["receives_public_reports"] or data["first_contact_hours"] != 24:
                    institution = services.institution_update(
                        actor=request.actor,
                        institution=institution,
                        version=institution.version,
                        receives_public_reports=data["receives_public_reports"],
                        first_contact_hours=data["first_contact_hours"],
                    )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The institution was created."))
                return redirect("institutions:institution-detail", institution_id=institution.pk)
        return render(request, "institutions/institution_form.html", {"form": form}, status=400)


class InstitutionEditView(View):
    def get(self, request, institution_id):
        institution = selectors.institution_get(actor=request.actor, institution_id=institution_id)
        require(policies.can_edit_institution(request.actor, institution))
        form = InstitutionForm(initial=_form_values(institution))
        return render(
            request,
            "institutions/institution_form.html",
            {"form": form, "institution": institution},
        )

    def post(self, request, institution_id):
        institution = selectors.institution_get(actor=request.actor, institution_id=institution_id)
        require(policies.can_edit_institution(request.actor, institution))
        form = InstitutionForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            data["territories"] = list(data["territories"])
            try:
                services.institution_update(
                    actor=request.actor, institution=institution, version=version, **data
                )
            except ConflictError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("institutions:institution-detail", institution_id=institution.pk)
        return render(
            request,
            "institutions/institution_form.html",
            {"form": form, "institution": institution},
            status=400,
        )


class _InstitutionPartView(ActionView):
    """Description, units and contact points: the institution's own administrator, from the
    institution page (each form has its own prefix there). Back to the institution, saved or
    not."""

    prefix: str

    def load(self, request, **kwargs: Any) -> Institution:
        actor = request.actor
        institution = selectors.institution_get(
            actor=actor, institution_id=kwargs["institution_id"]
        )
        require(policies.can_edit_institution_details(actor, institution))
        return institution

    def form_kwargs(self, request, obj: Institution) -> dict[str, Any]:
        return {"prefix": self.prefix}

    def success_url(self, obj: Institution, result: Any) -> str:
        return reverse("institutions:institution-detail", kwargs={"institution_id": obj.pk})


class InstitutionDetailsEditView(_InstitutionPartView):
    form_class = InstitutionDetailsForm
    prefix = "details"
    success_message = gettext_lazy("The changes were saved.")

    def perform(self, request, obj: Institution, data: dict[str, Any]) -> Institution:
        return services.institution_update(
            actor=request.actor,
            institution=obj,
            version=data["version"],
            description=data["description"],
            first_contact_hours=data["first_contact_hours"],
            plan_review_days=data["plan_review_days"],
            referral_answer_days=data["referral_answer_days"],
            referral_urgent_hours=data["referral_urgent_hours"],
        )


class UnitCreateView(_InstitutionPartView):
    form_class = UnitForm
    prefix = "units"
    success_message = gettext_lazy("The changes were saved.")

    def perform(self, request, obj: Institution, data: dict[str, Any]) -> Unit:
        return services.unit_create(
            actor=request.actor, institution=obj, name=data["name"], department=data["department"]
        )


class ContactPointCreateView(_InstitutionPartView):
    form_class = ContactPointForm
    prefix = "contacts"
    success_message = gettext_lazy("The changes were saved.")

    def perform(self, request, obj: Institution, data: dict[str, Any]) -> ContactPoint:
        return services.contact_point_create(
            actor=request.actor,
            institution=obj,
            name=data["name"],
            position=data["position"],
            phone=data["phone"],
            email=data["email"],
        )
