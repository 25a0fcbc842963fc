"""API of certificates: those in the actor's scope, one certificate, its signed credential, a
session's eligibility, issuing and revoking. Each view calls one selector or service; the
rules are in ``policies``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.pagination import PageNumberWithoutCountPagination
from ruta.core.api.schema import PROBLEM_MEDIA_TYPE, ProblemSerializer
from ruta.core.api.serializers import query_bool
from ruta.core.api.views import ActionApi
from ruta.core.views import base_url
from ruta.prevention import badges, services
from ruta.prevention import selectors_certificates as selectors
from ruta.prevention.api import serializers_certificates as s
from ruta.prevention.models import Certificate, TrainingSession


def _uuid_param(request, name: str):
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        return serializers.UUIDField().to_internal_value(raw)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: [_("Must be a valid UUID.")]}) from exc


class CertificateListApi(GenericAPIView):
    """The certificates in the actor's scope: of its institution's sessions, of its staff, and
    its own (a participant who is a user)."""

    serializer_class = s.CertificateSerializer
    queryset = Certificate.objects.none()
    pagination_class = PageNumberWithoutCountPagination

    @extend_schema(
        operation_id="certificates_list",
        parameters=[
            OpenApiParameter("session", OpenApiTypes.UUID, required=False),
            OpenApiParameter("revoked", OpenApiTypes.BOOL, required=False),
        ],
        responses=s.CertificateSerializer(many=True),
    )
    def get(self, request):
        session_id = _uuid_param(request, "session")
        revoked = query_bool(request, "revoked") if "revoked" in request.query_params else None
        qs = selectors.certificate_list(actor=request.actor, session_id=session_id, revoked=revoked)
        page = self.paginate_queryset(qs)
        if page:
            selectors.certificates_listed(actor=request.actor, count=len(page))
        return self.get_paginated_response(s.CertificateSerializer(page, many=True).data)


class CertificateDetailApi(GenericAPIView):
    serializer_class = s.CertificateSerializer
    queryset = Certificate.objects.none()

    @extend_schema(operation_id="certificates_retrieve")
    def get(self, request, certificate_id):
        certificate = selectors.certificate_get(actor=request.actor, certificate_id=certificate_id)
        selectors.certificate_view(actor=request.actor, certificate=certificate)
        return Response(s.CertificateSerializer(certificate).data)


class CertificateCredentialApi(GenericAPIView):
    """The certificate as a signed Open Badges 3.0 credential (verifiable without Ruta: the
    issuer is a did:key). A revoked certificate answers 422."""

    serializer_class = s.CertificateSerializer
    queryset = Certificate.objects.none()

    @extend_schema(
        operation_id="certificates_credential",
        responses={
            200: OpenApiTypes.OBJECT,
            (422, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                ProblemSerializer, description=gettext_lazy("The certificate was revoked.")
            ),
        },
    )
    def get(self, request, certificate_id):
        certificate = selectors.certificate_get(actor=request.actor, certificate_id=certificate_id)
        services.certificate_download(
            actor=request.actor, certificate=certificate, kind="credential"
        )
        return Response(badges.credential(certificate, base_url=base_url(request)))


class CertificateEligibilityApi(GenericAPIView):
    """Every enrolment of the session with whether it earns a certificate, and why not."""

    serializer_class = s.EligibilitySerializer
    queryset = TrainingSession.objects.none()
    pagination_class = None

    @extend_schema(
        operation_id="certificates_eligibility", responses=s.EligibilitySerializer(many=True)
    )
    def get(self, request, session_id):
        session = selectors.session_for_certificates(actor=request.actor, session_id=session_id)
        selectors.session_certificates_view(actor=request.actor, session=session)
        rows = selectors.eligibility_list(session=session)
        return Response(s.EligibilitySerializer(rows, many=True).data)


class CertificateIssueApi(ActionApi):
    """Issue certificates to the session's eligible enrolments (or to those named): all or
    nothing. Answers the certificates issued."""

    queryset = TrainingSession.objects.none()
    serializer_class = s.CertificateIssueSerializer
    response_serializer_class = s.CertificatesIssuedSerializer
    operation_id = "certificates_issue"
    success_status = status.HTTP_201_CREATED

    def load(self, request, **kwargs: Any) -> TrainingSession:
        return selectors.session_for_certificates(
            actor=request.actor, session_id=kwargs["session_id"]
        )

    def perform(self, request, obj: TrainingSession, data: dict[str, Any]) -> list[Certificate]:
        return services.certificates_issue(
            actor=request.actor, session=obj, enrolment_ids=data.get("enrolments")
        )

    def respond(self, request, result: Any) -> Response:
        body = s.CertificatesIssuedSerializer({"certificates": result}).data
        return Response(body, status=self.success_status)


class CertificateRevokeApi(ActionApi):
    """Revoke the certificate with a reason (kept encrypted, never answered)."""

    queryset = Certificate.objects.none()
    serializer_class = s.CertificateRevokeSerializer
    response_serializer_class = s.CertificateSerializer
    operation_id = "certificates_revoke"

    def load(self, request, **kwargs: Any) -> Certificate:
        return selectors.certificate_get(
            actor=request.actor, certificate_id=kwargs["certificate_id"]
        )

    def perform(self, request, obj: Certificate, data: dict[str, Any]) -> Certificate:
        return services.certificate_revoke(
            actor=request.actor, certificate=obj, reason=data["reason"]
        )
