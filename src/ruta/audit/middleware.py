"""Refused access goes into the audit trail, a few per person and minute.

A view that answers 404 for a signed-in actor because the object is out of scope (a policy's
``require`` or a scoped ``get_object_or_404``) marks the request (``core.errors.mark_refused``:
here for pages, in the API exception handler for the API); once the answer is out, this
middleware records one ``core.access.refused`` event, outside the view's transaction. Unknown
URLs never reach a view and anonymous requests have no actor: neither is recorded.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django_ratelimit.core import is_ratelimited

from ruta.audit.services import access_refused_record
from ruta.core.errors import REFUSAL_ATTR, mark_refused

SUPPRESSED_KEY = "audit:refused:suppressed:{user_id}"
SUPPRESSED_TTL = 7 * 24 * 3600


def _actor_key(group: str, request) -> str:
    return str(request.actor.user_id)


def _url_ids(kwargs: dict) -> dict[str, str]:
    """The identifiers among the URL's arguments: UUIDs and numbers, nothing else."""
    ids = {}
    for name, value in kwargs.items():
        text = str(value)
        if isinstance(value, UUID | int) or text.isdigit():
            ids[name] = text
            continue
        try:
            ids[name] = str(UUID(text))
        except ValueError:
            continue
    return ids


class AccessRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        kind = getattr(request, REFUSAL_ATTR, None)
        actor = getattr(request, "actor", None)
        if kind and actor is not None and response.status_code == 404:
            self._record(request, actor, kind)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            mark_refused(request, exception)

    def _record(self, request, actor, kind: str) -> None:
        key = SUPPRESSED_KEY.format(user_id=actor.user_id)
        limited = is_ratelimited(
            request,
            group="audit.access_refused",
            key=_actor_key,
            rate=settings.RUTA_AUDIT_REFUSALS_RATE,
            increment=True,
        )
        if limited:
            if not cache.add(key, 1, SUPPRESSED_TTL):
                try:
                    cache.incr(key)
                except ValueError:  # expired in between
                    cache.set(key, 1, SUPPRESSED_TTL)
            return
        suppressed = cache.get(key) or 0
        if suppressed:
            cache.decr(key, suppressed)
        match = request.resolver_match
        access_refused_record(
            actor=actor,
            route=match.view_name if match else "",
            method=request.method,
            kind=kind,
            ids=_url_ids(match.kwargs) if match else {},
            suppressed=suppressed,
        )
