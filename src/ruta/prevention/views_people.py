"""Pages of participants, enrolments, attendance and tests: one route per action. Each loads
its record in the actor's scope (404 outside it) and calls one service; a refusal comes back
beside its fields and nothing is saved. The follow-up questionnaire is public (no sign-in)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import DomainError, require
from ruta.core.pagination import countless_page
from ruta.core.views import ActionView, ActorRequest, apply_validation_error, safe_next
from ruta.prevention import policies
from ruta.prevention import selectors_people as sel
from ruta.prevention.choices import ResultKind
from ruta.prevention.forms_people import (
    AttendanceForm,
    EnrolForm,
    FollowUpForm,
    ParticipantEditForm,
    ParticipantForm,
    ResultForm,
    VersionForm,
    participant_initial,
)
from ruta.prevention.models import Enrolment, Participant, TrainingSession
from ruta.prevention.services import enrolments as enrol_services
from ruta.prevention.services import follow_ups
from ruta.prevention.services import participants as participant_services


def _session_people_url(session_id: Any) -> str:
    return reverse("prevention:session-people", kwargs={"session_id": session_id})


def _failed(form: forms.Form, exc: DomainError | ValidationError) -> int:
    """Put a service's refusal on the form; the status to answer with."""
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return 400 if exc.status == 422 else exc.status
    apply_validation_error(form, exc)
    return 400


# --- participants --------------------------------------------------------------------------
class ParticipantListView(View):
    """The participants in scope. Names are searched by POST (``q``): a name never lands in a
    URL, a server log or the browser's history."""

    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        participants = sel.participant_list(actor=actor)
        page = countless_page(participants, request.GET.get("page"), 50)
        return self._render(request, page, list(page), "")

    def post(self, request: ActorRequest) -> HttpResponse:
        search = request.POST.get("q", "").strip()[: sel.SEARCH_MAX]
        rows = list(sel.participant_list(actor=request.actor, search=search)[: sel.SEARCH_ROWS])
        return self._render(request, None, rows, search)

    def _render(self, request: ActorRequest, page, rows: list, search: str) -> HttpResponse:
        actor = request.actor
        sel.audit_participants_read(actor, rows=len(rows))
        return render(
            request,
            "prevention/people/participant_list.html",
            {
                "page": page,
                "rows": rows,
                "search": search,
                "can_create": policies.can_create_participant(actor),
                "query": "",
            },
        )


