"""API routes: cooperation."""

from django.urls import path

from ruta.coordination.api import views_cooperation as v

urlpatterns: list = [
    path(
        "cooperation/",
        v.CooperationListApi.as_view(),
        name="coordination-cooperation-list",
    ),
    path(
        "cooperation/<uuid:cooperation_id>/",
        v.CooperationDetailApi.as_view(),
        name="coordination-cooperation-detail",
    ),
    path(
        "cooperation/<uuid:cooperation_id>/update/",
        v.CooperationUpdateApi.as_view(),
        name="coordination-cooperation-update",
    ),
    path(
        "cooperation/<uuid:cooperation_id>/document/",
        v.CooperationDocumentUploadApi.as_view(),
        name="coordination-cooperation-document-upload",
    ),
    path(
        "cooperation/<uuid:cooperation_id>/document/download/",
        v.CooperationDocumentDownloadApi.as_view(),
        name="coordination-cooperation-document-download",
    ),
]
