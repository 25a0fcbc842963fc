from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.errors import require
from ruta.people import policies, selectors, services
from ruta.people.api import serializers as s
from ruta.people.models import Person


def _sections(actor) -> list[str]:
    return [
        name
        for name, allowed in (
            ("contact", policies.can_read_person_contact(actor)),
            ("health", policies.can_read_person_health(actor)),
        )
        if allowed
    ]


class PersonListApi(GenericAPIView):
    serializer_class = s.PersonListSerializer

    @extend_schema(
        operation_id="persons_search",
        parameters=[OpenApiParameter("q", str, required=True, description="Names to search")],
    )
    def get(self, request):
        require(policies.can_search_persons(request.actor))
        text = request.query_params.get("q", "")[:200]
        results = selectors.person_search(actor=request.actor, text=text) if text else []
        return Response(
            {"count": len(results), "results": s.PersonListSerializer(results, many=True).data}
        )

    @extend_schema(request=s.PersonWriteSerializer, responses={201: s.PersonDetailSerializer})
    def post(self, request):
        require(policies.can_create_person(request.actor))
        data = s.PersonWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v.pop("version", None)
        documents = [services.DocumentInput(**d) for d in v.pop("documents", [])]
        person = services.person_create(actor=request.actor, documents=documents, **v)
        person = selectors.person_get(actor=request.actor, person_id=person.pk)
        return Response(
            s.PersonDetailSerializer(person, context={"sections": _sections(request.actor)}).data,
            status=status.HTTP_201_CREATED,
        )


class PersonDetailApi(GenericAPIView):
    serializer_class = s.PersonDetailSerializer

    def get(self, request, person_id):
        person = selectors.person_get(actor=request.actor, person_id=person_id)
        return Response(
            s.PersonDetailSerializer(person, context={"sections": _sections(request.actor)}).data
        )

    @extend_schema(request=s.PersonWriteSerializer)
    def patch(self, request, person_id):
        person = selectors.person_get(actor=request.actor, person_id=person_id)
        data = s.PersonWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v.pop("documents", None)
        services.person_update(
            actor=request.actor, person=person, version=v.pop("version", None), **v
        )
        person = selectors.person_get(actor=request.actor, person_id=person_id)
        return Response(
            s.PersonDetailSerializer(person, context={"sections": _sections(request.actor)}).data
        )


class PersonMatchApi(GenericAPIView):
    serializer_class = s.MatchSerializer
    queryset = Person.objects.none()  # for the schema generator only

    @extend_schema(request=s.MatchQuerySerializer, responses={200: s.MatchSerializer(many=True)})
    def post(self, request):
        require(policies.can_create_person(request.actor))
        data = s.MatchQuerySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        candidates = selectors.person_matches(actor=request.actor, **data.validated_data)
        return Response(
            s.MatchSerializer(
                [{"person": c.person, "score": c.score, "reasons": c.reasons} for c in candidates],
                many=True,
            ).data
        )
