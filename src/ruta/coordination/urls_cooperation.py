"""Pages: cooperation."""

from django.urls import path

from ruta.coordination import views_cooperation as v

urlpatterns: list = [
    path("cooperation/", v.CooperationListView.as_view(), name="cooperation-list"),
    path("cooperation/new/", v.CooperationNewView.as_view(), name="cooperation-new"),
    path(
        "cooperation/<uuid:cooperation_id>/",
        v.CooperationDetailView.as_view(),
        name="cooperation-detail",
    ),
    path(
        "cooperation/<uuid:cooperation_id>/edit/",
        v.CooperationEditView.as_view(),
        name="cooperation-edit",
    ),
    path(
        "cooperation/<uuid:cooperation_id>/document/",
        v.CooperationDocumentUploadView.as_view(),
        name="cooperation-document-upload",
    ),
    path(
        "cooperation/<uuid:cooperation_id>/document/download/",
        v.CooperationDocumentDownloadView.as_view(),
        name="cooperation-document-download",
    ),
]
