"""Pages of committees: the list, a new committee, its page, and one route per action (edit,
add or remove a member institution, add, change or remove a representative)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.coordination import policies
from ruta.coordination import selectors_committees as selectors
from ruta.coordination.forms_committees import (
    CommitteeCreateForm,
    CommitteeUpdateForm,
    MemberAddForm,
    RepresentativeForm,
)
from ruta.coordination.models import Committee, CommitteeMember, Representative
from ruta.coordination.services import committees as services
from ruta.core.errors import DomainError, require
from ruta.core.pagination import countless_page
from ruta.core.views import ActionView, ActorRequest, apply_validation_error

FORM = "coordination/committees/form.html"
REPRESENTATIVE_FORM = "coordination/committees/representative_form.html"


def _detail_url(committee_id) -> str:
    return reverse("coordination:committee-detail", kwargs={"committee_id": committee_id})


def committee_page(
    request: ActorRequest,
    committee: Committee,
    *,
    member_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    context = selectors.committee_page(actor=request.actor, committee=committee)
    context["member_form"] = member_form or MemberAddForm(auto_id="member_%s")
    context["failed_form"] = member_form
    return render(request, "coordination/committees/detail.html", context, status=status)


class CommitteeListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_use_coordination(actor))
        page = countless_page(selectors.committee_list(actor=actor), request.GET.get("page"), 50)
        return render(
            request,
            "coordination/committees/list.html",
            {"page": page, "can_create": policies.can_create_committee(actor), "query": ""},
        )


class CommitteeNewView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_committee(request.actor))
        return render(request, FORM, {"form": CommitteeCreateForm(initial={"language": "es"})})

    def post(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_create_committee(actor))
        form = CommitteeCreateForm(request.POST)
        if form.is_valid():
            try:
                committee = services.committee_create(actor=actor, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                if isinstance(exc, DomainError):
                    form.add_error(None, exc.message)
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, _("The committee was recorded."))
                return redirect(_detail_url(committee.pk))
        return render(request, FORM, {"form": form, "failed_form": form}, status=400)


class CommitteeDetailView(View):
    def get(self, request: ActorRequest, committee_id) -> HttpResponse:
        committee = selectors.committee_get(actor=request.actor, committee_id=committee_id)
        return committee_page(request, committee)


def _initial(committee: Committee) -> dict[str, Any]:
    return {
        "version": committee.version,
        "kind": committee.kind,
        "name": committee.name,
        "acronym": committee.acronym,
        "description": committee.description,
        "departments": list(committee.departments.all()),
        "language": committee.language,
        "quorum_rule": committee.quorum_rule,
        "quorum_fixed": committee.quorum_fixed,
        "is_active": committee.is_active,
    }


class CommitteeEditView(ActionView):
    """The details form (GET) and its change (POST), naming the version read."""

    form_class = CommitteeUpdateForm
    success_message = gettext_lazy("The committee was changed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> Committee:
        return selectors.committee_for_manage(
            actor=request.actor, committee_id=kwargs["committee_id"]
        )

    def get(self, request: ActorRequest, committee_id) -> HttpResponse:
        committee = self.load(request, committee_id=committee_id)
        form = CommitteeUpdateForm(initial=_initial(committee))
        return render(request, FORM, {"form": form, "committee": committee})

    def perform(self, request: ActorRequest, obj: Committee, data: dict[str, Any]) -> Committee:
        data = dict(data)
        version = data.pop("version")
        return services.committee_update(
            actor=request.actor, committee=obj, version=version, **data
        )

    def render_failure(self, request, obj, form, status):
        context = {"form": form, "failed_form": form, "committee": obj}
        return render(request, FORM, context, status=status)

    def success_url(self, obj: Committee, result: Any) -> str:
        return _detail_url(obj.pk)


class MemberAddView(ActionView):
    form_class = MemberAddForm
    auto_id = "member_%s"
    success_message = gettext_lazy("The institution was added to the committee.")

    def load(self, request: ActorRequest, **kwargs: Any) -> Committee:
        return selectors.committee_for_manage(
            actor=request.actor, committee_id=kwargs["committee_id"]
        )

    def perform(self, request: ActorRequest, obj: Committee, data: dict[str, Any]) -> Any:
        return services.member_add(actor=request.actor, committee=obj, **data)

    def render_failure(self, request, obj, form, status):
        return committee_page(request, obj, member_form=form, status=status)

    def success_url(self, obj: Committee, result: Any) -> str:
        return _detail_url(obj.pk) + "#members"


class MemberRemoveView(ActionView):
    """Remove a member institution; refused (with the reason, on the committee's page) while
    it owns open action items of the committee."""

    success_message = gettext_lazy("The institution was removed from the committee.")

    def load(self, request: ActorRequest, **kwargs: Any) -> CommitteeMember:
        return selectors.member_get(actor=request.actor, member_id=kwargs["member_id"])

    def perform(self, request: ActorRequest, obj: CommitteeMember, data: dict[str, Any]) -> Any:
        return services.member_remove(actor=request.actor, member=obj)

    def success_url(self, obj: CommitteeMember, result: Any) -> str:
        return _detail_url(obj.committee_id) + "#members"


class RepresentativeAddView(ActionView):
    form_class = RepresentativeForm
    success_message = gettext_lazy("The representative was recorded.")

    def load(self, request: ActorRequest, **kwargs: Any) -> CommitteeMember:
        return selectors.member_get(actor=request.actor, member_id=kwargs["member_id"])

    def get(self, request: ActorRequest, member_id) -> HttpResponse:
        member = self.load(request, member_id=member_id)
        return render(
            request, REPRESENTATIVE_FORM, {"form": RepresentativeForm(), "member": member}
        )

    def perform(self, request: ActorRequest, obj: CommitteeMember, data: dict[str, Any]) -> Any:
        return services.representative_add(actor=request.actor, member=obj, **data)

    def render_failure(self, request, obj, form, status):
        context = {"form": form, "failed_form": form, "member": obj}
        return render(request, REPRESENTATIVE_FORM, context, status=status)

    def success_url(self, obj: CommitteeMember, result: Any) -> str:
        return _detail_url(obj.committee_id) + "#representatives"


class RepresentativeEditView(ActionView):
    form_class = RepresentativeForm
    success_message = gettext_lazy("The representative was changed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> Representative:
        return selectors.representative_get(
            actor=request.actor, representative_id=kwargs["representative_id"]
        )

    def get(self, request: ActorRequest, representative_id) -> HttpResponse:
        representative = self.load(request, representative_id=representative_id)
        initial = {f: getattr(representative, f) for f in services.REPRESENTATIVE_FIELDS}
        context = {
            "form": RepresentativeForm(initial=initial),
            "member": representative.member,
            "representative": representative,
        }
        return render(request, REPRESENTATIVE_FORM, context)

    def perform(self, request: ActorRequest, obj: Representative, data: dict[str, Any]) -> Any:
        return services.representative_update(actor=request.actor, representative=obj, **data)

    def render_failure(self, request, obj, form, status):
        context = {"form": form, "failed_form": form, "member": obj.member, "representative": obj}
        return render(request, REPRESENTATIVE_FORM, context, status=status)

    def success_url(self, obj: Representative, result: Any) -> str:
        return _detail_url(obj.member.committee_id) + "#representatives"


class RepresentativeRemoveView(ActionView):
    success_message = gettext_lazy("The representative was removed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> Representative:
        return selectors.representative_get(
            actor=request.actor, representative_id=kwargs["representative_id"]
        )

    def perform(self, request: ActorRequest, obj: Representative, data: dict[str, Any]) -> Any:
        return services.representative_remove(actor=request.actor, representative=obj)

    def success_url(self, obj: Representative, result: Any) -> str:
        return _detail_url(obj.member.committee_id) + "#representatives"
