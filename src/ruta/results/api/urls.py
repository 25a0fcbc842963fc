"""API routes of results (names carry the ``api:`` namespace; each starts with
``results-``)."""

from ruta.results.api import urls_computations, urls_frameworks, urls_reports, urls_returns

urlpatterns: list = [
    *urls_frameworks.urlpatterns,
    *urls_computations.urlpatterns,
    *urls_returns.urlpatterns,
    *urls_reports.urlpatterns,
]
