"""The client address: X-Forwarded-For is believed only as far as the trusted proxies go."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from ruta.core.middleware import address_key, client_ip

PROXY = "10.0.0.5"
CASES = [
    # (trusted proxies, REMOTE_ADDR, X-Forwarded-For or None, expected client address)
    pytest.param([], "203.0.113.7", None, "203.0.113.7", id="direct"),
    pytest.param([], "203.0.113.7", "198.51.100.1", "203.0.113.7", id="spoofed-no-proxy"),
    pytest.param(
        ["10.0.0.0/8"], "203.0.113.7", "198.51.100.1", "203.0.113.7", id="spoofed-untrusted-peer"
    ),
    pytest.param(["10.0.0.5"], PROXY, "198.51.100.1", "198.51.100.1", id="one-proxy"),
    pytest.param(
        ["10.0.0.5"],
        PROXY,
        "1.1.1.1, 198.51.100.1",
        "198.51.100.1",
        id="one-proxy-client-wrote-a-fake-hop",
    ),
    pytest.param(
        ["10.0.0.0/8", "192.168.1.1"],
        PROXY,
        "6.6.6.6, 198.51.100.1, 192.168.1.1, 10.2.3.4",
        "198.51.100.1",
        id="chain-of-proxies",
    ),
    pytest.param(["10.0.0.5"], PROXY, None, PROXY, id="trusted-peer-without-header"),
    pytest.param(["10.0.0.5"], PROXY, "", PROXY, id="trusted-peer-empty-header"),
    pytest.param(["10.0.0.5"], PROXY, "not-an-ip", PROXY, id="garbage"),
    pytest.param(["10.0.0.5"], PROXY, "198.51.100.1, ,", PROXY, id="garbage-empty-hops"),
    pytest.param(
        ["10.0.0.0/8"],
        PROXY,
        "198.51.100.1, <script>, 10.1.1.1",
        "10.1.1.1",
        id="garbage-inside-chain-stops-at-last-good",
    ),
    pytest.param(["10.0.0.5"], PROXY, "198.51.100.1:4711", "198.51.100.1", id="ipv4-with-port"),
    pytest.param(["10.0.0.5"], PROXY, "[2001:db8::1]:443", "2001:db8::1", id="ipv6-with-port"),
    pytest.param(["::1"], "::1", "2001:db8::2", "2001:db8::2", id="ipv6-proxy"),
    pytest.param(
        ["10.0.0.0/8"], PROXY, "10.9.9.9, 10.8.8.8", "10.9.9.9", id="all-hops-trusted-leftmost"
    ),
    pytest.param(["10.0.0.5"], "", "198.51.100.1", None, id="no-remote-addr"),
    pytest.param(["10.0.0.5"], "garbage", "198.51.100.1", None, id="garbage-remote-addr"),
    pytest.param(["10.0.0.5"], PROXY, "198.51.100.1," * 5000 + "x" * 100, PROXY, id="huge-header"),
]


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "expected"), CASES)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.RUTA_TRUSTED_PROXIES = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected


def test_address_key_is_keyed_and_does_not_contain_the_address(settings):
    key = address_key("198.51.100.1")
    assert "198.51.100.1" not in key
    assert key != address_key("198.51.100.2")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert address_key("198.51.100.1") != key


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/cases/?q=%00", "/institutions/?q=a%00b", "/api/v1/cases/?q=%00"]
)
def test_a_nul_in_the_query_string_is_refused_before_any_view(client, path):
    """PostgreSQL refuses NUL in a query: a list filtering by the parameter was a 500 there."""
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
