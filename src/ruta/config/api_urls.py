"""API v1 routes. Every endpoint needs an Actor unless it says otherwise."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from ruta.accounts.api import views as accounts
from ruta.audit.api import views as audit
from ruta.care.api import views as care
from ruta.cases.api import views as cases
from ruta.core.api.views import SchemaApi
from ruta.institutions.api import views as institutions
from ruta.intake.api import views as intake
from ruta.notifications.api import views as notifications
from ruta.people.api import views as people
from ruta.people.api import views_linkage as people_linkage
from ruta.referrals.api import views as referrals

app_name = "api"

urlpatterns = [
    path("auth/token/", accounts.TokenApi.as_view(), name="auth-token"),
    path("me/", accounts.MeApi.as_view(), name="me"),
    path("me/tokens/", accounts.MeTokenListApi.as_view(), name="me-token-list"),
    path(
        "me/tokens/<uuid:token_id>/revoke/",
        accounts.MeTokenRevokeApi.as_view(),
        name="me-token-revoke",
    ),
    path("users/", accounts.UserListApi.as_view(), name="user-list"),
    path("users/<uuid:user_id>/", accounts.UserDetailApi.as_view(), name="user-detail"),
    path(
        "users/<uuid:user_id>/unlock/",
        accounts.UserUnlockApi.as_view(),
        name="user-unlock",
    ),
    path(
        "users/<uuid:user_id>/deactivate/",
        accounts.UserDeactivateApi.as_view(),
        name="user-deactivate",
    ),
    path(
        "users/<uuid:user_id>/activate/",
        accounts.UserActivateApi.as_view(),
        name="user-activate",
    ),
    path(
        "users/<uuid:user_id>/reset-password/",
        accounts.UserResetPasswordApi.as_view(),
        name="user-reset-password",
    ),
    path(
        "users/<uuid:user_id>/reset-2fa/",
        accounts.UserReset2faApi.as_view(),
        name="user-reset-2fa",
    ),
    path("memberships/", accounts.MembershipListApi.as_view(), name="membership-list"),
    path(
        "memberships/<uuid:membership_id>/",
        accounts.MembershipDetailApi.as_view(),
        name="membership-detail",
    ),
    path("roles/", accounts.RoleListApi.as_view(), name="role-list"),
    path("institutions/", institutions.InstitutionListApi.as_view(), name="institution-list"),
    path(
        "institutions/<uuid:institution_id>/",
        institutions.InstitutionDetailApi.as_view(),
        name="institution-detail",
    ),
    path("audit-events/", audit.AuditEventListApi.as_view(), name="audit-event-list"),
    path(
        "audit-events/<uuid:event_id>/",
        audit.AuditEventDetailApi.as_view(),
        name="audit-event-detail",
    ),
    path("reports/", intake.ReportListApi.as_view(), name="report-list"),
    path("reports/<uuid:report_id>/", intake.ReportDetailApi.as_view(), name="report-detail"),
    path(
        "reports/<uuid:report_id>/take/",
        intake.ReportTakeApi.as_view(),
        name="report-take",
    ),
    path(
        "reports/<uuid:report_id>/accept/",
        intake.ReportAcceptApi.as_view(),
        name="report-accept",
    ),
    path(
        "reports/<uuid:report_id>/close/",
        intake.ReportCloseApi.as_view(),
        name="report-close",
    ),
    path("notifications/", notifications.NotificationListApi.as_view(), name="notification-list"),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAllApi.as_view(),
        name="notification-read-all",
    ),
    path(
        "notifications/<uuid:notification_id>/read/",
        notifications.NotificationReadApi.as_view(),
        name="notification-read",
    ),
    path("persons/", people.PersonListApi.as_view(), name="person-list"),
    path("persons/search/", people.PersonSearchApi.as_view(), name="person-search"),
    path("persons/matches/", people.PersonMatchApi.as_view(), name="person-matches"),
    path("persons/<uuid:person_id>/", people.PersonDetailApi.as_view(), name="person-detail"),
    path("persons/duplicates/", people_linkage.DuplicateListApi.as_view(), name="duplicate-list"),
    path(
        "persons/duplicates/<uuid:pair_id>/",
        people_linkage.DuplicateDetailApi.as_view(),
        name="duplicate-detail",
    ),
    path(
        "persons/duplicates/<uuid:pair_id>/merge/",
        people_linkage.DuplicateMergeApi.as_view(),
        name="duplicate-merge",
    ),
    path(
        "persons/duplicates/<uuid:pair_id>/dismiss/",
        people_linkage.DuplicateDismissApi.as_view(),
        name="duplicate-dismiss",
    ),
    path(
        "persons/duplicate-searches/",
        people_linkage.LinkageStartApi.as_view(),
        name="linkage-start",
    ),
    path(
        "persons/duplicate-searches/<uuid:run_id>/",
        people_linkage.LinkageRunApi.as_view(),
        name="linkage-run",
    ),
    path(
        "persons/merges/<uuid:merge_id>/",
        people_linkage.MergeDetailApi.as_view(),
        name="merge-detail",
    ),
    path(
        "persons/merges/<uuid:merge_id>/undo/",
        people_linkage.MergeUndoApi.as_view(),
        name="merge-undo",
    ),
    path("assessment-templates/", care.TemplateListApi.as_view(), name="assessment-templates"),
    path(
        "cases/<uuid:case_id>/assessments/",
        care.CaseAssessmentListApi.as_view(),
        name="case-assessments",
    ),
    path("cases/<uuid:case_id>/care-plan/", care.CarePlanApi.as_view(), name="case-care-plan"),
    path(
        "cases/<uuid:case_id>/care-plan/goals/",
        care.CarePlanGoalsApi.as_view(),
        name="case-care-plan-goals",
    ),
    path(
        "cases/<uuid:case_id>/care-plan/services/",
        care.CarePlanServicesApi.as_view(),
        name="case-care-plan-services",
    ),
    path(
        "cases/<uuid:case_id>/care-plan/reviews/",
        care.CarePlanReviewsApi.as_view(),
        name="case-care-plan-reviews",
    ),
    path("care-goals/<uuid:goal_id>/", care.GoalApi.as_view(), name="care-goal"),
    path("care-services/<uuid:service_id>/", care.ServiceApi.as_view(), name="care-service"),
    path(
        "care-services/<uuid:service_id>/deliveries/",
        care.DeliveryListApi.as_view(),
        name="care-service-deliveries",
    ),
    path("cases/", cases.CaseListApi.as_view(), name="case-list"),
    path("cases/<uuid:case_id>/", cases.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<uuid:case_id>/notes/", cases.CaseNoteListApi.as_view(), name="case-notes"),
    path(
        "cases/<uuid:case_id>/screenings/",
        cases.CaseScreeningListApi.as_view(),
        name="case-screenings",
    ),
    path("screening-instruments/", cases.InstrumentListApi.as_view(), name="screening-instruments"),
    path(
        "cases/<uuid:case_id>/consents/", cases.CaseConsentListApi.as_view(), name="case-consents"
    ),
    path(
        "consents/<uuid:consent_id>/withdraw/",
        cases.ConsentWithdrawApi.as_view(),
        name="consent-withdraw",
    ),
    path(
        "cases/<uuid:case_id>/attachments/",
        cases.CaseAttachmentListApi.as_view(),
        name="case-attachments",
    ),
    path("cases/<uuid:case_id>/assign/", cases.CaseAssignApi.as_view(), name="case-assign"),
    path(
        "cases/<uuid:case_id>/first-contact/",
        cases.CaseFirstContactApi.as_view(),
        name="case-first-contact",
    ),
    path("cases/<uuid:case_id>/facts/", cases.CaseFactsApi.as_view(), name="case-facts"),
    path(
        "cases/<uuid:case_id>/identification/",
        cases.CaseIdentificationApi.as_view(),
        name="case-identification",
    ),
    path("cases/<uuid:case_id>/events/", cases.CaseEventsApi.as_view(), name="case-events"),
    path(
        "cases/<uuid:case_id>/closure-items/",
        cases.CaseClosureItemsApi.as_view(),
        name="case-closure-items",
    ),
    path(
        "cases/<uuid:case_id>/close-request/",
        cases.CaseCloseRequestApi.as_view(),
        name="case-close-request",
    ),
    path(
        "cases/<uuid:case_id>/close-decision/",
        cases.CaseCloseDecisionApi.as_view(),
        name="case-close-decision",
    ),
    path("cases/<uuid:case_id>/reopen/", cases.CaseReopenApi.as_view(), name="case-reopen"),
    path(
        "attachments/<uuid:attachment_id>/",
        cases.AttachmentDownloadApi.as_view(),
        name="attachment-download",
    ),
    path("tasks/<uuid:task_id>/complete/", cases.TaskCompleteApi.as_view(), name="task-complete"),
    path("service-offerings/", referrals.OfferingListApi.as_view(), name="service-offerings"),
    path("referrals/", referrals.ReferralListApi.as_view(), name="referral-list"),
    path(
        "referrals/dashboard/",
        referrals.ReferralDashboardApi.as_view(),
        name="referral-dashboard",
    ),
    path(
        "referrals/<uuid:referral_id>/",
        referrals.ReferralDetailApi.as_view(),
        name="referral-detail",
    ),
    path(
        "referrals/<uuid:referral_id>/accept/",
        referrals.ReferralAcceptApi.as_view(),
        name="referral-accept",
    ),
    path(
        "referrals/<uuid:referral_id>/assign/",
        referrals.ReferralAssignApi.as_view(),
        name="referral-assign",
    ),
    path(
        "referrals/<uuid:referral_id>/decline/",
        referrals.ReferralDeclineApi.as_view(),
        name="referral-decline",
    ),
    path(
        "referrals/<uuid:referral_id>/withdraw/",
        referrals.ReferralWithdrawApi.as_view(),
        name="referral-withdraw",
    ),
    path(
        "referrals/<uuid:referral_id>/complete/",
        referrals.ReferralCompleteApi.as_view(),
        name="referral-complete",
    ),
    path("transfers/", referrals.TransferListApi.as_view(), name="transfer-list"),
    path(
        "transfers/<uuid:transfer_id>/",
        referrals.TransferDetailApi.as_view(),
        name="transfer-detail",
    ),
    path(
        "transfers/<uuid:transfer_id>/accept/",
        referrals.TransferAcceptApi.as_view(),
        name="transfer-accept",
    ),
    path(
        "transfers/<uuid:transfer_id>/decline/",
        referrals.TransferDeclineApi.as_view(),
        name="transfer-decline",
    ),
    path(
        "transfers/<uuid:transfer_id>/withdraw/",
        referrals.TransferWithdrawApi.as_view(),
        name="transfer-withdraw",
    ),
    path("schema/", SchemaApi.as_view(), name="schema"),
    path(
        "docs/",
        # The Swagger UI's script is a file of its own (the split view), so script-src stays
        # 'self'; its page and widgets use inline styles, allowed on this page only.
        csp_update({"style-src": [SELF, UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("", include("ruta.prosecution.api.urls")),
    path("", include("ruta.prevention.api.urls")),
    path("coordination/", include("ruta.coordination.api.urls")),
    path("results/", include("ruta.results.api.urls")),
    path("", include("ruta.reporting.api.urls")),
]
