"""Ends sessions that the user (or an administrator) has revoked, and explains expiry."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

SESSION_EPOCH_KEY = "ruta_epoch"
HAD_SESSION_COOKIE = "ruta_had_session"


def set_had_session_cookie(response) -> None:
    """Remember that this browser was signed in (to explain an expired session later); like
    the session cookie, Secure in production."""
    response.set_cookie(
        HAD_SESSION_COOKIE,
        "1",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def delete_had_session_cookie(response) -> None:
    response.set_cookie(
        HAD_SESSION_COOKIE,
        "",
        max_age=0,
        expires="Thu, 01 Jan 1970 00:00:00 GMT",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if request.session.get(SESSION_EPOCH_KEY) != user.session_epoch or not user.is_active:
                logout(request)
                messages.warning(request, _("Your session was ended. Please sign in again."))
        elif request.COOKIES.get(HAD_SESSION_COOKIE) and not request.path.startswith(
            ("/static/", "/api/")
        ):
            # The session cookie is gone or expired while the browser was signed in before.
            request.session_expired = True
            messages.info(request, _("Your session expired after a period of inactivity."))
        response = self.get_response(request)
        if getattr(request, "session_expired", False):
            delete_had_session_cookie(response)
        return response
