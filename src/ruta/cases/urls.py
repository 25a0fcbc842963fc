from django.urls import path

from ruta.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("new/", views.CaseOpenView.as_view(), name="case-open"),
    path("<uuid:case_id>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("<uuid:case_id>/notes/", views.CaseNoteView.as_view(), name="case-note"),
    path("<uuid:case_id>/screening/", views.CaseScreeningView.as_view(), name="case-screening"),
    path("<uuid:case_id>/consents/", views.CaseConsentView.as_view(), name="case-consent"),
    path(
        "consents/<uuid:consent_id>/withdraw/",
        views.ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
    path("<uuid:case_id>/attachments/", views.CaseAttachmentView.as_view(), name="case-attachment"),
    path("<uuid:case_id>/forms/<slug:name>/", views.CaseFormView.as_view(), name="case-form"),
    path("<uuid:case_id>/<slug:action>/", views.CaseActionView.as_view(), name="case-action"),
    path(
        "attachments/<uuid:attachment_id>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path("tasks/<uuid:task_id>/complete/", views.TaskCompleteView.as_view(), name="task-complete"),
]
