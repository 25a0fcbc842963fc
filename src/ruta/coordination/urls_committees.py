"""Pages: committees, their member institutions and representatives."""

from django.urls import path

from ruta.coordination import views_committees as v

urlpatterns: list = [
    path("committees/", v.CommitteeListView.as_view(), name="committee-list"),
    path("committees/new/", v.CommitteeNewView.as_view(), name="committee-new"),
    path(
        "committees/<uuid:committee_id>/",
        v.CommitteeDetailView.as_view(),
        name="committee-detail",
    ),
    path(
        "committees/<uuid:committee_id>/edit/",
        v.CommitteeEditView.as_view(),
        name="committee-edit",
    ),
    path(
        "committees/<uuid:committee_id>/members/",
        v.MemberAddView.as_view(),
        name="member-add",
    ),
    path(
        "committee-members/<uuid:member_id>/remove/",
        v.MemberRemoveView.as_view(),
        name="member-remove",
    ),
    path(
        "committee-members/<uuid:member_id>/representatives/",
        v.RepresentativeAddView.as_view(),
        name="representative-add",
    ),
    path(
        "representatives/<uuid:representative_id>/edit/",
        v.RepresentativeEditView.as_view(),
        name="representative-edit",
    ),
    path(
        "representatives/<uuid:representative_id>/remove/",
        v.RepresentativeRemoveView.as_view(),
        name="representative-remove",
    ),
]
