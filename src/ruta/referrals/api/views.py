from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.accounts.models import User
from ruta.cases.selectors import case_get
from ruta.core.api.errors import unprocessable
from ruta.core.errors import require
from ruta.core.models import Department
from ruta.institutions.models import ContactPoint, Institution
from ruta.referrals import policies, selectors, services
from ruta.referrals.api import serializers as s
from ruta.referrals.models import Referral


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


class ReferralActionApi(GenericAPIView):
    serializer_class = s.ReferralDetailSerializer
    queryset = Referral.objects.none()

    @extend_schema(
        operation_id="referrals_action",
        request=s.ReferralActionSerializer,
        responses={200: s.ReferralDetailSerializer},
        parameters=[
            OpenApiParameter(
                "action",
                str,
                OpenApiParameter.PATH,
                enum=["accept", "assign", "decline", "withdraw", "complete"],
            )
        ],
        description="action: accept (assigned_to optional), assign (assigned_to), decline "
        "(reason), withdraw (reason), complete (outcome, reason when not successful, note).",
    )
    def post(self, request, referral_id, action):
        actor = request.actor
        referral = selectors.referral_get(actor=actor, referral_id=referral_id)
        data = s.ReferralActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        version = v["version"]
        if action == "accept":
            assigned = None
            if v.get("assigned_to"):
                assigned = User.objects.filter(pk=v["assigned_to"]).first()
                if assigned is None:
                    raise unprocessable({"assigned_to": [_("Unknown user.")]})
            referral = services.referral_accept(
                actor=actor, referral=referral, version=version, assigned_to=assigned
            )
        elif action == "assign":
            assigned = User.objects.filter(pk=v.get("assigned_to")).first()
            if assigned is None:
                raise unprocessable({"assigned_to": [_("Unknown user.")]})
            referral = services.referral_assign(
                actor=actor, referral=referral, version=version, assigned_to=assigned
            )
        elif action == "decline":
            referral = services.referral_decline(
                actor=actor, referral=referral, version=version, reason=v.get("reason", "")
            )
        elif action == "withdraw":
            referral = services.referral_withdraw(
                actor=actor, referral=referral, version=version, reason=v.get("reason", "")
            )
        elif action == "complete":
            referral = services.referral_complete(
                actor=actor,
                referral=referral,
                version=version,
                outcome=v.get("outcome", ""),
                reason=v.get("reason", ""),
                note=v.get("note", ""),
            )
        else:
            raise Http404
        return Response(s.ReferralDetailSerializer(referral).data)


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


class TransferActionApi(GenericAPIView):
    serializer_class = s.TransferSerializer
    queryset = Referral.objects.none()

    @extend_schema(
        operation_id="transfers_action",
        request=s.TransferActionSerializer,
        responses={200: s.TransferSerializer},
        parameters=[
            OpenApiParameter(
                "action", str, OpenApiParameter.PATH, enum=["accept", "decline", "withdraw"]
            )
        ],
        description="action: accept, decline (reason) or withdraw.",
    )
    def post(self, request, transfer_id, action):
        actor = request.actor
        transfer = selectors.transfer_get(actor=actor, transfer_id=transfer_id)
        data = s.TransferActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if action == "accept":
            transfer = services.transfer_accept(
                actor=actor, transfer=transfer, version=v["version"]
            )
        elif action == "decline":
            transfer = services.transfer_decline(
                actor=actor, transfer=transfer, version=v["version"], reason=v.get("reason", "")
            )
        elif action == "withdraw":
            transfer = services.transfer_withdraw(
                actor=actor, transfer=transfer, version=v["version"]
            )
        else:
            raise Http404
        return Response(s.TransferSerializer(transfer).data)
