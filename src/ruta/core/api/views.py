"""Shared bases for API views."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from ruta.core.actor import Actor


class ActorApiRequest(Request):
    """An API request as authentication leaves it, with its ``actor``
    (``ruta.accounts.api.authentication``). For annotations."""

    actor: Actor


class NoBody(serializers.Serializer):
    """The body of an action that takes none: no fields."""


class ActionApi(GenericAPIView):
    """One API action (``POST .../{id}/<action>/``): validate the body, call the service,
    answer with the record.

    A subclass names ``serializer_class`` (the body; ``None`` for an action without one),
    ``response_serializer_class`` (the answer) and writes ``load`` (the record, loaded in the
    actor's scope: 404 outside it) and ``perform`` (the one service call, returning what the
    answer shows). A body that does not match the serializer answers 400; the service's
    ``ValidationError`` answers 422 with its fields and its ``DomainError`` 422 or 409
    (``ruta.core.api.errors``), so nothing is caught here. The OpenAPI schema takes the body
    and the answer from the two classes (``ruta.core.api.schema.AutoSchema``), and the
    operation's id from ``operation_id`` when set (``cases_close_request`` reads better than
    the generated ``cases_close_request_create``, and ``extend_schema`` cannot name it on a
    class)."""

    response_serializer_class: ClassVar[type[BaseSerializer] | None] = None
    operation_id: ClassVar[str | None] = None
    success_status: ClassVar[int] = status.HTTP_200_OK

    def get_serializer_class(self) -> type[BaseSerializer]:
        # DRF also asks for the serializer outside post(): its OPTIONS answer describes the
        # POST body. An action without a body describes an empty one instead of failing (500).
        return self.serializer_class or NoBody

    def load(self, request: ActorApiRequest, **kwargs: Any) -> Any:
        raise NotImplementedError

    def perform(self, request: ActorApiRequest, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def respond(self, request: ActorApiRequest, result: Any) -> Response:
        serializer_class = self.response_serializer_class
        if serializer_class is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        body = serializer_class(result, context=self.get_serializer_context()).data
        return Response(body, status=self.success_status)

    def post(self, request: ActorApiRequest, **kwargs: Any) -> Response:
        obj = self.load(request, **kwargs)
        data: dict[str, Any] = {}
        if self.serializer_class is not None:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        return self.respond(request, self.perform(request, obj, data))


class SchemaApi(SpectacularAPIView):
    """The OpenAPI schema, generated once per process, language and version.

    The schema is the same for every caller (``SERVE_PUBLIC``) and changes only with a deploy,
    while generating it costs seconds of CPU: any signed-in client asking for it repeatedly
    could otherwise keep a worker busy. Its descriptions follow the request's language."""

    _generated: ClassVar[dict[tuple[str, str | None], dict]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def _get_schema_response(self, request: Request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language() or "", version)
        with self._lock:
            if key not in self._generated:
                generator = self.generator_class(
                    urlconf=self.urlconf, api_version=version, patterns=self.patterns
                )
                self._generated[key] = generator.get_schema(
                    request=request, public=self.serve_public
                )
        filename = self._get_filename(request, version)
        return Response(
            data=self._generated[key],
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )
