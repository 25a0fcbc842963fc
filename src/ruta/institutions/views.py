"""Pages of the institutions directory."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from ruta.core.choices import InstitutionType
from ruta.core.errors import ConflictError, require
from ruta.core.views import apply_validation_error
from ruta.institutions import policies, selectors, services
from ruta.institutions.forms import (
    ContactPointForm,
    InstitutionDetailsForm,
    InstitutionForm,
    UnitForm,
)


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


DETAIL_FORMS = {"details": InstitutionDetailsForm, "units": UnitForm, "contacts": ContactPointForm}


class InstitutionDetailsEditView(View):
    """Description, units and contact points: the institution's own administrator."""

    def post(self, request, institution_id, part):
        actor = request.actor
        institution = selectors.institution_get(actor=actor, institution_id=institution_id)
        require(policies.can_edit_institution_details(actor, institution))
        form_class = DETAIL_FORMS.get(part)
        if form_class is None:
            raise Http404
        form = form_class(request.POST, prefix=part)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return redirect("institutions:institution-detail", institution_id=institution.pk)
        try:
            if part == "details":
                services.institution_update(
                    actor=actor,
                    institution=institution,
                    version=form.cleaned_data["version"],
                    description=form.cleaned_data["description"],
                    first_contact_hours=form.cleaned_data["first_contact_hours"],
                    plan_review_days=form.cleaned_data["plan_review_days"],
                    referral_answer_days=form.cleaned_data["referral_answer_days"],
                    referral_urgent_hours=form.cleaned_data["referral_urgent_hours"],
                )
            elif part == "units":
                services.unit_create(actor=actor, institution=institution, **form.cleaned_data)
            else:
                services.contact_point_create(
                    actor=actor, institution=institution, **form.cleaned_data
                )
        except (ConflictError, ValidationError) as exc:
            messages.error(
                request,
                exc.message if isinstance(exc, ConflictError) else " ".join(exc.messages),
            )
        else:
            messages.success(request, _("The changes were saved."))
        return redirect("institutions:institution-detail", institution_id=institution.pk)
