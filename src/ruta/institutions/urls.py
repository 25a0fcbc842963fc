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
        "<uuid:institution_id>/details/",
        views.InstitutionDetailsEditView.as_view(),
        name="institution-details-edit",
    ),
    path("<uuid:institution_id>/units/", views.UnitCreateView.as_view(), name="unit-create"),
    path(
        "<uuid:institution_id>/contacts/",
        views.ContactPointCreateView.as_view(),
        name="contact-point-create",
    ),
]
