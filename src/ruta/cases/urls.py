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
    # One route per action, named as in the API (/api/v1/cases/<id>/<action>/).
    path("<uuid:case_id>/assign/", views.CaseAssignView.as_view(), name="case-assign"),
    path(
        "<uuid:case_id>/first-contact/",
        views.CaseFirstContactView.as_view(),
        name="case-first-contact",
    ),
    path("<uuid:case_id>/facts/", views.CaseFactsView.as_view(), name="case-facts"),
    path("<uuid:case_id>/facts/form/", views.CaseFactsFormView.as_view(), name="case-facts-form"),
    path(
        "<uuid:case_id>/identification/",
        views.CaseIdentificationView.as_view(),
        name="case-identification",
    ),
    path("<uuid:case_id>/events/", views.CaseEventsView.as_view(), name="case-events"),
    path(
        "<uuid:case_id>/events/form/", views.CaseEventsFormView.as_view(), name="case-events-form"
    ),
    path(
        "<uuid:case_id>/close-request/",
        views.CaseCloseRequestView.as_view(),
        name="case-close-request",
    ),
    path(
        "<uuid:case_id>/close-decision/",
        views.CaseCloseDecisionView.as_view(),
        name="case-close-decision",
    ),
    path("<uuid:case_id>/summary/", views.CaseSummaryView.as_view(), name="case-summary"),
    path("<uuid:case_id>/reopen/", views.CaseReopenView.as_view(), name="case-reopen"),
    path(
        "attachments/<uuid:attachment_id>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path("tasks/<uuid:task_id>/complete/", views.TaskCompleteView.as_view(), name="task-complete"),
]
