from django.urls import path

from ruta.people import views

app_name = "people"

urlpatterns = [
    path("", views.PersonSearchView.as_view(), name="person-search"),
    path("new/", views.PersonCreateView.as_view(), name="person-create"),
    path("matches/", views.PersonMatchesView.as_view(), name="person-matches"),
    path("<uuid:person_id>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("<uuid:person_id>/edit/", views.PersonEditView.as_view(), name="person-edit"),
]
