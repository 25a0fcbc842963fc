"""Domain errors raised by services and turned into messages (pages) or problem+json (API)."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError  # noqa: F401  (re-exported for services)
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A request that is understood but cannot be carried out (the API answers 422)."""

    status = 422
    default_message = _("The request cannot be carried out.")

    def __init__(self, message: str | None = None) -> None:
        self.message = message or str(self.default_message)
        super().__init__(self.message)


class ConflictError(DomainError):
    """Someone else changed the record since it was read: nothing was saved."""

    status = 409
    default_message = _(
        "Someone else changed this record after you opened it. Nothing was saved: "
        "reload the page to see their changes, then try again."
    )


class NotPermitted(Http404):
    """Raised by ``require``: out of scope answers 404 so that identifiers do not leak."""


# The attribute that tells the audit trail a 404 was a refusal: set on the Django request by the
# page middleware (``ruta.audit.middleware``) and the API exception handler, read after the answer.
REFUSAL_ATTR = "ruta_refusal"


def mark_refused(request, exc: BaseException) -> None:
    """Note on ``request`` that a view answered 404 by refusing: ``not_permitted`` when a policy
    said no (``require``), ``not_found`` when the object is missing from the actor's scope."""
    if isinstance(exc, NotPermitted):
        setattr(request, REFUSAL_ATTR, "not_permitted")
    else:
        setattr(request, REFUSAL_ATTR, "not_found")


def require(condition: bool) -> None:
    """Deny unless ``condition`` holds. Services call it with a policy's answer."""
    if not condition:
        raise NotPermitted


def check_version(obj, expected: int | None) -> None:
    """Refuse a write that names a version other than the stored one."""
    if expected is None or int(expected) != obj.version:
        raise ConflictError


def uuid_or_404(value: object) -> UUID:
    """``value`` (a UUID, or its text from a query string or a form) as a UUID; anything else
    answers 404 like an id that names nothing, never a server error."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise Http404 from None
