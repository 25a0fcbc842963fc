"""Pages of the results framework and the periodic returns: one route per action."""

from ruta.results import urls_computations, urls_frameworks, urls_reports, urls_returns

app_name = "results"

urlpatterns: list = [
    *urls_frameworks.urlpatterns,
    *urls_computations.urlpatterns,
    *urls_returns.urlpatterns,
    *urls_reports.urlpatterns,
]
