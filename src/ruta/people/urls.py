from django.urls import path

from ruta.people import views, views_linkage

app_name = "people"

urlpatterns = [
    path("", views.PersonSearchView.as_view(), name="person-search"),
    path("new/", views.PersonCreateView.as_view(), name="person-create"),
    path("matches/", views.PersonMatchesView.as_view(), name="person-matches"),
    path("<uuid:person_id>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("<uuid:person_id>/edit/", views.PersonEditView.as_view(), name="person-edit"),
    # The duplicate search and its review (issue 15, section 3).
    path("duplicates/", views_linkage.DuplicateQueueView.as_view(), name="duplicate-queue"),
    path("duplicates/search/", views_linkage.LinkageStartView.as_view(), name="linkage-start"),
    path(
        "duplicates/search/<uuid:run_id>/",
        views_linkage.LinkageRunView.as_view(),
        name="linkage-run",
    ),
    path(
        "duplicates/<uuid:pair_id>/",
        views_linkage.PairDetailView.as_view(),
        name="duplicate-detail",
    ),
    path(
        "duplicates/<uuid:pair_id>/merge/",
        views_linkage.PairMergeView.as_view(),
        name="duplicate-merge",
    ),
    path(
        "duplicates/<uuid:pair_id>/dismiss/",
        views_linkage.PairDismissView.as_view(),
        name="duplicate-dismiss",
    ),
    path("merges/<uuid:merge_id>/", views_linkage.MergeDetailView.as_view(), name="merge-detail"),
    path("merges/<uuid:merge_id>/undo/", views_linkage.MergeUndoView.as_view(), name="merge-undo"),
]
