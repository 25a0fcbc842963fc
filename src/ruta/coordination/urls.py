"""Pages of coordination: one route per action, one module per topic."""

from ruta.coordination import urls_actions, urls_committees, urls_cooperation, urls_meetings

app_name = "coordination"

urlpatterns: list = [
    *urls_committees.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_actions.urlpatterns,
    *urls_cooperation.urlpatterns,
]
