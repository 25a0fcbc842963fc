"""The Content-Security-Policy header, and templates that need nothing it forbids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import ruta
from tests.factories import make_user, sign_in

TEMPLATES = sorted(Path(ruta.__file__).parent.glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"(\sstyle\s*=|<style\b)", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)
HTMX_INLINE = re.compile(r"\shx-on[:-]", re.IGNORECASE)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=[str(t).split("templates/")[-1] for t in TEMPLATES]
)
def test_template_has_nothing_the_policy_blocks(template):
    text = template.read_text()
    for name, pattern in [
        ("inline script", INLINE_SCRIPT),
        ("event handler attribute", EVENT_HANDLER),
        ("inline style", STYLE),
        ("javascript: URL", JS_URL),
        ("hx-on handler", HTMX_INLINE),
    ]:
        assert not pattern.search(text), f"{name} in {template}"


def test_templates_were_found():
    assert len(TEMPLATES) > 20


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/sign-in/", "/", "/intake/public/"])
def test_pages_send_the_strict_policy(home_institution, path):
    client = sign_in(Client(), make_user("trainer", home_institution)) if path == "/" else Client()
    response = client.get(path)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "script-src" not in policy and "style-src" not in policy  # default-src: 'self'


@pytest.mark.django_db
def test_api_docs_relax_styles_only_and_load_their_script_from_a_file(home_institution):
    client = sign_in(Client(), make_user("institution_admin", home_institution))
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    policy = _policy(page)
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert "script-src" not in policy
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html)
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
