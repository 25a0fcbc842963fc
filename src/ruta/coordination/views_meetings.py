"""Pages of committee meetings: a new meeting (from its committee), its page, and one route
per action (edit, cancel, agenda, attendance, minutes, attachments, the minutes' PDF)."""

from __future__ import annotations

import io
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ruta.coordination import selectors_meetings as selectors
from ruta.coordination.forms_meetings import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    MeetingCancelForm,
    MeetingScheduleForm,
    MeetingUpdateForm,
    MinutesForm,
    VersionForm,
)
from ruta.coordination.minutes_pdf import render_minutes_pdf
from ruta.coordination.models import AgendaItem, Meeting, MeetingAttachment
from ruta.coordination.services import meetings as services
from ruta.core.errors import DomainError
from ruta.core.views import ActionView, ActorRequest, apply_validation_error


def _detail_url(meeting_id) -> str:
    return reverse("coordination:meeting-detail", kwargs={"meeting_id": meeting_id})


def meeting_page(
    request: ActorRequest,
    meeting: Meeting,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = selectors.meeting_page(actor=request.actor, meeting=meeting)
    context["agenda_form"] = AgendaItemForm(auto_id="agenda_%s")
    context["attachment_form"] = AttachmentForm(auto_id="attachment_%s")
    context["close_form"] = VersionForm(initial={"version": meeting.version}, auto_id="close_%s")
    bound = bound or {}
    context.update(bound)
    context["failed_form"] = next(iter(bound.values()), None)
    return render(request, "coordination/meetings/detail.html", context, status=status)


def _service_error(form: forms.Form, exc: DomainError | ValidationError) -> None:
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
    else:
        apply_validation_error(form, exc)


class MeetingNewView(View):
    """Schedule a meeting of a committee (its secretariat)."""

    template_name = "coordination/meetings/form.html"

    def get(self, request: ActorRequest, committee_id) -> HttpResponse:
        committee = selectors.committee_for_scheduling(
            actor=request.actor, committee_id=committee_id
        )
        form = MeetingScheduleForm()
        return render(request, self.template_name, {"form": form, "committee": committee})

    def post(self, request: ActorRequest, committee_id) -> HttpResponse:
        actor = request.actor
        committee = selectors.committee_for_scheduling(actor=actor, committee_id=committee_id)
        form = MeetingScheduleForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_schedule(
                    actor=actor, committee=committee, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                _service_error(form, exc)
            else:
                messages.success(request, _("The meeting was scheduled."))
                return redirect(_detail_url(meeting.pk))
        context = {"form": form, "failed_form": form, "committee": committee}
        return render(request, self.template_name, context, status=400)


class MeetingDetailView(View):
    def get(self, request: ActorRequest, meeting_id) -> HttpResponse:
        meeting = selectors.meeting_get(actor=request.actor, meeting_id=meeting_id)
        return meeting_page(request, meeting)


class MeetingMinutesPdfView(View):
    """The minutes as a PDF, in the committee's language, for whoever sees the meeting."""

    def get(self, request: ActorRequest, meeting_id) -> HttpResponse:
        meeting = selectors.meeting_get(actor=request.actor, meeting_id=meeting_id)
        response = HttpResponse(render_minutes_pdf(meeting), content_type="application/pdf")
        name = f"{meeting.committee.acronym}-{meeting.year}-{meeting.number:02d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class _MeetingActionView(ActionView):
    page_form = ""

    def load(self, request: ActorRequest, **kwargs: Any) -> Meeting:
        return selectors.meeting_for_manage(actor=request.actor, meeting_id=kwargs["meeting_id"])

    def render_failure(self, request, obj, form, status):
        return meeting_page(request, obj, bound={self.page_form: form}, status=status)

    def success_url(self, obj: Meeting, result: Any) -> str:
        return _detail_url(obj.pk)


def _initial(meeting: Meeting) -> dict[str, Any]:
    return {
        "version": meeting.version,
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "place": meeting.place,
        "online_link": meeting.online_link,
        "is_extraordinary": meeting.is_extraordinary,
    }


class _OwnPageView(_MeetingActionView):
    """An action with its own page (GET shows the form, POST saves)."""

    template_name = ""

    def initial(self, meeting: Meeting) -> dict[str, Any]:
        return {"version": meeting.version}

    def get(self, request: ActorRequest, meeting_id) -> HttpResponse:
        meeting = self.load(request, meeting_id=meeting_id)
        form = self.form_class(initial=self.initial(meeting), **self.form_kwargs(request, meeting))
        return render(request, self.template_name, {"form": form, "meeting": meeting})

    def render_failure(self, request, obj, form, status):
        context = {"form": form, "failed_form": form, "meeting": obj}
        return render(request, self.template_name, context, status=status)


class MeetingEditView(_OwnPageView):
    form_class = MeetingUpdateForm
    template_name = "coordination/meetings/form.html"
    success_message = gettext_lazy("The meeting was changed.")

    def initial(self, meeting: Meeting) -> dict[str, Any]:
        return _initial(meeting)

    def perform(self, request: ActorRequest, obj: Meeting, data: dict[str, Any]) -> Meeting:
        data = dict(data)
        version = data.pop("version")
        return services.meeting_update(actor=request.actor, meeting=obj, version=version, **data)


class MeetingCancelView(_OwnPageView):
    form_class = MeetingCancelForm
    template_name = "coordination/meetings/cancel.html"
    success_message = gettext_lazy("The meeting was cancelled.")

    def perform(self, request: ActorRequest, obj: Meeting, data: dict[str, Any]) -> Meeting:
        return services.meeting_cancel(actor=request.actor, meeting=obj, **data)


class MeetingAttendanceView(_OwnPageView):
    """The register: every member institution, present / excused / absent and who came."""

    form_class = AttendanceForm
    template_name = "coordination/meetings/attendance.html"
    success_message = gettext_lazy("The attendance was recorded.")

    def form_kwargs(self, request: ActorRequest, obj: Meeting) -> dict[str, Any]:
        return {"register": selectors.register(obj)}

    def perform(self, request: ActorRequest, obj: Meeting, data: dict[str, Any]) -> Meeting:
        form = self._form
        return services.attendance_record(
            actor=request.actor, meeting=obj, version=data["version"], lines=form.lines()
        )

    def get_form(self, request: ActorRequest, obj: Meeting) -> forms.Form:
        form = cast(AttendanceForm, super().get_form(request, obj))
        self._form = form
        return form


class MeetingMinutesView(_OwnPageView):
    form_class = MinutesForm
    template_name = "coordination/meetings/minutes.html"
    success_message = gettext_lazy("The minutes were saved.")

    def initial(self, meeting: Meeting) -> dict[str, Any]:
        return {"version": meeting.version, "minutes": meeting.minutes}

    def perform(self, request: ActorRequest, obj: Meeting, data: dict[str, Any]) -> Meeting:
        return services.minutes_save(actor=request.actor, meeting=obj, **data)


class MeetingMinutesCloseView(_MeetingActionView):
    page_form = "close_form"
    form_class = VersionForm
    auto_id = "close_%s"
    success_message = gettext_lazy("The minutes were closed: the meeting no longer changes.")

    def perform(self, request: ActorRequest, obj: Meeting, data: dict[str, Any]) -> Meeting:
        return services.minutes_close(actor=request.actor, meeting=obj, version=data["version"])


class AgendaItemAddView(_MeetingActionView):
    page_form = "agenda_form"
    form_class = AgendaItemForm
    auto_id = "agenda_%s"
    success_message = gettext_lazy("The item was added to the agenda.")

    def perform(self, request: ActorRequest, obj: Meeting, data: dict[str, Any]) -> Any:
        return services.agenda_item_add(actor=request.actor, meeting=obj, **data)

    def success_url(self, obj: Meeting, result: Any) -> str:
        return _detail_url(obj.pk) + "#agenda"


class AgendaItemEditView(ActionView):
    form_class = AgendaItemForm
    template_name = "coordination/meetings/agenda_item.html"
    success_message = gettext_lazy("The agenda item was changed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> AgendaItem:
        return selectors.agenda_item_get(actor=request.actor, item_id=kwargs["item_id"])

    def get(self, request: ActorRequest, item_id) -> HttpResponse:
        item = self.load(request, item_id=item_id)
        form = AgendaItemForm(
            initial={"title": item.title, "presenter": item.presenter, "notes": item.notes}
        )
        return render(request, self.template_name, {"form": form, "item": item})

    def render_failure(self, request, obj, form, status):
        context = {"form": form, "failed_form": form, "item": obj}
        return render(request, self.template_name, context, status=status)

    def perform(self, request: ActorRequest, obj: AgendaItem, data: dict[str, Any]) -> Any:
        return services.agenda_item_update(actor=request.actor, item=obj, **data)

    def success_url(self, obj: AgendaItem, result: Any) -> str:
        return _detail_url(obj.meeting_id) + "#agenda"


class AgendaItemRemoveView(ActionView):
    success_message = gettext_lazy("The item was removed from the agenda.")

    def load(self, request: ActorRequest, **kwargs: Any) -> AgendaItem:
        return selectors.agenda_item_get(actor=request.actor, item_id=kwargs["item_id"])

    def perform(self, request: ActorRequest, obj: AgendaItem, data: dict[str, Any]) -> Any:
        return services.agenda_item_remove(actor=request.actor, item=obj)

    def success_url(self, obj: AgendaItem, result: Any) -> str:
        return _detail_url(obj.meeting_id) + "#agenda"


class AttachmentUploadView(_MeetingActionView):
    page_form = "attachment_form"
    form_class = AttachmentForm
    auto_id = "attachment_%s"
    success_message = gettext_lazy("The document was attached.")

    def perform(self, request: ActorRequest, obj: Meeting, data: dict[str, Any]) -> Any:
        upload = data["file"]
        return services.attachment_upload(
            actor=request.actor,
            meeting=obj,
            title=data["title"],
            filename=upload.name,
            content=upload.read(settings.RUTA_ATTACHMENT_MAX_BYTES + 1),
        )

    def success_url(self, obj: Meeting, result: Any) -> str:
        return _detail_url(obj.pk) + "#attachments"


class AttachmentDownloadView(View):
    def get(self, request: ActorRequest, attachment_id) -> FileResponse:
        attachment = selectors.attachment_get(actor=request.actor, attachment_id=attachment_id)
        return FileResponse(
            io.BytesIO(services.attachment_content(attachment)),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )


class AttachmentRemoveView(ActionView):
    success_message = gettext_lazy("The document was removed.")

    def load(self, request: ActorRequest, **kwargs: Any) -> MeetingAttachment:
        return selectors.attachment_for_remove(
            actor=request.actor, attachment_id=kwargs["attachment_id"]
        )

    def perform(self, request: ActorRequest, obj: MeetingAttachment, data: dict[str, Any]) -> Any:
        return services.attachment_remove(actor=request.actor, attachment=obj)

    def success_url(self, obj: MeetingAttachment, result: Any) -> str:
        return _detail_url(obj.meeting_id) + "#attachments"
