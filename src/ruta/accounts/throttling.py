"""Throttles of the web and API sign-in, with django-ratelimit on the shared cache.

Every attempt counts (right or wrong), before any password is checked: per client address over
all accounts (``RUTA_SIGN_IN_RATE_PER_ADDRESS``, against trying many accounts from one place),
and per account name from one address (``RUTA_SIGN_IN_RATE_PER_ACCOUNT``). No throttle counts
an account over all addresses: that would let a stranger shut its owner out; the account-wide
answer to many failures is the second factor (see ``authentication._register_failure``).
Cache keys hold keyed hashes of the address and the account name, never either in clear.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

from ruta.core.middleware import client_address_key

GROUP_ADDRESS = "ruta.sign-in.address"
GROUP_ACCOUNT = "ruta.sign-in.account"


def _account_key(username: str) -> str:
    return salted_hmac("ruta.sign-in.throttle", (username or "").strip().lower()).hexdigest()[:32]


def sign_in_wait(request, username: str) -> int | None:
    """Count one sign-in attempt; the seconds to wait if it goes over a limit, else None."""
    address = client_address_key(request)
    account = f"{address}:{_account_key(username)}"
    checks = (
        (GROUP_ADDRESS, address, settings.RUTA_SIGN_IN_RATE_PER_ADDRESS),
        (GROUP_ACCOUNT, account, settings.RUTA_SIGN_IN_RATE_PER_ACCOUNT),
    )
    wait = None
    for group, value, rate in checks:
        usage = get_usage(
            request,
            group=group,
            key=lambda _group, _request, value=value: value,
            rate=rate,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            wait = max(wait or 1, usage["time_left"], 1)
    return wait


def throttled_message(seconds: int) -> str:
    return ngettext(
        "Too many sign-in attempts from your network. Try again in %(seconds)s second.",
        "Too many sign-in attempts from your network. Try again in %(seconds)s seconds.",
        seconds,
    ) % {"seconds": seconds}


class SignInThrottle(BaseThrottle):
    """The same limits for ``POST /api/v1/auth/token/`` (other methods are not sign-ins)."""

    def allow_request(self, request, view) -> bool:
        if request.method != "POST":
            return True
        data = request.data
        username = data.get("username", "") if isinstance(data, dict) else ""
        self._wait = sign_in_wait(request._request, username if isinstance(username, str) else "")
        return self._wait is None

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)
