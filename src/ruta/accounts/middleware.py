"""Who a page request acts for, login-required-by-default, and sessions: ends the sessions that
the user (or an administrator) has revoked, and explains expiry."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils.translation import gettext as _

from ruta.accounts.selectors import NEEDS_2FA_SETUP_KEY, actor_for_request

SESSION_EPOCH_KEY = "ruta_epoch"
# True when the session began with a one-time code (or enrolled one): see SessionSecurityMiddleware.
SECOND_FACTOR_KEY = "ruta_second_factor"
# Whether the user's roles need a second factor, worked out once per session: a change of role
# or membership ends the session (session_epoch), so it cannot go stale within one.
ROLES_NEED_2FA_KEY = "ruta_roles_need_2fa"
HAD_SESSION_COOKIE = "ruta_had_session"
# When the session was last extended. Idle sessions expire SESSION_COOKIE_AGE after it: writing
# the session on every request (SESSION_SAVE_EVERY_REQUEST) cost a database write per page for
# a precision nobody needs; once a minute is enough.
SESSION_TOUCHED_KEY = "ruta_touched"
TOUCH_EVERY_SECONDS = 60


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
            elif _lacks_required_second_factor(request):
                logout(request)
                messages.warning(
                    request,
                    _(
                        "Your role requires two-factor authentication. Please sign in again "
                        "with your one-time code."
                    ),
                )
            else:
                _touch(request.session)
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


def _touch(session) -> None:
    """Extend the session (it is saved when modified) at most once a minute."""
    now = int(time.time())
    if now - session.get(SESSION_TOUCHED_KEY, 0) >= TOUCH_EVERY_SECONDS:
        session[SESSION_TOUCHED_KEY] = now


def _lacks_required_second_factor(request) -> bool:
    """A session that began without a second factor (under the demo's relaxed mode, or before
    its role needed one) ends once the settings and the role require one, as tokens do. A
    session still enrolling its device is let through: it reaches only the enrolment page."""
    from ruta.accounts.services.credentials import roles_require_2fa

    session = request.session
    if session.get(SECOND_FACTOR_KEY) or session.get(NEEDS_2FA_SETUP_KEY):
        return False
    if not settings.REQUIRE_2FA or settings.DEMO_MODE:
        return False
    if ROLES_NEED_2FA_KEY not in session:
        session[ROLES_NEED_2FA_KEY] = roles_require_2fa(request.user)
    return bool(session[ROLES_NEED_2FA_KEY])


class ActorMiddleware:
    """Attach ``request.actor`` (or None) for a signed-in user's active membership."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = actor_for_request(request)
        return self.get_response(request)


# URL names and prefixes reachable without a session.
PUBLIC_URL_NAMES = {
    "accounts:login",
    "accounts:login-verify",
    "accounts:password-reset-confirm",
    "healthz",
    "set_language",
    "intake:public-report",
    "intake:public-report-thanks",
    # prevention (slice certificates): the public check of a certificate's code
    "prevention_public:verify-form",
    "prevention_public:verify",
    "prevention_public:follow-up",  # prevention slice people: the follow-up questionnaire
    # reporting: the public observatory (published releases only, see reporting.policies)
    "observatory:home",
    "observatory:methodology",
    "observatory:release",
    "observatory:xlsx",
    "observatory:sdmx",
    "observatory:csv",
}
PUBLIC_PREFIXES = ("/static/", "/api/")


class LoginRequiredMiddleware:
    """Deny by default: every page needs a signed-in user with an active membership.

    The API has its own default permission class (``HasActor``); its errors are problem+json.
    A signed-in user who must enrol in two-factor authentication reaches only the enrolment
    page and sign-out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        match = resolve(request.path_info)
        if match.view_name in PUBLIC_URL_NAMES:
            return None
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?{urlencode({'next': request.get_full_path()})}")
        if match.view_name in {"accounts:totp-setup", "accounts:logout"}:
            return None
        if request.session.get(NEEDS_2FA_SETUP_KEY):
            return redirect("accounts:totp-setup")
        if request.actor is None and match.view_name not in {"accounts:no-membership"}:
            return redirect("accounts:no-membership")
        return None


def _login_url() -> str:
    return reverse(settings.LOGIN_URL)
