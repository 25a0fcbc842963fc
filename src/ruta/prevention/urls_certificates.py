"""Pages: certificates: issue, PDF, credential, revoke (slice certificates)."""

from django.urls import path

from ruta.prevention import views_certificates as v

urlpatterns: list = [
    path(
        "sessions/<uuid:session_id>/certificates/",
        v.CertificateIssueView.as_view(),
        name="certificate-issue",
    ),
    path("certificates/mine/", v.MyCertificatesView.as_view(), name="my-certificates"),
    path(
        "certificates/<uuid:certificate_id>/",
        v.CertificateDetailView.as_view(),
        name="certificate-detail",
    ),
    path(
        "certificates/<uuid:certificate_id>/pdf/",
        v.CertificatePdfView.as_view(),
        name="certificate-pdf",
    ),
    path(
        "certificates/<uuid:certificate_id>/credential/",
        v.CertificateCredentialView.as_view(),
        name="certificate-credential",
    ),
    path(
        "certificates/<uuid:certificate_id>/revoke/",
        v.CertificateRevokeView.as_view(),
        name="certificate-revoke",
    ),
]
