"""API of committees, their member institutions and representatives. Each view calls one
selector or service; the rules are in ``policies``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.coordination import policies
from ruta.coordination import selectors_committees as selectors
from ruta.coordination.api import serializers_committees as s
from ruta.coordination.models import Committee, CommitteeMember, Representative
from ruta.coordination.services import committees as services
from ruta.core.api.errors import unprocessable
from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.core.models import Department
from ruta.institutions.models import Institution


def _departments(codes: list[str]) -> list[Department]:
    found = list(Department.objects.filter(pk__in=set(codes)))
    if len(found) != len(set(codes)):
        raise unprocessable({"departments": [_("Unknown place code.")]})
    return found


def _committee_values(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "departments" in data:
        data["departments"] = _departments(data["departments"])
    return data


def _institution(pk) -> Institution:
    institution = Institution.objects.filter(pk=pk, is_active=True).first()
    if institution is None:
        raise unprocessable({"institution": [_("Unknown institution.")]})
    return institution


def _detail(committee: Committee) -> dict:
    return s.CommitteeDetailSerializer(selectors.with_members(committee)).data


# --- committees --------------------------------------------------------------------------------
class CommitteeListApi(GenericAPIView):
    serializer_class = s.CommitteeSerializer
    queryset = Committee.objects.none()
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(operation_id="committees_list", responses=s.CommitteeSerializer(many=True))
    def get(self, request):
        require(policies.can_use_coordination(request.actor))
        page = self.paginate_queryset(selectors.committee_list(actor=request.actor))
        return self.get_paginated_response(s.CommitteeSerializer(page, many=True).data)


class CommitteeCreateApi(GenericAPIView):
    """Record a committee; the acting institution is its secretariat."""

    serializer_class = s.CommitteeCreateSerializer
    queryset = Committee.objects.none()

    @extend_schema(
        operation_id="committees_create",
        request=s.CommitteeCreateSerializer,
        responses={201: s.CommitteeDetailSerializer},
    )
    def post(self, request):
        actor = request.actor
        require(policies.can_create_committee(actor))
        body = s.CommitteeCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        committee = services.committee_create(actor=actor, **_committee_values(body.validated_data))
        return Response(_detail(committee), status=status.HTTP_201_CREATED)


class CommitteeDetailApi(GenericAPIView):
    serializer_class = s.CommitteeDetailSerializer
    queryset = Committee.objects.none()

    @extend_schema(operation_id="committees_retrieve")
    def get(self, request, committee_id):
        committee = selectors.committee_detail(actor=request.actor, committee_id=committee_id)
        return Response(s.CommitteeDetailSerializer(committee).data)


class _CommitteeActionApi(ActionApi):
    queryset = Committee.objects.none()

    def load(self, request, **kwargs: Any) -> Committee:
        # A member reads the committee but does not manage it: 404 before the body is read.
        return selectors.committee_for_manage(
            actor=request.actor, committee_id=kwargs["committee_id"]
        )


class CommitteeUpdateApi(_CommitteeActionApi):
    """Change the committee's details (only the fields sent), naming the version read."""

    serializer_class = s.CommitteeUpdateSerializer
    response_serializer_class = s.CommitteeDetailSerializer
    operation_id = "committees_update"

    def perform(self, request, obj: Committee, data: dict[str, Any]) -> Committee:
        values = _committee_values(data)
        version = values.pop("version")
        committee = services.committee_update(
            actor=request.actor, committee=obj, version=version, **values
        )
        return selectors.with_members(committee)


# --- members -----------------------------------------------------------------------------------
class MemberAddApi(_CommitteeActionApi):
    """Add a member institution (once) with its role: member (votes) or observer."""

    serializer_class = s.MemberAddSerializer
    response_serializer_class = s.MemberAddedSerializer
    operation_id = "committees_add_member"
    success_status = status.HTTP_201_CREATED

    def perform(self, request, obj: Committee, data: dict[str, Any]) -> CommitteeMember:
        data = dict(data)
        data["institution"] = _institution(data["institution"])
        return services.member_add(actor=request.actor, committee=obj, **data)


class _MemberActionApi(ActionApi):
    queryset = CommitteeMember.objects.none()

    def load(self, request, **kwargs: Any) -> CommitteeMember:
        return selectors.member_get(actor=request.actor, member_id=kwargs["member_id"])


class MemberRemoveApi(_MemberActionApi):
    """Remove a member institution: 422 while it owns open action items of the committee."""

    serializer_class = None
    response_serializer_class = None
    operation_id = "committee_members_remove"

    def perform(self, request, obj: CommitteeMember, data: dict[str, Any]) -> None:
        services.member_remove(actor=request.actor, member=obj)


class RepresentativeAddApi(_MemberActionApi):
    """Record a representative of the member institution (principal, alternate or focal
    point) for a term."""

    serializer_class = s.RepresentativeAddSerializer
    response_serializer_class = s.RepresentativeSavedSerializer
    operation_id = "committee_members_add_representative"
    success_status = status.HTTP_201_CREATED

    def perform(self, request, obj: CommitteeMember, data: dict[str, Any]) -> Representative:
        return services.representative_add(actor=request.actor, member=obj, **data)


# --- representatives ---------------------------------------------------------------------------
class _RepresentativeActionApi(ActionApi):
    queryset = Representative.objects.none()

    def load(self, request, **kwargs: Any) -> Representative:
        return selectors.representative_get(
            actor=request.actor, representative_id=kwargs["representative_id"]
        )


class RepresentativeUpdateApi(_RepresentativeActionApi):
    """Change what is sent of a representative (a new position, the end of the term...)."""

    serializer_class = s.RepresentativeUpdateSerializer
    response_serializer_class = s.RepresentativeSavedSerializer
    operation_id = "representatives_update"

    def perform(self, request, obj: Representative, data: dict[str, Any]) -> Representative:
        return services.representative_update(actor=request.actor, representative=obj, **data)


class RepresentativeRemoveApi(_RepresentativeActionApi):
    serializer_class = None
    response_serializer_class = None
    operation_id = "representatives_remove"

    def perform(self, request, obj: Representative, data: dict[str, Any]) -> None:
        services.representative_remove(actor=request.actor, representative=obj)
