from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.errors import unprocessable
from ruta.core.errors import require
from ruta.institutions import policies, selectors, services
from ruta.institutions.api import serializers as s


def _resolve(actor, v: dict) -> dict:
    """Turn ids and codes into objects, through the same selectors the pages use."""
    v = dict(v)
    if v.get("parent"):
        v["parent"] = selectors.institution_get(actor=actor, institution_id=v["parent"])
    if "territories" in v:
        found = selectors.departments_by_code(v["territories"])
        missing = sorted(set(v["territories"]) - {d.code for d in found})
        if missing:  # well-formed codes that name nothing: 422, like a missing parent
            raise unprocessable(
                {"territories": [_("Unknown department: %(code)s") % {"code": ", ".join(missing)}]}
            )
        v["territories"] = found
    return v


class InstitutionListApi(GenericAPIView):
    serializer_class = s.InstitutionSerializer

    @extend_schema(
        operation_id="institutions_list",
        parameters=[
            OpenApiParameter("q", str, required=False),
            OpenApiParameter("type", str, required=False),
            OpenApiParameter("department", str, required=False, description="ISO 3166-2"),
        ],
        responses=s.InstitutionSerializer(many=True),
    )
    def get(self, request):
        q = request.query_params
        qs = selectors.institution_list(
            actor=request.actor,
            search=q.get("q", "")[:100],
            type=q.get("type", "")[:30],
            department=q.get("department", "")[:6],
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.InstitutionSerializer(page, many=True).data)

    @extend_schema(request=s.InstitutionWriteSerializer, responses={201: s.InstitutionSerializer})
    def post(self, request):
        require(policies.can_create_institution(request.actor))
        data = s.InstitutionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = _resolve(request.actor, data.validated_data)
        v.pop("version", None)
        v.pop("is_active", None)
        later = {
            k: v.pop(k)
            for k in (
                "receives_public_reports",
                "first_contact_hours",
                "plan_review_days",
                "referral_answer_days",
                "referral_urgent_hours",
            )
            if k in v
        }
        if not v.get("name") or not v.get("type"):
            raise serializers.ValidationError(
                {k: [_("This field is required.")] for k in ("name", "type") if not v.get(k)}
            )
        institution = services.institution_create(actor=request.actor, **v)
        if later:
            institution = services.institution_update(
                actor=request.actor, institution=institution, version=institution.version, **later
            )
        institution = selectors.institution_get(actor=request.actor, institution_id=institution.pk)
        return Response(s.InstitutionSerializer(institution).data, status=status.HTTP_201_CREATED)


class InstitutionDetailApi(GenericAPIView):
    serializer_class = s.InstitutionDetailSerializer

    def get(self, request, institution_id):
        institution = selectors.institution_get(actor=request.actor, institution_id=institution_id)
        return Response(s.InstitutionDetailSerializer(institution).data)

    @extend_schema(request=s.InstitutionWriteSerializer)
    def patch(self, request, institution_id):
        institution = selectors.institution_get(actor=request.actor, institution_id=institution_id)
        require(policies.can_edit_institution_details(request.actor, institution))
        data = s.InstitutionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = _resolve(request.actor, data.validated_data)
        version = v.pop("version", None)
        services.institution_update(
            actor=request.actor, institution=institution, version=version, **v
        )
        institution = selectors.institution_get(actor=request.actor, institution_id=institution_id)
        return Response(s.InstitutionDetailSerializer(institution).data)
