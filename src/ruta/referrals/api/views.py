from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.accounts.models import User
from ruta.cases.selectors import case_get
from ruta.core.api.errors import unprocessable
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.core.models import Department
from ruta.institutions.models import ContactPoint, Institution
from ruta.referrals import policies, selectors, services
from ruta.referrals.api import serializers as s
from ruta.referrals.models import Referral, Transfer


def _institution(institution_id, field: str = "to_institution") -> Institution:
    institution = Institution.objects.filter(pk=institution_id).first()
    if institution is None:
        raise unprocessable({field: [_("Unknown institution.")]})
    return institution


class OfferingListApi(GenericAPIView):
    serializer_class = s.OfferingSerializer

    @extend_schema(
        operation_id="service_offerings_list",
        parameters=[
            OpenApiParameter("service", str, required=False),
            OpenApiParameter("department", str, required=False, description="ISO 3166-2"),
        ],
        responses=s.OfferingSerializer(many=True),
    )
    def get(self, request):
        qs = selectors.directory(
            actor=request.actor,
            service=request.query_params.get("service", "")[:40],
            department=request.query_params.get("department", "")[:6],
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.OfferingSerializer(page, many=True).data)

    @extend_schema(request=s.OfferingWriteSerializer, responses={201: s.OfferingSerializer})
    def post(self, request):
        actor = request.actor
        require(policies.can_manage_offering(actor, actor.institution_id))
        data = s.OfferingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        codes = v.pop("departments", [])
        departments = list(Department.objects.filter(code__in=codes))
        if len(departments) != len(set(codes)):
            raise unprocessable({"departments": [_("Unknown place code.")]})
        contact_id = v.pop("contact_point", None)
        contact = ContactPoint.objects.filter(pk=contact_id).first() if contact_id else None
        if contact_id and contact is None:
            raise unprocessable({"contact_point": [_("Unknown contact point.")]})
        offering = services.offering_save(
            actor=actor,
            institution=Institution.objects.get(pk=actor.institution_id),
            departments=departments,
            contact_point=contact,
            **v,
        )
        return Response(s.OfferingSerializer(offering).data, status=status.HTTP_201_CREATED)


