"""Pages of the prevention pillar: one route per action, one module per topic."""

from ruta.prevention import (
    urls_certificates,
    urls_courses,
    urls_imports,
    urls_outreach,
    urls_people,
    urls_reports,
)

app_name = "prevention"

urlpatterns: list = [
    *urls_courses.urlpatterns,
    *urls_people.urlpatterns,
    *urls_imports.urlpatterns,
    *urls_certificates.urlpatterns,
    *urls_outreach.urlpatterns,
    *urls_reports.urlpatterns,
]
