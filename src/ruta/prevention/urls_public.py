"""Public pages (no sign-in): certificate verification and the follow-up questionnaire.
Each name is listed in ``accounts.middleware.PUBLIC_URL_NAMES``."""

from django.urls import path

from ruta.prevention import views_certificates
from ruta.prevention.views_people import FollowUpView

urlpatterns: list = [
    # -- certificates (slice certificates) --
    path("verify/", views_certificates.CertificateVerifyFormView.as_view(), name="verify-form"),
    path("verify/<str:code>/", views_certificates.CertificateVerifyView.as_view(), name="verify"),
    # -- slice people --
    path("follow-up/<str:token>/", FollowUpView.as_view(), name="follow-up"),
]
