"""API routes of coordination (names carry the ``api:`` namespace; each starts with
``coordination-``)."""

from ruta.coordination.api import urls_actions, urls_committees, urls_cooperation, urls_meetings

urlpatterns: list = [
    *urls_committees.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_actions.urlpatterns,
    *urls_cooperation.urlpatterns,
]
