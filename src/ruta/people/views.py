"""Person pages: search, record with live duplicate suggestions, read, correct."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from ruta.core.errors import ConflictError, require
from ruta.core.views import apply_validation_error
from ruta.people import policies, selectors, services
from ruta.people.forms import PersonCreateForm, PersonForm, PersonSearchForm
from ruta.people.matching import BirthHint

PERSON_FIELDS = services.IDENTITY_FIELDS


class PersonSearchView(View):
    """Names are searched by POST: a survivor's name never lands in a URL, a server log or the
    browser's history."""

    def get(self, request):
        require(policies.can_search_persons(request.actor))
        return self._render(request, PersonSearchForm())

    def post(self, request):
        require(policies.can_search_persons(request.actor))
        return self._render(request, PersonSearchForm(request.POST))

    def _render(self, request, form: PersonSearchForm):
        q, results = "", []
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            q = data["q"].strip()
            hint = BirthHint(date=data["date_of_birth"], age=data["estimated_age"])
            results = selectors.person_find(actor=request.actor, text=q, birth=hint) if q else []
        context = {
            "form": form,
            "q": q,
            "results": results,
            "can_create": policies.can_create_person(request.actor),
            "can_review": policies.can_review_duplicates(request.actor),
        }
        template = "people/partials/_results.html" if request.htmx else "people/person_search.html"
        return render(request, template, context)


class PersonMatchesView(View):
    """HTMX: possible existing records while a new person is being typed in."""

    def post(self, request):
        require(policies.can_create_person(request.actor))
        form = PersonCreateForm(request.POST)
        form.is_valid()  # partial input is normal here: use what parsed
        data = form.cleaned_data
        candidates = selectors.person_matches(
            actor=request.actor,
            given_names=data.get("given_names", ""),
            first_surname=data.get("first_surname", ""),
            second_surname=data.get("second_surname", ""),
            date_of_birth=data.get("date_of_birth"),
            estimated_age=data.get("estimated_age"),
            document_number=data.get("document_number", ""),
        )
        return render(request, "people/partials/_matches.html", {"candidates": candidates})


def _values(data: dict) -> dict:
    values = {k: data[k] for k in PERSON_FIELDS if k in data}
    if values.get("has_disability") == "unknown":
        values["has_disability"] = None
    return values


def _report_id(value: str | None) -> UUID | None:
    """The report a person is recorded from, as an id carried through (never read here)."""
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


class PersonCreateView(View):
    """Record a person. From a report (the case-opening page's "record the person first"),
    the report's id is carried through the form, and the new person is then offered for a
    case opened from that report, on the case-opening page: only ids in the address."""

    def get(self, request):
        require(policies.can_create_person(request.actor))
        context = {"form": PersonCreateForm(), "report_id": _report_id(request.GET.get("report"))}
        return render(request, "people/person_form.html", context)

    def post(self, request):
        require(policies.can_create_person(request.actor))
        report_id = _report_id(request.POST.get("report"))
        form = PersonCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            documents = []
            if data["document_type"]:
                documents.append(
                    services.DocumentInput(
                        type=data["document_type"],
                        number=data["document_number"],
                        issuing_country=data["document_country"],
                    )
                )
            try:
                person = services.person_create(
                    actor=request.actor, documents=documents, **_values(data)
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The person was recorded."))
                if report_id:
                    query = urlencode({"report": str(report_id), "person": str(person.pk)})
                    return redirect(f"{reverse('cases:case-open')}?{query}")
                return redirect("people:person-detail", person_id=person.pk)
        context = {"form": form, "report_id": report_id}
        return render(request, "people/person_form.html", context, status=400)


class PersonDetailView(View):
    def get(self, request, person_id):
        actor = request.actor
        person = selectors.person_get(actor=actor, person_id=person_id)
        return render(
            request,
            "people/person_detail.html",
            {
                "person": person,
                "show_contact": policies.can_read_person_contact(actor),
                "show_health": policies.can_read_person_health(actor),
                "can_edit": policies.can_edit_person(actor, person),
            },
        )


class PersonEditView(View):
    def get(self, request, person_id):
        person = selectors.person_get(actor=request.actor, person_id=person_id)
        require(policies.can_edit_person(request.actor, person))
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        initial["version"] = person.version
        return render(
            request,
            "people/person_form.html",
            {"form": PersonForm(initial=initial), "person": person},
        )

    def post(self, request, person_id):
        person = selectors.person_get(actor=request.actor, person_id=person_id)
        require(policies.can_edit_person(request.actor, person))
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(
                    actor=request.actor,
                    person=person,
                    version=form.cleaned_data["version"],
                    **_values(form.cleaned_data),
                )
            except ConflictError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("people:person-detail", person_id=person.pk)
        return render(
            request, "people/person_form.html", {"form": form, "person": person}, status=400
        )
