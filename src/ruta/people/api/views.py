from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.errors import problem
from ruta.core.errors import require
from ruta.people import policies, selectors, services
from ruta.people.api import serializers as s
from ruta.people.matching import BirthHint
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
    """Record a person. To find persons, POST their names to /api/v1/persons/search/: there
    is no GET here, so that names never travel in a URL."""

    serializer_class = s.PersonDetailSerializer

    def http_method_not_allowed(self, request, *args, **kwargs):
        # A client still searching with GET ?q=: refuse without searching, and say where to go.
        if request.method == "GET" and "q" in request.query_params:
            return problem(
                400,
                _("Search by POST"),
                _(
                    "Names are not accepted in a URL, so this search was not run. Send them "
                    'in the JSON field "q" of POST /api/v1/persons/search/. The address of '
                    "this request, names included, may already be in a server or proxy log."
                ),
                kind="search-by-post",
            )
        return super().http_method_not_allowed(request, *args, **kwargs)

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


class PersonSearchApi(GenericAPIView):
    """Names in the request body, never in the URL: URLs end up in logs, proxies and browser
    history."""

    serializer_class = s.PersonSearchResultSerializer

    @extend_schema(
        operation_id="persons_search",
        description="Names in any order; accents, case, one typo per word, spellings of the "
        "same sound, nicknames and a missing or swapped surname are tolerated. What is known "
        "of the birth (a date, a year or an age; the first given wins) ranks and narrows. "
        "At most 10 results, closest first, each with its score and the fields that agreed.",
        request=s.PersonSearchSerializer,
        responses={200: s.PersonSearchResultSerializer},
    )
    def post(self, request):
        require(policies.can_search_persons(request.actor))
        data = s.PersonSearchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        found = selectors.person_find(
            actor=request.actor,
            text=v["q"],
            birth=BirthHint(date=v["date_of_birth"], year=v["birth_year"], age=v["estimated_age"]),
        )
        results = []
        for candidate in found:
            candidate.person.match = candidate
            results.append(candidate.person)
        return Response(
            s.PersonSearchResultSerializer({"count": len(results), "results": results}).data
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
    pagination_class = None  # a plain array, closest first
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
