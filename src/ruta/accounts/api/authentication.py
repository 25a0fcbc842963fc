"""API authentication: a Bearer token (one membership) or the page session (with CSRF).

Both build the same Actor as the pages, and set ``request.actor`` for the permission class.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from ruta.accounts.services.credentials import SecondFactorRequired, token_lookup, token_touch
from ruta.core.actor import actor_for_membership
from ruta.core.middleware import client_ip


class TokenNeedsSecondFactor(exceptions.AuthenticationFailed):
    """401 with its own problem type: the caller must sign in again with a one-time code."""

    default_code = "second_factor_required"
    problem_kind = "second-factor-required"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0].lower() != self.keyword.lower():
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            token = token_lookup(parts[1])
        except SecondFactorRequired as exc:
            raise TokenNeedsSecondFactor(exc.message) from exc
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, expired or revoked."))
        token_touch(token)
        request._request.actor = actor_for_membership(
            token.membership,
            request_id=getattr(request._request, "request_id", ""),
            ip=client_ip(request._request),
            via="api",
        )
        request.actor = request._request.actor
        return (token.user, token)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ActorSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, for pages that call the API; CSRF is enforced."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        actor = getattr(request._request, "actor", None)
        if actor is None:  # includes a session still waiting for 2FA enrolment
            return None
        request.actor = actor
        return result
