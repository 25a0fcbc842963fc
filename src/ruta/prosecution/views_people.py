"""Pages of the people in a criminal file: the panel (on its own page and on the file page)
and one route per action. Each action loads its record in the actor's scope (404 outside it)
and calls one service; errors come back beside their fields and nothing is saved."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import require
from ruta.core.views import ActionView, safe_next
from ruta.prosecution import selectors_people as sel
from ruta.prosecution import services
from ruta.prosecution.forms_people import (
    AppealDecideForm,
    AppealFileForm,
    AssetForm,
    ChargeAddForm,
    DefendantAddForm,
    DefendantUpdateForm,
    IdentityForm,
    MeasureDecideForm,
    MeasureRequestForm,
    PaymentForm,
    VerdictRecordForm,
    VictimLinkCaseForm,
    VictimRecordForm,
    VictimUpdateForm,
)
from ruta.prosecution.models import CriminalFile


def _people_url(file_id) -> str:
    return reverse("prosecution:file-people", kwargs={"file_id": file_id})


def _chosen_person(actor, form):
    """The person chosen through the search, or a field error (nothing saved)."""
    person_id = form.cleaned_data.get("person")
    person = sel.person_for(actor=actor, person_id=person_id)
    if person_id and person is None:
        raise ValidationError({"person": [_("Unknown person.")]})
    return person


class FilePeopleView(View):
    """The people of the file on a page of their own."""

    def get(self, request, file_id):
        actor = request.actor
        file = sel.file_get(actor=actor, file_id=file_id)
        context = sel.people_panel(actor, file)
        if context["can_edit"]:
            context["roles"] = sel.active_roles()
        return render(request, "prosecution/people/file_people.html", context)


class _PeopleAction(ActionView):
    """An action of the people panel: back to where it was posted from (the file page or
    the people page), saved or not."""

    def file_of(self, obj: Any) -> CriminalFile:
        return obj if isinstance(obj, CriminalFile) else obj.file

    def dispatch(self, request, *args, **kwargs):
        self.request = request
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, request, obj):
        self.form = super().get_form(request, obj)
        return self.form

    def success_url(self, obj: Any, result: Any) -> str:
        return safe_next(self.request, _people_url(self.file_of(obj).pk))

    # Where the bound form goes in the panel's context: a key of the panel, or of the row
    # of the record (``row_key`` names the list, ``form_key`` the form in the row).
    form_key: str = ""
    row_key: str = ""

    def place(self, context: dict, obj: Any, form) -> None:
        if not self.row_key:
            context[self.form_key] = form
            return
        for row in context[self.row_key]:
            record = row.get("defendant") or row.get("victim")
            if record is not None and record.pk == obj.pk:
                row[self.form_key] = form

    def render_failure(self, request, obj, form, status):
        """The people page again, the form as typed with each error beside its field."""
        if not self.form_key:
            return None  # flashed, back to the page
        context = sel.people_panel(request.actor, self.file_of(obj))
        self.place(context, obj, form)
        return render(request, "prosecution/people/file_people.html", context, status=status)


class _FileAction(_PeopleAction):
    def load(self, request, **kwargs: Any) -> CriminalFile:
        return sel.file_get(actor=request.actor, file_id=kwargs["file_id"])


class _DefendantAction(_PeopleAction):
    def load(self, request, **kwargs: Any):
        return sel.defendant_get(actor=request.actor, defendant_id=kwargs["defendant_id"])


class _VictimAction(_PeopleAction):
    def load(self, request, **kwargs: Any):
        return sel.victim_get(actor=request.actor, victim_id=kwargs["victim_id"])


class DefendantAddView(_FileAction):
    form_class = DefendantAddForm
    form_key = "defendant_form"
    success_message = gettext_lazy("The suspect was added.")

    def perform(self, request, obj, data):
        return services.defendant_add(
            actor=request.actor,
            file=obj,
            person=_chosen_person(request.actor, self.form),
            identity=cast(IdentityForm, self.form).identity(),
        )


class DefendantUpdateView(_DefendantAction):
    form_class = DefendantUpdateForm
    form_key = "update_form"
    row_key = "defendants"

    def form_kwargs(self, request, obj):
        return {"roles": sel.active_roles()}

    def perform(self, request, obj, data):
        changes = {k: v for k, v in data.items() if k != "version"}
        changes["role"] = sel.role_by_code(changes.get("role") or "")
        return services.defendant_update(
            actor=request.actor, defendant=obj, version=data["version"], **changes
        )


class ChargeAddView(_DefendantAction):
    form_class = ChargeAddForm
    form_key = "charge_form"
    row_key = "defendants"
    success_message = gettext_lazy("The charge was added.")

    def perform(self, request, obj, data):
        return services.charge_add(
            actor=request.actor,
            defendant=obj,
            offence=data["offence"],
            charged_on=data["charged_on"],
            form_of_exploitation=data["form_of_exploitation"],
            aggravating=list(data["aggravating"]),
        )


class PaymentRecordView(_DefendantAction):
    form_class = PaymentForm
    form_key = "payment_form"
    row_key = "defendants"
    success_message = gettext_lazy("The payment was recorded.")

    def perform(self, request, obj, data):
        return services.compensation_record_payment(actor=request.actor, defendant=obj, **data)


class AssetRecordView(_DefendantAction):
    form_class = AssetForm
    form_key = "asset_form"
    row_key = "defendants"
    success_message = gettext_lazy("The asset was recorded.")

    def perform(self, request, obj, data):
        return services.asset_record(actor=request.actor, defendant=obj, **data)


class VerdictRecordView(_PeopleAction):
    form_class = VerdictRecordForm
    success_message = gettext_lazy("The verdict was recorded.")

    def load(self, request, **kwargs: Any):
        return sel.charge_get(actor=request.actor, charge_id=kwargs["charge_id"])

    form_key = "verdict_form"

    def file_of(self, obj):
        return obj.defendant.file

    def place(self, context, obj, form):
        for row in context["defendants"]:
            for c in row["charges"]:
                if c["charge"].pk == obj.pk:
                    c["verdict_form"] = form

    def perform(self, request, obj, data):
        return services.verdict_record(actor=request.actor, charge=obj, **data)


class AppealFileView(_FileAction):
    form_class = AppealFileForm
    form_key = "appeal_form"
    success_message = gettext_lazy("The appeal was recorded.")

    def perform(self, request, obj, data):
        return services.appeal_file(actor=request.actor, file=obj, **data)


class AppealDecideView(_PeopleAction):
    form_class = AppealDecideForm
    success_message = gettext_lazy("The decision on the appeal was recorded.")

    def load(self, request, **kwargs: Any):
        return sel.appeal_get(actor=request.actor, appeal_id=kwargs["appeal_id"])

    def form_kwargs(self, request, obj):
        panel_charges = [
            c["charge"]
            for d in sel.defendant_list(actor=request.actor, file=obj.file)
            for c in sel.defendant_row(request.actor, d)["charges"]
            if c["verdicts"]
        ]
        return {"charges": panel_charges}

    def perform(self, request, obj, data):
        return services.appeal_decide(
            actor=request.actor,
            appeal=obj,
            version=data["version"],
            result=data["result"],
            decided_on=data["decided_on"],
            verdicts=cast(AppealDecideForm, self.form).verdicts(),
        )


class VictimLinkCaseView(_FileAction):
    form_class = VictimLinkCaseForm
    form_key = "link_form"
    success_message = gettext_lazy("The survivor was joined to the file.")

    def form_kwargs(self, request, obj):
        return {"cases": sel.linkable_cases(actor=request.actor)}

    def perform(self, request, obj, data):
        case = sel.linkable_case(actor=request.actor, case_id=UUID(data["case"]))
        require(case is not None)
        return services.victim_link_case(
            actor=request.actor, file=obj, case=case, role=data["role"]
        )


class VictimRecordView(_FileAction):
    form_class = VictimRecordForm
    form_key = "victim_record_form"
    success_message = gettext_lazy("The person was added to the file.")

    def perform(self, request, obj, data):
        return services.victim_record(
            actor=request.actor,
            file=obj,
            person=_chosen_person(request.actor, self.form),
            identity=cast(IdentityForm, self.form).identity(),
            role=data["role"],
        )


class VictimUpdateView(_VictimAction):
    form_class = VictimUpdateForm
    form_key = "update_form"
    row_key = "victims"

    def perform(self, request, obj, data):
        return services.victim_update(actor=request.actor, victim=obj, **data)


class MeasureRequestView(_VictimAction):
    form_class = MeasureRequestForm
    form_key = "measure_form"
    row_key = "victims"
    success_message = gettext_lazy("The measure was requested.")

    def perform(self, request, obj, data):
        return services.measure_request(actor=request.actor, victim=obj, **data)


class MeasureDecideView(_PeopleAction):
    form_class = MeasureDecideForm

    def load(self, request, **kwargs: Any):
        return sel.measure_get(actor=request.actor, measure_id=kwargs["measure_id"])

    def file_of(self, obj):
        return obj.victim.file

    def perform(self, request, obj, data):
        return services.measure_decide(actor=request.actor, measure=obj, **data)
