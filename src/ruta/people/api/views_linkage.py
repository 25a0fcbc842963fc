"""The duplicate search in the API: one class per action."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.pagination import PageNumberPagination
from ruta.core.api.views import ActionApi
from ruta.people import selectors_linkage, services_linkage
from ruta.people.api import serializers_linkage as s
from ruta.people.models import DuplicatePair, LinkageRun, PersonMerge


class DuplicateListApi(GenericAPIView):
    serializer_class = s.DuplicatePairSerializer
    queryset = DuplicatePair.objects.none()
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="persons_duplicates_list",
        description="Open pairs of persons the duplicate search found likely to be one, of "
        "which the caller may see both records; likeliest first.",
        responses=s.DuplicatePairSerializer(many=True),
    )
    def get(self, request) -> Response:
        pairs = selectors_linkage.pair_queue(actor=request.actor)
        page = self.paginate_queryset(pairs)
        selectors_linkage.audit_listed(actor=request.actor, pairs=list(page or []))
        return self.get_paginated_response(s.DuplicatePairSerializer(page, many=True).data)


class DuplicateDetailApi(GenericAPIView):
    serializer_class = s.DuplicatePairSerializer
    queryset = DuplicatePair.objects.none()

    @extend_schema(operation_id="persons_duplicates_retrieve")
    def get(self, request, pair_id) -> Response:
        pair = selectors_linkage.pair_get(actor=request.actor, pair_id=pair_id)
        return Response(s.DuplicatePairSerializer(pair).data)


class DuplicateMergeApi(ActionApi):
    serializer_class = s.MergeSerializer
    response_serializer_class = s.PersonMergeSerializer
    operation_id = "persons_duplicates_merge"
    success_status = status.HTTP_201_CREATED
    queryset = DuplicatePair.objects.none()

    def load(self, request, **kwargs: Any) -> DuplicatePair:
        return selectors_linkage.pair_get(actor=request.actor, pair_id=kwargs["pair_id"])

    def perform(self, request, obj: DuplicatePair, data: dict[str, Any]) -> PersonMerge:
        return services_linkage.persons_merge(
            actor=request.actor, pair=obj, keep=data["keep"], version=data["version"]
        )


class DuplicateDismissApi(ActionApi):
    serializer_class = s.DismissSerializer
    response_serializer_class = s.DuplicatePairSerializer
    operation_id = "persons_duplicates_dismiss"
    queryset = DuplicatePair.objects.none()

    def load(self, request, **kwargs: Any) -> DuplicatePair:
        return selectors_linkage.pair_get(actor=request.actor, pair_id=kwargs["pair_id"])

    def perform(self, request, obj: DuplicatePair, data: dict[str, Any]) -> DuplicatePair:
        services_linkage.pair_dismiss(actor=request.actor, pair=obj, version=data["version"])
        return selectors_linkage.pair_get(actor=request.actor, pair_id=obj.pk)


class LinkageStartApi(ActionApi):
    """Start a duplicate search over all persons (one runs at a time: while one is waiting
    or running, the answer is that one)."""

    serializer_class = None
    response_serializer_class = s.LinkageRunSerializer
    operation_id = "persons_duplicate_searches_create"
    success_status = status.HTTP_202_ACCEPTED
    queryset = LinkageRun.objects.none()

    def load(self, request, **kwargs: Any) -> None:
        return None

    def perform(self, request, obj: None, data: dict[str, Any]) -> LinkageRun:
        run = services_linkage.linkage_start(actor=request.actor)
        return selectors_linkage.run_get(actor=request.actor, run_id=run.pk)


class LinkageRunApi(GenericAPIView):
    serializer_class = s.LinkageRunSerializer
    queryset = LinkageRun.objects.none()

    @extend_schema(operation_id="persons_duplicate_searches_retrieve")
    def get(self, request, run_id) -> Response:
        run = selectors_linkage.run_get(actor=request.actor, run_id=run_id)
        return Response(s.LinkageRunSerializer(run).data)


class MergeDetailApi(GenericAPIView):
    serializer_class = s.PersonMergeSerializer
    queryset = PersonMerge.objects.none()

    @extend_schema(operation_id="persons_merges_retrieve")
    def get(self, request, merge_id) -> Response:
        merge = selectors_linkage.merge_get(actor=request.actor, merge_id=merge_id)
        return Response(s.PersonMergeSerializer(merge).data)


class MergeUndoApi(ActionApi):
    serializer_class = None
    response_serializer_class = s.PersonMergeSerializer
    operation_id = "persons_merges_undo"
    queryset = PersonMerge.objects.none()

    def load(self, request, **kwargs: Any) -> PersonMerge:
        return selectors_linkage.merge_get(actor=request.actor, merge_id=kwargs["merge_id"])

    def perform(self, request, obj: PersonMerge, data: dict[str, Any]) -> PersonMerge:
        return services_linkage.merge_undo(actor=request.actor, merge=obj)
