"""Pages: meetings."""

from django.urls import path

from ruta.coordination import views_meetings as v

urlpatterns: list = [
    path(
        "committees/<uuid:committee_id>/meetings/new/",
        v.MeetingNewView.as_view(),
        name="meeting-new",
    ),
    path("meetings/<uuid:meeting_id>/", v.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<uuid:meeting_id>/edit/", v.MeetingEditView.as_view(), name="meeting-edit"),
    path(
        "meetings/<uuid:meeting_id>/cancel/", v.MeetingCancelView.as_view(), name="meeting-cancel"
    ),
    path(
        "meetings/<uuid:meeting_id>/agenda/",
        v.AgendaItemAddView.as_view(),
        name="meeting-agenda-add",
    ),
    path(
        "agenda-items/<uuid:item_id>/edit/",
        v.AgendaItemEditView.as_view(),
        name="meeting-agenda-edit",
    ),
    path(
        "agenda-items/<uuid:item_id>/remove/",
        v.AgendaItemRemoveView.as_view(),
        name="meeting-agenda-remove",
    ),
    path(
        "meetings/<uuid:meeting_id>/attendance/",
        v.MeetingAttendanceView.as_view(),
        name="meeting-attendance",
    ),
    path(
        "meetings/<uuid:meeting_id>/minutes/",
        v.MeetingMinutesView.as_view(),
        name="meeting-minutes",
    ),
    path(
        "meetings/<uuid:meeting_id>/minutes/close/",
        v.MeetingMinutesCloseView.as_view(),
        name="meeting-minutes-close",
    ),
    path(
        "meetings/<uuid:meeting_id>/minutes.pdf",
        v.MeetingMinutesPdfView.as_view(),
        name="meeting-minutes-pdf",
    ),
    path(
        "meetings/<uuid:meeting_id>/attachments/",
        v.AttachmentUploadView.as_view(),
        name="meeting-attachment-upload",
    ),
    path(
        "meeting-attachments/<uuid:attachment_id>/",
        v.AttachmentDownloadView.as_view(),
        name="meeting-attachment-download",
    ),
    path(
        "meeting-attachments/<uuid:attachment_id>/remove/",
        v.AttachmentRemoveView.as_view(),
        name="meeting-attachment-remove",
    ),
]
