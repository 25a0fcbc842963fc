"""API routes: committees, their member institutions and representatives."""

from django.urls import path

from ruta.coordination.api import views_committees as v

urlpatterns: list = [
    path("committees/", v.CommitteeListApi.as_view(), name="coordination-committee-list"),
    path("committees/new/", v.CommitteeCreateApi.as_view(), name="coordination-committee-create"),
    path(
        "committees/<uuid:committee_id>/",
        v.CommitteeDetailApi.as_view(),
        name="coordination-committee-detail",
    ),
    path(
        "committees/<uuid:committee_id>/update/",
        v.CommitteeUpdateApi.as_view(),
        name="coordination-committee-update",
    ),
    path(
        "committees/<uuid:committee_id>/members/",
        v.MemberAddApi.as_view(),
        name="coordination-member-add",
    ),
    path(
        "committees/members/<uuid:member_id>/remove/",
        v.MemberRemoveApi.as_view(),
        name="coordination-member-remove",
    ),
    path(
        "committees/members/<uuid:member_id>/representatives/",
        v.RepresentativeAddApi.as_view(),
        name="coordination-representative-add",
    ),
    path(
        "committees/representatives/<uuid:representative_id>/update/",
        v.RepresentativeUpdateApi.as_view(),
        name="coordination-representative-update",
    ),
    path(
        "committees/representatives/<uuid:representative_id>/remove/",
        v.RepresentativeRemoveApi.as_view(),
        name="coordination-representative-remove",
    ),
]