class ReferralListApi(GenericAPIView):
    serializer_class = s.ReferralSerializer
    queryset = Referral.objects.none()

    @extend_schema(
        operation_id="referrals_list",
        parameters=[
            OpenApiParameter("box", str, required=False, enum=["received", "sent"]),
            OpenApiParameter("status", str, required=False),
        ],
        responses=s.ReferralSerializer(many=True),
    )
    def get(self, request):
        require(policies.can_list_referrals(request.actor))
        box = request.query_params.get("box", "received")
        if box not in {"received", "sent"}:
            raise serializers.ValidationError({"box": [_("Either received or sent.")]})
        qs = selectors.referral_list(
            actor=request.actor,
            box=box,
            status=request.query_params.get("status", "")[:10],
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.ReferralSerializer(page, many=True).data)

    @extend_schema(request=s.ReferralCreateSerializer, responses={201: s.ReferralDetailSerializer})
    def post(self, request):
        actor = request.actor
        data = s.ReferralCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        case = case_get(actor=actor, case_id=v.pop("case"), audit_read=False, full=False)
        referral = services.referral_send(
            actor=actor, case=case, to_institution=_institution(v.pop("to_institution")), **v
        )
        return Response(s.ReferralDetailSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetailApi(GenericAPIView):
    serializer_class = s.ReferralDetailSerializer
    queryset = Referral.objects.none()

    def get(self, request, referral_id):
        referral = selectors.referral_get(actor=request.actor, referral_id=referral_id)
        return Response(s.ReferralDetailSerializer(referral).data)


def _assignee(user_id: UUID | None) -> User:
    """The user named by ``assigned_to``; 422 when it names nobody."""
    assigned = User.objects.filter(pk=user_id).first() if user_id else None
    if assigned is None:
        raise unprocessable({"assigned_to": [_("Unknown user.")]})
    return assigned


class _ReferralActionApi(ActionApi):
    """An action on a referral: answers with the referral as it is now."""

    queryset = Referral.objects.none()
    response_serializer_class = s.ReferralDetailSerializer

    def load(self, request, **kwargs: Any) -> Referral:
        return selectors.referral_get(actor=request.actor, referral_id=kwargs["referral_id"])


class ReferralAcceptApi(_ReferralActionApi):
    """Accept a referral sent to your institution (optionally naming who handles it)."""

    serializer_class = s.ReferralAcceptSerializer

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        assigned = _assignee(data["assigned_to"]) if data.get("assigned_to") else None
        return services.referral_accept(
            actor=request.actor, referral=obj, version=data["version"], assigned_to=assigned
        )


class ReferralAssignApi(_ReferralActionApi):
    """Hand an accepted referral over to another user of your institution."""

    serializer_class = s.ReferralAssignSerializer

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        return services.referral_assign(
            actor=request.actor,
            referral=obj,
            version=data["version"],
            assigned_to=_assignee(data.get("assigned_to")),
        )


class ReferralDeclineApi(_ReferralActionApi):
    """Decline a referral sent to your institution, with the reason."""

    serializer_class = s.ReferralDeclineSerializer

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        return services.referral_decline(
            actor=request.actor,
            referral=obj,
            version=data["version"],
            reason=data.get("reason", ""),
        )


class ReferralWithdrawApi(_ReferralActionApi):
    """Withdraw a referral your institution sent, with the reason."""

    serializer_class = s.ReferralWithdrawSerializer

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        return services.referral_withdraw(
            actor=request.actor,
            referral=obj,
            version=data["version"],
            reason=data.get("reason", ""),
        )


class ReferralCompleteApi(_ReferralActionApi):
    """Complete an accepted referral with its outcome."""

    serializer_class = s.ReferralCompleteSerializer

    def perform(self, request, obj: Referral, data: dict[str, Any]) -> Referral:
        return services.referral_complete(
            actor=request.actor,
            referral=obj,
            version=data["version"],
            outcome=data.get("outcome", ""),
            reason=data.get("reason", ""),
            note=data.get("note", ""),
        )


class ReferralDashboardApi(GenericAPIView):
    queryset = Referral.objects.none()

    @extend_schema(responses={200: dict})
    def get(self, request):
        require(policies.can_see_referral_dashboard(request.actor))
        data = selectors.dashboard(actor=request.actor)
        return Response(
            {
                "received": {code: n for code, _label, n in data["received"]},
                "sent": {code: n for code, _label, n in data["sent"]},
                "overdue_received": data["overdue_received"],
                "overdue_sent": data["overdue_sent"],
                "median_hours_to_answer": data["median_hours"],
                "answered": data["answered"],
                "days": data["days"],
            }
        )


class TransferListApi(GenericAPIView):
    serializer_class = s.TransferSerializer
    queryset = Referral.objects.none()

    @extend_schema(operation_id="transfers_list", responses=s.TransferSerializer(many=True))
    def get(self, request):
        require(policies.can_list_referrals(request.actor))
        page = self.paginate_queryset(selectors.transfer_list(actor=request.actor))
        return self.get_paginated_response(s.TransferSerializer(page, many=True).data)

    @extend_schema(request=s.TransferCreateSerializer, responses={201: s.TransferSerializer})
    def post(self, request):
        actor = request.actor
        data = s.TransferCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        case = case_get(actor=actor, case_id=v.pop("case"), audit_read=False, full=False)
        transfer = services.transfer_propose(
            actor=actor, case=case, to_institution=_institution(v.pop("to_institution")), **v
        )
        return Response(s.TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


class TransferDetailApi(GenericAPIView):
    serializer_class = s.TransferSerializer
    queryset = Referral.objects.none()

    def get(self, request, transfer_id):
        transfer = selectors.transfer_get(actor=request.actor, transfer_id=transfer_id)
        return Response(s.TransferSerializer(transfer).data)


class _TransferActionApi(ActionApi):
    """An action on a transfer: answers with the transfer as it is now."""

    queryset = Transfer.objects.none()
    response_serializer_class = s.TransferSerializer

    def load(self, request, **kwargs: Any) -> Transfer:
        return selectors.transfer_get(actor=request.actor, transfer_id=kwargs["transfer_id"])


class TransferAcceptApi(_TransferActionApi):
    """Take over the case proposed to your institution: it becomes its owner."""

    serializer_class = s.TransferAcceptSerializer

    def perform(self, request, obj: Transfer, data: dict[str, Any]) -> Transfer:
        return services.transfer_accept(actor=request.actor, transfer=obj, version=data["version"])


class TransferDeclineApi(_TransferActionApi):
    """Decline the case proposed to your institution, with the reason."""

    serializer_class = s.TransferDeclineSerializer

    def perform(self, request, obj: Transfer, data: dict[str, Any]) -> Transfer:
        return services.transfer_decline(
            actor=request.actor,
            transfer=obj,
            version=data["version"],
            reason=data.get("reason", ""),
        )


class TransferWithdrawApi(_TransferActionApi):
    """Withdraw the transfer your institution proposed."""

    serializer_class = s.TransferWithdrawSerializer

    def perform(self, request, obj: Transfer, data: dict[str, Any]) -> Transfer:
        return services.transfer_withdraw(
            actor=request.actor, transfer=obj, version=data["version"]
        )
