"""Request id, the channel and the client address: pieces every app may use.

Who the request acts for (``request.actor``) and login-required-by-default belong to accounts
(``ruta.accounts.middleware``).
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac

_request_id: ContextVar[str] = ContextVar("request_id", default="-")
# The channel of the current request ("web" or "api"); None outside a request, where the
# audit trail records "system" (management commands, tasks).
_request_via: ContextVar[str | None] = ContextVar("request_via", default=None)


def current_request_context() -> tuple[str, str | None]:
    """(request id, channel) of the request being served; ("", None) outside a request."""
    request_id = _request_id.get()
    return ("" if request_id == "-" else request_id), _request_via.get()


def request_channel(path: str) -> str:
    return "api" if path.startswith("/api/") else "web"


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


# At most this many X-Forwarded-For entries are read (from the right): a longer chain of
# trusted proxies does not exist, and a huge header must not cost anything.
MAX_FORWARDED_HOPS = 20


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from a header entry, tolerating a port ("1.2.3.4:80", "[::1]:80")."""
    value = value.strip()
    if not value or len(value) > 64:
        return None
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _trusted(ip, networks) -> bool:
    return any(ip.version == net.version and ip in net for net in networks)


def client_ip(request) -> str | None:
    """The address of the client, as far as the configured trusted proxies tell it.

    ``REMOTE_ADDR`` is the peer. Only when that peer is a trusted proxy
    (``RUTA_TRUSTED_PROXIES``) is X-Forwarded-For read, from the right: each entry that is
    itself a trusted proxy is skipped, and the first one that is not is the client. Entries
    further left were written by the client and are never believed. An entry that is not an
    address stops the walk at the last address known good.
    """
    remote = _parse_ip(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = _networks(tuple(settings.RUTA_TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    hops = (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")[-MAX_FORWARDED_HOPS:]
    current = remote
    for hop in reversed(hops):
        ip = _parse_ip(hop)
        if ip is None:
            break
        current = ip
        if not _trusted(ip, networks):
            break
    return str(current)


def address_key(ip: str | None) -> str:
    """A keyed hash (HMAC with SECRET_KEY) of an address, for rate-limit keys in the cache:
    the address itself is never stored, and the hash cannot be reversed by trying all
    addresses without the secret."""
    return salted_hmac("ruta.client-address", ip or "-", algorithm="sha256").hexdigest()[:32]


def client_address_key(request) -> str:
    return address_key(client_ip(request))


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        via_token = _request_via.set(request_channel(request.path))
        try:
            response = self.get_response(request)
        finally:
            _request_via.reset(via_token)
            _request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        # Pages and API answers hold personal data: no browser or proxy may keep a copy
        # (the back button after signing out must not show them).
        if not request.path.startswith("/static/"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class NullCharacterMiddleware:
    """A query string with a NUL character is refused (400) before any view reads it: no text
    a user means holds one, and PostgreSQL refuses it in a query (a server error on any list
    that filters by a query parameter). Form fields already refuse it (Django's
    ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            raise BadRequest("A NUL character in the query string.")
        return self.get_response(request)
