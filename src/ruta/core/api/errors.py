"""RFC 9457 problem details for every API error, in the requester's language."""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ruta.core.errors import DomainError, mark_refused

PROBLEM_BASE = "https://ruta.invalid/problems/"


def problem(status_code: int, title: str, detail: str = "", *, kind: str, errors=None) -> Response:
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code)
    response.content_type = "application/problem+json"
    return response


API_PREFIX = "/api/"


def plain_problem(status_code: int, title: str, detail: str, *, kind: str) -> JsonResponse:
    """Problem details outside DRF: for Django's own error handlers (an API URL that matches no
    route, a request Django refuses before any view)."""
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status_code, "detail": detail}
    return JsonResponse(body, status=status_code, content_type="application/problem+json")


def handler_problem(request, status_code: int) -> JsonResponse | None:
    """The problem+json answer of Django's 400/404/500 handlers for an API path, else None."""
    if not request.path.startswith(API_PREFIX):
        return None
    if status_code == 404:
        return plain_problem(
            404,
            _("Not found"),
            _("There is nothing here, or it is not yours to see."),
            kind="not-found",
        )
    if status_code == 413:
        return plain_problem(
            413,
            _("Request too large"),
            _("The request body is larger than the server accepts. Nothing was saved."),
            kind="too-large",
        )
    if status_code == 400:
        return plain_problem(
            400, _("Malformed request"), _("The request cannot be read."), kind="bad-request"
        )
    return plain_problem(
        500, _("Server error"), _("Something went wrong on our side."), kind="server-error"
    )


class Unprocessable(exceptions.ValidationError):
    """Well-formed input that breaks a rule the OpenAPI schema cannot state (a field that one
    action needs, a code or id that names nothing): 422. A body that does not match the schema
    (type, required field, length, unknown field) stays 400."""

    status_code = 422


def unprocessable(errors: dict) -> Unprocessable:
    return Unprocessable({name: [str(m) for m in messages] for name, messages in errors.items()})


def _as_error_dict(detail) -> dict:
    if isinstance(detail, dict):
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {"non_field_errors": [str(detail)]}


def _note_refusal(context, exc) -> None:
    """Let the audit trail record the refusal once the answer is out (see audit.middleware)."""
    request = context.get("request")
    if request is not None:
        mark_refused(getattr(request, "_request", request), exc)


def problem_exception_handler(exc, context):
    # Django's ValidationError from a service: field errors when it has them.
    if isinstance(exc, ValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return problem(
            422,
            _("The data is not valid."),
            _("Correct the fields listed."),
            kind="validation",
            errors=errors,
        )
    if isinstance(exc, DomainError):
        kind = "conflict" if exc.status == 409 else "domain"
        title = _("Conflict") if exc.status == 409 else _("Request refused")
        return problem(exc.status, title, exc.message, kind=kind)
    if isinstance(exc, Http404 | exceptions.NotFound | PermissionDenied):
        _note_refusal(context, exc)
        return problem(
            404,
            _("Not found"),
            _("There is nothing here, or it is not yours to see."),
            kind="not-found",
        )
    if isinstance(exc, RequestDataTooBig):
        return problem(
            413,
            _("Request too large"),
            _("The request body exceeds the allowed size."),
            kind="too-large",
        )
    if isinstance(exc, exceptions.ParseError):
        return problem(
            400, _("Malformed request"), _("The request body is not valid JSON."), kind="parse"
        )
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            exc.status_code,
            _("The data is not valid."),
            _("Correct the fields listed."),
            kind="validation",
            errors=_as_error_dict(exc.detail),
        )
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # An authentication class may name its own problem type; then its message is the detail.
        own_kind = getattr(exc, "problem_kind", None)
        response = problem(
            401,
            _("Authentication required"),
            str(exc.detail)
            if own_kind
            else _("Send a valid token: Authorization: Bearer <token>."),
            kind=own_kind or "unauthenticated",
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    if isinstance(exc, exceptions.PermissionDenied):
        # Out of scope must not reveal existence: the API answers 404 like the pages.
        _note_refusal(context, exc)
        return problem(
            404,
            _("Not found"),
            _("There is nothing here, or it is not yours to see."),
            kind="not-found",
        )
    if isinstance(exc, exceptions.Throttled):
        wait: float | None = exc.wait  # type: ignore[attr-defined]  # not in drf-stubs
        if wait:
            seconds = max(1, math.ceil(wait))
            detail = ngettext(
                "Wait %(seconds)s second and try again.",
                "Wait %(seconds)s seconds and try again.",
                seconds,
            ) % {"seconds": seconds}
        else:
            detail = _("Wait a moment and try again.")
        response = problem(429, _("Too many requests"), detail, kind="throttled")
        if wait:
            response["Retry-After"] = str(seconds)
        return response
    if isinstance(exc, exceptions.MethodNotAllowed):
        return problem(
            405,
            _("Method not allowed"),
            _("This endpoint does not accept this method."),
            kind="method",
        )
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return problem(
            415, _("Unsupported media type"), _("Send JSON (application/json)."), kind="media-type"
        )
    if isinstance(exc, exceptions.NotAcceptable):
        return problem(
            406, _("Not acceptable"), _("This endpoint answers JSON only."), kind="not-acceptable"
        )
    handled = exception_handler(exc, context)
    if handled is not None:
        return problem(
            handled.status_code,
            _("Request refused"),
            str(getattr(exc, "detail", "")),
            kind="error",
        )
    return None


__all__ = ["problem", "problem_exception_handler", "status"]
