from django.urls import path

from ruta.institutions import views

app_name = "institutions"

urlpatterns = [
    path("", views.InstitutionListView.as_view(), name="institution-list"),
    path("new/", views.InstitutionCreateView.as_view(), name="institution-create"),
    path(
        "<uuid:institution_id>/", views.InstitutionDetailView.as_view(), name="institution-detail"
    ),
    path(
        "<uuid:institution_id>/edit/", views.InstitutionEditView.as_view(), name="institution-edit"
    ),
    path(
        "<uuid:institution_id>/<slug:part>/",
        views.InstitutionDetailsEditView.as_view(),
        name="institution-details",
    ),
]
