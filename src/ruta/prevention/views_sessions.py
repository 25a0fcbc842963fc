"""The prevention hub and the pages of training sessions: list (filters: year, status,
course), page, new, edit, status change, trainers."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.core.errors import require
from ruta.core.pagination import countless_page
from ruta.core.views import ActionView, ActorRequest
from ruta.prevention import policies
from ruta.prevention import selectors_courses as selectors
from ruta.prevention.choices import SessionStatus
from ruta.prevention.forms_courses import SessionForm, SessionStatusForm, TrainerForm
from ruta.prevention.models import TrainingSession
from ruta.prevention.services import _common
from ruta.prevention.services import sessions as services
from ruta.prevention.views_forms import RecordFormView


def _detail(session: TrainingSession) -> str:
    return reverse("prevention:session-detail", kwargs={"session_id": session.pk})


def page_filters(params) -> dict[str, Any]:
    """The list's filters from a query string; a malformed value is ignored on the page."""
    year = params.get("year", "")
    course = params.get("course", "")
    status = params.get("status", "")
    return {
        "year": int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None,
        "status": status if status in SessionStatus.values else "",
        "course": course if _is_uuid(course) else "",
    }


def _is_uuid(value: str) -> bool:
    from uuid import UUID

    try:
        UUID(value)
    except ValueError:
        return False
    return True


class PreventionHomeView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_use_prevention(request.actor))
        return render(request, "prevention/courses/home.html", selectors.home(actor=request.actor))


class SessionListView(View):
    def get(self, request: ActorRequest) -> HttpResponse:
        actor = request.actor
        filters = page_filters(request.GET)
        sessions = selectors.session_list(actor=actor, filters=filters)
        page = countless_page(sessions, request.GET.get("page"), 50)
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "prevention/courses/session_list.html",
            {
                "page": page,
                "filters": filters,
                "statuses": SessionStatus.choices,
                "years": selectors.session_years(actor=actor),
                "courses": selectors.course_filter_choices(actor=actor)[:200],
                "can_create": policies.can_create_course(actor),
                "query": query.urlencode(),
            },
        )


def session_form(request: ActorRequest, data=None, *, new: bool, initial=None) -> SessionForm:
    return SessionForm(
        data,
        initial=initial,
        institutions=selectors.institution_choices(),
        courses=selectors.course_choices(actor=request.actor) if new else None,
    )


class SessionDetailView(View):
    def get(self, request: ActorRequest, session_id) -> HttpResponse:
        actor = request.actor
        context = selectors.session_page(actor=actor, session_id=session_id)
        session = context["session"]
        if context["can_manage"]:
            context["status_form"] = SessionStatusForm(
                initial={"version": session.version}, auto_id="st_%s"
            )
            context["status_form"].fields["status"].choices = context["next_statuses"]
            context["trainer_form"] = TrainerForm(
                participants=selectors.trainer_candidates(actor=actor), auto_id="tr_%s"
            )
        _common.record(
            "session.viewed",
            actor,
            session,
            session.institution_id,
            data={"reference": session.reference},
        )
        return render(request, "prevention/courses/session_detail.html", context)


class _SessionFormView(RecordFormView):
    template_name = "prevention/courses/session_form.html"
    context_name = "session"
    saved_message = gettext_lazy("The session was saved.")

    def detail_url(self, obj: TrainingSession) -> str:
        return _detail(obj)


class SessionNewView(_SessionFormView):
    def get(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_course(request.actor))
        initial: dict[str, Any] = {"host": request.actor.institution_id}
        course = request.GET.get("course", "")
        if _is_uuid(course):
            initial["course"] = course
        return self._render(request, session_form(request, new=True, initial=initial), None)

    def post(self, request: ActorRequest) -> HttpResponse:
        require(policies.can_create_course(request.actor))
        return self._save(request, session_form(request, request.POST, new=True), None)

    def perform(self, request, data, session) -> TrainingSession:
        data["open_institutions"] = list(data["open_institutions"])
        return services.session_create(actor=request.actor, **data)


class SessionEditView(_SessionFormView):
    def _load(self, request, session_id) -> TrainingSession:
        session = selectors.session_get(actor=request.actor, session_id=session_id)
        require(policies.can_manage_session(request.actor, session))
        return session

    def get(self, request: ActorRequest, session_id) -> HttpResponse:
        session = self._load(request, session_id)
        open_types, open_institutions = selectors.session_openings(session)
        initial = {
            "version": session.version,
            "host": session.host_id,
            "starts_on": session.starts_on,
            "ends_on": session.ends_on,
            "department": session.department_id,
            "municipality": session.municipality_id,
            "venue": session.venue,
            "capacity": session.capacity,
            "open_types": open_types,
            "open_institutions": open_institutions,
        }
        return self._render(request, session_form(request, new=False, initial=initial), session)

    def post(self, request: ActorRequest, session_id) -> HttpResponse:
        session = self._load(request, session_id)
        return self._save(request, session_form(request, request.POST, new=False), session)

    def perform(self, request, data, session) -> TrainingSession:
        data["open_institutions"] = list(data["open_institutions"])
        return services.session_update(actor=request.actor, session=session, **data)


class _SessionAction(ActionView):
    success_message = gettext_lazy("The session was saved.")

    def load(self, request, **kwargs):
        session = selectors.session_get(actor=request.actor, session_id=kwargs["session_id"])
        require(policies.can_manage_session(request.actor, session))
        return session

    def success_url(self, obj, result):
        return _detail(obj)


class SessionStatusView(_SessionAction):
    form_class = SessionStatusForm
    success_message = gettext_lazy("The session's status was changed.")

    def perform(self, request, obj, data):
        return services.session_status_change(actor=request.actor, session=obj, **data)


class TrainerAddView(_SessionAction):
    success_message = gettext_lazy("The trainer was added.")

    def get_form(self, request, obj):
        return TrainerForm(
            request.POST, participants=selectors.trainer_candidates(actor=request.actor)
        )

    def perform(self, request, obj, data):
        return services.trainer_add(actor=request.actor, session=obj, **data)


class TrainerRemoveView(_SessionAction):
    success_message = gettext_lazy("The trainer was removed.")

    def load(self, request, **kwargs):
        trainer = selectors.trainer_get(actor=request.actor, trainer_id=kwargs["trainer_id"])
        require(policies.can_manage_session(request.actor, trainer.session))
        return trainer

    def perform(self, request, obj, data):
        return services.trainer_remove(actor=request.actor, trainer=obj)

    def success_url(self, obj, result):
        return _detail(obj.session)
