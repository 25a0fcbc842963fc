"""API routes: certificates: issue, PDF, credential, revoke."""

from django.urls import path

from ruta.prevention.api import views_certificates as v

urlpatterns: list = [
    path("certificates/", v.CertificateListApi.as_view(), name="certificate-list"),
    path(
        "certificates/<uuid:certificate_id>/",
        v.CertificateDetailApi.as_view(),
        name="certificate-detail",
    ),
    path(
        "certificates/<uuid:certificate_id>/credential/",
        v.CertificateCredentialApi.as_view(),
        name="certificate-credential",
    ),
    path(
        "certificates/<uuid:certificate_id>/revoke/",
        v.CertificateRevokeApi.as_view(),
        name="certificate-revoke",
    ),
    path(
        "training-sessions/<uuid:session_id>/certificate-eligibility/",
        v.CertificateEligibilityApi.as_view(),
        name="certificate-eligibility",
    ),
    path(
        "training-sessions/<uuid:session_id>/certificates/",
        v.CertificateIssueApi.as_view(),
        name="certificate-issue",
    ),
]
