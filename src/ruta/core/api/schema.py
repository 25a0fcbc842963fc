"""The OpenAPI schema's conventions, applied to every operation without a decorator.

Every operation documents the problem+json answers it can give (``docs/api.md``):

- 401 always (no token, or one that is expired or revoked);
- 404 whenever an actor is needed: out of scope, a missing capability and an unknown id all
  answer 404;
- 400 for a body or query string that does not match the schema (wrong type, missing required
  field, unknown field, too long), and 415 / 413 for a body that is not JSON or too large;
- 409 and 422 for writes: 409 when the record changed since it was read (stale ``version``) or
  its state forbids the action, 422 when well-formed input breaks a rule the schema cannot
  state (a field one action needs, an id or code that names nothing);
- 429 for views with a throttle.

An operation that documents a code itself (``extend_schema(responses=...)``) keeps its own.
Request bodies of strict serializers say ``additionalProperties: false``: unknown fields are
refused, not ignored.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

PROBLEM_MEDIA_TYPE = "application/problem+json"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    errors = serializers.DictField(  # type: ignore[assignment]  # a field, not Serializer.errors
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Messages by field name; non_field_errors for the body as a whole."),
    )

    class Meta:
        ref_name = "Problem"


ERRORS = {
    "400": _("The body or query string does not match this schema."),
    "401": _("No valid token: send Authorization: Bearer <token>."),
    "404": _("Not found, out of your scope, or not allowed to you."),
    "409": _("The record changed since you read it (version), or its state forbids this."),
    "413": _("The body is too large."),
    "415": _("The body is not JSON."),
    "422": _("Well-formed, but breaks a rule: see errors."),
    "429": _("Too many requests: wait and try again."),
}


class AutoSchema(BaseAutoSchema):
    def get_request_serializer(self):
        # An action without a body (core.api.views.ActionApi with serializer_class None, such
        # as "mark read" or "unlock") documents none: asking DRF for its serializer would fail.
        from ruta.core.api.views import ActionApi

        if isinstance(self.view, ActionApi) and self.view.serializer_class is None:
            return None
        return super().get_request_serializer()

    def get_response_serializers(self):
        # An action (core.api.views.ActionApi) answers with its own serializer, not its body's.
        from ruta.core.api.views import ActionApi

        if isinstance(self.view, ActionApi) and self.method == "POST":
            answer = self.view.response_serializer_class
            return {str(self.view.success_status): answer} if answer else {"204": None}
        return super().get_response_serializers()

    def _error_codes(self) -> list[str]:
        codes = ["401"]
        if not self._allows_anonymous():
            codes.append("404")
        has_query = bool(self._get_pagination_parameters()) or any(
            p.get("in") == "query" for p in self._get_parameters()
        )
        if self.method in UNSAFE:
            codes += ["400", "409", "413", "415", "422"]
        elif has_query:
            codes.append("400")
        if getattr(self.view, "throttle_classes", None):
            codes.append("429")
        # A read whose query parameters may contradict each other (a first year after the
        # last) names the 422 it answers then.
        codes += [c for c in getattr(self.view, "extra_error_codes", ()) if c not in codes]
        return sorted(codes)

    def _allows_anonymous(self) -> bool:
        try:
            permissions = self.view.get_permissions()
        except Exception:
            return False
        return any(isinstance(p, AllowAny) for p in permissions)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ProblemSerializer, code, media_types=(PROBLEM_MEDIA_TYPE,), direction=direction
                )
                responses[code]["description"] = str(ERRORS[code])
        return responses

    def _map_basic_serializer(self, serializer, direction):
        from ruta.core.api.serializers import StrictMixin

        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, StrictMixin):
            schema["additionalProperties"] = False
        return schema

    def get_operation_id(self):
        # An action may name its operation (core.api.views.ActionApi.operation_id).
        from ruta.core.api.views import ActionApi

        if isinstance(self.view, ActionApi) and self.method == "POST" and self.view.operation_id:
            return self.view.operation_id
        return super().get_operation_id()