class ParticipantNewView(View):
    template_name = "prevention/people/participant_form.html"

    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_participant(request.actor))
        return render(request, self.template_name, {"form": ParticipantForm()})

    def post(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        require(policies.can_create_participant(actor))
        form = ParticipantForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                participant = participant_services.participant_create(
                    actor=actor, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                status = _failed(form, exc)
            else:
                messages.success(request, _("The participant was recorded."))
                return redirect("prevention:participant-detail", participant_id=participant.pk)
        return render(
            request, self.template_name, {"form": form, "failed_form": form}, status=status
        )


class ParticipantDetailView(View):
    def get(self, request: ActorRequest, participant_id: UUID) -> HttpResponse:
        actor = request.actor
        participant = sel.participant_get(actor=actor, participant_id=participant_id)
        enrolments = sel.participant_enrolments(actor=actor, participant=participant)
        sel.audit_participants_read(actor, rows=1, target=participant)
        return render(
            request,
            "prevention/people/participant_detail.html",
            {
                "participant": participant,
                "enrolments": enrolments,
                "can_edit": policies.can_edit_participant(actor, participant),
            },
        )


class ParticipantEditView(View):
    template_name = "prevention/people/participant_form.html"

    def _load(self, request: ActorRequest, participant_id: UUID) -> Participant:
        participant = sel.participant_get(actor=request.actor, participant_id=participant_id)
        require(policies.can_edit_participant(request.actor, participant))
        return participant

    def get(self, request: ActorRequest, participant_id: UUID) -> HttpResponse:
        participant = self._load(request, participant_id)
        form = ParticipantEditForm(
            initial=participant_initial(participant), participant=participant
        )
        return render(request, self.template_name, {"form": form, "participant": participant})

    def post(self, request: ActorRequest, participant_id: UUID) -> HttpResponse:
        participant = self._load(request, participant_id)
        form = ParticipantEditForm(request.POST, participant=participant)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                participant_services.participant_update(
                    actor=request.actor, participant=participant, **data
                )
            except (DomainError, ValidationError) as exc:
                status = _failed(form, exc)
            else:
                messages.success(request, _("The participant's details were saved."))
                return redirect("prevention:participant-detail", participant_id=participant.pk)
        return render(
            request,
            self.template_name,
            {"form": form, "participant": participant, "failed_form": form},
            status=status,
        )


# --- a session's people --------------------------------------------------------------------
class SessionPeopleView(View):
    """The session's enrolments on a page of their own (the session page includes the same
    partial)."""

    def get(self, request: ActorRequest, session_id: UUID) -> HttpResponse:
        actor = request.actor
        session = sel.session_get(actor=actor, session_id=session_id)
        context = sel.session_people(actor, session)
        return render(request, "prevention/people/session_people.html", context)


class _SessionAction(ActionView):
    def load(self, request: ActorRequest, **kwargs: Any) -> Any:
        session = sel.session_get(actor=request.actor, session_id=kwargs["session_id"])
        require(policies.can_manage_session(request.actor, session))
        return session

    def success_url(self, obj: Any, result: Any) -> str:
        session_id = obj.pk if isinstance(obj, TrainingSession) else obj.session_id
        return safe_next(self.request, _session_people_url(session_id))

    def dispatch(self, request, *args, **kwargs):
        self.request = request
        return super().dispatch(request, *args, **kwargs)


class EnrolmentCreateView(_SessionAction):
    form_class = EnrolForm
    success_message = gettext_lazy("The participant was enrolled.")

    def form_kwargs(self, request: ActorRequest, obj: Any) -> dict[str, Any]:
        return {"participants": policies.scope_participants(request.actor)}

    def perform(self, request: ActorRequest, obj: TrainingSession, data: dict[str, Any]):
        return enrol_services.enrolment_create(
            actor=request.actor,
            session=obj,
            participant=data.get("participant"),
            email="" if data.get("participant") else data.get("email") or "",
        )


class EnrolmentWithdrawView(_SessionAction):
    form_class = VersionForm
    success_message = gettext_lazy("The participant was withdrawn.")

    def load(self, request: ActorRequest, **kwargs: Any) -> Enrolment:
        enrolment = sel.enrolment_get(actor=request.actor, enrolment_id=kwargs["enrolment_id"])
        require(policies.can_manage_session(request.actor, enrolment.session))
        return enrolment

    def perform(self, request: ActorRequest, obj: Enrolment, data: dict[str, Any]):
        return enrol_services.enrolment_withdraw(
            actor=request.actor, enrolment=obj, version=data["version"]
        )


class AttendanceRegisterView(View):
    """One day's register (``?day=``, the session's first day by default): every enrolled
    participant with a checkbox."""

    template_name = "prevention/people/attendance.html"

    def _load(self, request: ActorRequest, session_id: UUID) -> TrainingSession:
        session = sel.session_get(actor=request.actor, session_id=session_id)
        require(policies.can_manage_session(request.actor, session))
        return session

    def _render(self, request, session, day, form, status=200) -> HttpResponse:
        register = sel.attendance_register(actor=request.actor, session=session, day=day)
        sel.audit_participants_read(request.actor, rows=len(register), target=session)
        return render(
            request,
            self.template_name,
            {
                "session": session,
                "day": day,
                "days": enrol_services.session_days(session),
                "register": register,
                "form": form,
                "failed_form": form if form.is_bound else None,
            },
            status=status,
        )

    def get(self, request: ActorRequest, session_id: UUID) -> HttpResponse:
        session = self._load(request, session_id)
        raw = request.GET.get("day", "")[:10]
        try:
            day = parse_date(raw) if raw else session.starts_on
        except ValueError:
            day = None
        if day is None or not session.starts_on <= day <= session.ends_on:
            day = session.starts_on
        return self._render(request, session, day, AttendanceForm(initial={"day": day}))

    def post(self, request: ActorRequest, session_id: UUID) -> HttpResponse:
        session = self._load(request, session_id)
        ids = [e.pk for e in sel.session_enrolments(actor=request.actor, session=session)]
        form = AttendanceForm(request.POST, enrolment_ids=ids)
        status = 400
        if form.is_valid():
            day = form.cleaned_data["day"]
            present = {UUID(pk): True for pk in form.cleaned_data["present"]}
            try:
                enrol_services.attendance_record(
                    actor=request.actor, session=session, day=day, present=present
                )
            except (DomainError, ValidationError) as exc:
                status = _failed(form, exc)
            else:
                messages.success(request, _("The attendance was saved."))
                url = reverse("prevention:attendance-register", kwargs={"session_id": session.pk})
                return redirect(f"{url}?day={day.isoformat()}")
        day = form.cleaned_data.get("day") if hasattr(form, "cleaned_data") else None
        if day is None or not session.starts_on <= day <= session.ends_on:
            day = session.starts_on
        return self._render(request, session, day, form, status=status)


class ResultEntryView(View):
    """A participant's pre- or post-test (``?kind=pre|post``): one select per question."""

    template_name = "prevention/people/result_form.html"

    def _load(self, request: ActorRequest, enrolment_id: UUID) -> Enrolment:
        enrolment = sel.enrolment_get(actor=request.actor, enrolment_id=enrolment_id)
        require(policies.can_manage_session(request.actor, enrolment.session))
        return enrolment

    def _render(self, request, enrolment, form, kind, status=200) -> HttpResponse:
        sel.audit_participants_read(request.actor, rows=1, target=enrolment.session)
        return render(
            request,
            self.template_name,
            {
                "enrolment": enrolment,
                "session": enrolment.session,
                "form": form,
                "kind": kind,
                "kind_label": ResultKind(kind).label,
                "has_questions": bool(form.questions),
                "failed_form": form if form.is_bound else None,
            },
            status=status,
        )

    def get(self, request: ActorRequest, enrolment_id: UUID) -> HttpResponse:
        enrolment = self._load(request, enrolment_id)
        kind = request.GET.get("kind", ResultKind.PRE)
        if kind not in ResultKind.values:
            kind = ResultKind.PRE
        answers = sel.recorded_answers(enrolment, kind)
        initial: dict[str, Any] = {"kind": kind, "version": enrolment.version}
        initial.update({f"q_{pos}": key for pos, key in answers.items()})
        form = ResultForm(initial=initial, questions=sel.test_questions(enrolment))
        return self._render(request, enrolment, form, kind)

    def post(self, request: ActorRequest, enrolment_id: UUID) -> HttpResponse:
        enrolment = self._load(request, enrolment_id)
        form = ResultForm(request.POST, questions=sel.test_questions(enrolment))
        kind = request.POST.get("kind", "")
        kind = kind if kind in ResultKind.values else ResultKind.PRE
        status = 400
        if form.is_valid():
            try:
                enrol_services.result_record(
                    actor=request.actor,
                    enrolment=enrolment,
                    kind=form.cleaned_data["kind"],
                    answers=form.answers(),
                    version=form.cleaned_data["version"],
                    taken_on=form.cleaned_data.get("taken_on"),
                )
            except (DomainError, ValidationError) as exc:
                status = _failed(form, exc)
            else:
                messages.success(request, _("The test was saved."))
                return redirect(_session_people_url(enrolment.session_id))
        return self._render(request, enrolment, form, kind, status=status)


# --- the employer's view -------------------------------------------------------------------
class StaffTrainingsView(View):
    """The trainings of the actor's institution's own staff, and their scores."""

    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        page = countless_page(sel.staff_trainings(actor=actor), request.GET.get("page"), 50)
        rows = list(page)
        sel.audit_participants_read(actor, rows=len(rows))
        return render(
            request,
            "prevention/people/staff_trainings.html",
            {"page": page, "rows": rows, "query": ""},
        )


# --- the public follow-up questionnaire ---------------------------------------------------
class FollowUpView(View):
    """The three-month questionnaire through its one-time link: the course's title only."""

    template_name = "prevention/people/follow_up.html"

    def _load(self, token: str):
        follow_up = follow_ups.follow_up_by_token(token)
        if follow_up is None:
            raise Http404
        return follow_up

    def _render(self, request, follow_up, form, *, state=None, status=200) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "course_title": follow_up.enrolment.session.course.title,
                "state": state or follow_ups.follow_up_state(follow_up),
                "form": form,
                "failed_form": form if form is not None and form.is_bound else None,
            },
            status=status,
        )

    def get(self, request, token: str) -> HttpResponse:
        follow_up = self._load(token)
        return self._render(request, follow_up, FollowUpForm())

    def post(self, request, token: str) -> HttpResponse:
        follow_up = self._load(token)
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                follow_ups.follow_up_answer(follow_up=follow_up, **form.cleaned_data)
            except follow_ups.FollowUpClosed as closed:
                return self._render(request, follow_up, None, state=closed.reason, status=409)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return self._render(request, follow_up, None, state="thanks")
        state = follow_ups.follow_up_state(follow_up)
        if state != "open":
            return self._render(request, follow_up, None, state=state, status=409)
        return self._render(request, follow_up, form, status=400)
