"""Persons through the API: same services, same scope, sections by sensitivity."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ruta.accounts import authentication as auth
from ruta.core.testing.factories import make_user

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    _t, key = auth.token_create(user=user, membership=user.memberships.get())
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_create_search_match_and_conflict(home_institution, other_institution):
    api = _api(make_user("eri_coordinator", home_institution))
    created = api.post(
        "/api/v1/persons/",
        {
            "given_names": "José Luis",
            "first_surname": "Zelaya",
            "second_surname": "Padilla",
            "date_of_birth": "2010-05-02",
            "nationalities": ["HND"],
            "contact": "Colonia Kennedy",
            "documents": [{"type": "national_id", "number": "0801-2010-99999"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["contact"] == "Colonia Kennedy"
    pid = body["id"]
    found = api.get("/api/v1/persons/", {"q": "chepe zelaya"}).json()
    assert [p["id"] for p in found["results"]] == [pid]
    matches = api.post(
        "/api/v1/persons/matches/", {"document_number": "0801201099999"}, format="json"
    ).json()
    assert matches[0]["person"]["id"] == pid
    assert matches[0]["reasons"] == ["document"]
    ok = api.patch(f"/api/v1/persons/{pid}/", {"version": 1, "aliases": "Chepito"}, format="json")
    assert ok.status_code == 200
    stale = api.patch(f"/api/v1/persons/{pid}/", {"version": 1, "aliases": "Otro"}, format="json")
    assert stale.status_code == 409
    bad = api.post(
        "/api/v1/persons/", {"given_names": "Ana", "nationalities": ["XYZ"]}, format="json"
    )
    assert bad.status_code == 422
    assert "nationalities" in bad.json()["errors"]
    stranger = _api(make_user("eri_coordinator", other_institution))
    assert stranger.get(f"/api/v1/persons/{pid}/").status_code == 404
    assert stranger.get("/api/v1/persons/", {"q": "zelaya"}).json()["results"] == []


def test_roles_without_contact_level_do_not_receive_it(home_institution):
    from ruta.accounts.models import Membership, Role
    from ruta.core.testing.factories import actor_of
    from ruta.people import services

    person = services.person_create(
        actor=actor_of(make_user("eri_coordinator", home_institution)),
        given_names="Ana",
        contact="Secreto",
    )
    role = Role.objects.create(
        code="identity_only",
        capabilities=["cases.view"],
        scope="institution",
        read_sensitivities=["identity"],
    )
    user = make_user(None)
    Membership.objects.create(user=user, institution=home_institution, role=role)
    body = _api(user).get(f"/api/v1/persons/{person.pk}/").json()
    assert body["given_names"] == "Ana"
    assert "contact" not in body


def test_the_search_page_takes_names_by_post_only(home_institution):
    from django.test import Client

    from ruta.core.testing.factories import actor_of, sign_in
    from ruta.people import services

    user = make_user("eri_coordinator", home_institution)
    services.person_create(actor=actor_of(user), given_names="Yolanda", first_surname="Suazo")
    client = sign_in(Client(), user)
    assert "Suazo" not in client.get("/people/?q=yolanda").content.decode()
    assert "Suazo" in client.post("/people/", {"q": "yolanda suazo"}).content.decode()
