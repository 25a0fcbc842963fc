"""API routes of the prevention pillar (names carry the ``api:`` namespace of api_urls)."""

from ruta.prevention.api import (
    urls_certificates,
    urls_courses,
    urls_imports,
    urls_outreach,
    urls_people,
    urls_reports,
)

urlpatterns: list = [
    *urls_courses.urlpatterns,
    *urls_people.urlpatterns,
    *urls_imports.urlpatterns,
    *urls_certificates.urlpatterns,
    *urls_outreach.urlpatterns,
    *urls_reports.urlpatterns,
]
