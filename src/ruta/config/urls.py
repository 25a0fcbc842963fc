from django.urls import include, path
from django.views.i18n import set_language

from ruta.web import views as web_views

urlpatterns = [
    path("", include("ruta.web.urls")),
    path("accounts/", include("ruta.accounts.urls")),
    path("institutions/", include("ruta.institutions.urls")),
    path("audit/", include("ruta.audit.urls")),
    path("intake/", include("ruta.intake.urls")),
    path("people/", include("ruta.people.urls")),
    path("cases/", include("ruta.cases.urls")),
    path("care/", include("ruta.care.urls")),
    path("referrals/", include("ruta.referrals.urls")),
    path("prosecution/", include("ruta.prosecution.urls")),
    path("prevention/", include("ruta.prevention.urls")),
    path("", include(("ruta.prevention.urls_public", "prevention_public"))),
    path("coordination/", include("ruta.coordination.urls")),
    path("results/", include("ruta.results.urls")),
    path("statistics/", include("ruta.reporting.urls")),
    path("public/", include("ruta.reporting.urls_public")),
    path("notifications/", include("ruta.notifications.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", web_views.healthz, name="healthz"),
    path("api/v1/", include("ruta.config.api_urls")),
]

handler400 = "ruta.web.views.bad_request"
handler404 = "ruta.web.views.not_found"
handler500 = "ruta.web.views.server_error"
