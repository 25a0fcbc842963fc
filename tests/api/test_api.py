"""API v1: tokens, the actor, scoping (404), problem+json errors in the caller's language."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from ruta.accounts.models import ApiToken, Role
from ruta.audit.models import AuditEvent
from tests.factories import PASSWORD, make_user, totp_now

pytestmark = pytest.mark.django_db


def _token(user, **extra) -> str:
    client = APIClient()
    body = {"username": user.username, "password": PASSWORD, **extra}
    response = client.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()["token"]


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {_token(user)}")
    return client


def test_token_needs_the_one_time_code_when_enrolled(home_institution):
    user = make_user("case_worker", home_institution, with_2fa=True)
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("otp-required")
    key = _token(user, otp_code=totp_now(user))
    assert ApiToken.objects.filter(user=user).count() == 1
    me = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me/")
    assert me.status_code == 200
    body = me.json()
    assert body["acting_for"]["institution"]["id"] == str(home_institution.pk)
    assert "cases.view" in body["capabilities"]
    assert body["two_factor"] is True


def test_token_is_refused_to_unenrolled_role_that_needs_2fa(home_institution):
    user = make_user("case_worker", home_institution)
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("two-factor-setup")


def test_wrong_password_is_problem_json_in_the_callers_language(home_institution):
    user = make_user("trainer", home_institution)
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400
    assert "contraseña" in response.json()["detail"]
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert "mot de passe" in response.json()["detail"]


def test_no_credentials_is_401_problem(db):
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_revoked_token_stops_working(home_institution):
    user = make_user("trainer", home_institution)
    client = _client(user)
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_malformed_json_unknown_fields_and_oversized_bodies(settings, home_institution):
    admin = make_user("institution_admin", home_institution, with_2fa=True)
    client = APIClient()
    key = _token(admin, otp_code=totp_now(admin))
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    before = AuditEvent.objects.count()
    bad = client.post("/api/v1/users/", data="{not json", content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["type"].endswith("parse")
    unknown = client.post(
        "/api/v1/users/",
        {
            "username": "x.y",
            "first_name": "X",
            "last_name": "Y",
            "email": "x@example.org",
            "institution": str(home_institution.pk),
            "role": str(Role.objects.get(code="trainer").pk),
            "is_superuser": True,
        },
        format="json",
    )
    assert unknown.status_code == 400
    assert "is_superuser" in unknown.json()["errors"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    huge = client.post(
        "/api/v1/users/",
        data=json.dumps({"username": "x" * 5000}),
        content_type="application/json",
    )
    assert huge.status_code == 413
    assert AuditEvent.objects.count() == before


def test_users_of_another_institution_are_404(home_institution, other_institution):
    admin = make_user("institution_admin", home_institution, with_2fa=True)
    stranger = make_user("case_worker", other_institution)
    colleague = make_user("case_worker", home_institution)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {_token(admin, otp_code=totp_now(admin))}")
    assert client.get(f"/api/v1/users/{colleague.pk}/").status_code == 200
    response = client.get(f"/api/v1/users/{stranger.pk}/")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    listed = {u["id"] for u in client.get("/api/v1/users/").json()["results"]}
    assert str(stranger.pk) not in listed
    assert str(colleague.pk) in listed


def test_stale_version_is_409_and_nothing_changes(home_institution):
    admin = make_user("institution_admin", home_institution, with_2fa=True)
    colleague = make_user("case_worker", home_institution, first_name="Ana")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {_token(admin, otp_code=totp_now(admin))}")
    ok = client.patch(
        f"/api/v1/users/{colleague.pk}/", {"version": 1, "first_name": "Ana Lucía"}, format="json"
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = client.patch(
        f"/api/v1/users/{colleague.pk}/", {"version": 1, "first_name": "Otra"}, format="json"
    )
    assert stale.status_code == 409
    colleague.refresh_from_db()
    assert colleague.first_name == "Ana Lucía"


def test_create_user_through_api_is_audited(home_institution, django_capture_on_commit_callbacks):
    admin = make_user("institution_admin", home_institution, with_2fa=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {_token(admin, otp_code=totp_now(admin))}")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/users/",
            {
                "username": "nueva.api",
                "first_name": "Nueva",
                "last_name": "Api",
                "email": "nueva@example.org",
                "institution": str(home_institution.pk),
                "role": str(Role.objects.get(code="trainer").pk),
            },
            format="json",
        )
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="accounts.user.created", target_id=response.json()["id"])
    assert event.via == "api"
    assert event.actor_user_id == admin.pk


def test_audit_events_for_auditors_only_and_scoped(home_institution, other_institution):
    auditor = make_user("auditor", home_institution, with_2fa=True)
    trainer = make_user("trainer", home_institution)
    make_user("trainer", other_institution)
    from ruta.audit import services as audit

    mine = audit.record(action="tests.x.done", target=home_institution)
    theirs = audit.record(action="tests.x.done", target=other_institution)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {_token(auditor, otp_code=totp_now(auditor))}")
    ids = {e["id"] for e in client.get("/api/v1/audit-events/?action=tests.").json()["results"]}
    assert str(mine.pk) in ids
    assert str(theirs.pk) not in ids
    assert client.get(f"/api/v1/audit-events/{theirs.pk}/").status_code == 404
    assert _client(trainer).get("/api/v1/audit-events/").status_code == 404


def test_schema_is_served_without_cdn(home_institution):
    client = _client(make_user("trainer", home_institution))
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/auth/token/" in schema.content.decode()


def test_the_schema_is_generated_once_per_language(home_institution, monkeypatch):
    # Generating it costs seconds: a client asking again gets the one already made.
    from drf_spectacular.generators import SchemaGenerator

    from ruta.core.api.views import SchemaApi

    monkeypatch.setattr(SchemaApi, "_generated", {})
    generated = []
    real = SchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        generated.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    client = _client(make_user("trainer", home_institution))
    json_schema = {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}
    first = client.get("/api/v1/schema/", **json_schema)
    again = client.get("/api/v1/schema/", **json_schema)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and len(generated) == 1
    # In English it is another schema (its descriptions are translated), made once too.
    english = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en", **json_schema)
    client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en", **json_schema)
    assert english.status_code == 200 and len(generated) == 2
    assert english.content != first.content


def test_schema_is_valid_without_warnings_and_lists_every_endpoint(tmp_path, db):
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in (
        "/api/v1/persons/search/",
        "/api/v1/cases/{case_id}/care-plan/",
        "/api/v1/referrals/{referral_id}/accept/",
        "/api/v1/notifications/",
        "/api/v1/notifications/{notification_id}/read/",
        "/api/v1/service-offerings/",
        "/api/v1/transfers/",
    ):
        assert path in text, path
