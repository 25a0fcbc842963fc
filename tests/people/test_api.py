"""Persons through the API: same services, same scope, sections by sensitivity."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    _t, key = auth.token_create(user=user, membership=user.memberships.get(), second_factor=True)
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
    found = api.post("/api/v1/persons/search/", {"q": "chepe zelaya"}, format="json").json()
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
    found = stranger.post("/api/v1/persons/search/", {"q": "zelaya"}, format="json").json()
    assert found == {"count": 0, "results": []}


def test_roles_without_contact_level_do_not_receive_it(home_institution):
    from ruta.accounts.models import Membership, Role
    from ruta.people import services
    from tests.factories import actor_of

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

    from ruta.people import services
    from tests.factories import actor_of, sign_in

    user = make_user("eri_coordinator", home_institution)
    services.person_create(actor=actor_of(user), given_names="Yolanda", first_surname="Suazo")
    client = sign_in(Client(), user)
    assert "Suazo" not in client.get("/people/?q=yolanda").content.decode()
    html = client.post("/people/", {"q": "yolanda suazo"}).content.decode()
    assert "Suazo" in html
    assert "nombre de pila" in html and "primer apellido" in html  # why it was found
    refused = client.post("/people/", {"q": "yolanda suazo", "estimated_age": "400"})
    assert "Suazo" not in refused.content.decode()  # a bad age searches nothing


def test_search_by_post_ignores_accents_and_keeps_to_scope(home_institution, other_institution):
    from ruta.people import services
    from tests.factories import actor_of

    user = make_user("eri_coordinator", home_institution)
    own = services.person_create(
        actor=actor_of(user),
        given_names="María José",
        first_surname="Núñez",
    )
    services.person_create(
        actor=actor_of(make_user("eri_coordinator", other_institution)),
        given_names="María José",
        first_surname="Núñez",
    )
    response = _api(user).post("/api/v1/persons/search/", {"q": "maria nunez"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [p["id"] for p in body["results"]] == [str(own.pk)]
    assert body["results"][0]["first_surname"] == "Núñez"
    assert body["results"][0]["reasons"] == ["given_name", "first_surname"]
    assert 0 < body["results"][0]["score"] < 1


def test_search_ranks_by_what_is_known_of_the_birth_and_says_why(home_institution):
    from datetime import date

    from ruta.people import services
    from tests.factories import actor_of

    user = make_user("eri_coordinator", home_institution)
    actor = actor_of(user)
    older = services.person_create(
        actor=actor, given_names="Wendy", first_surname="Banegas", date_of_birth=date(1990, 5, 2)
    )
    younger = services.person_create(
        actor=actor, given_names="Wendy", first_surname="Banegas", date_of_birth=date(2008, 2, 5)
    )
    api = _api(user)

    def ids(body: dict) -> list[str]:
        response = api.post("/api/v1/persons/search/", body, format="json")
        assert response.status_code == 200, response.content
        return [(r["id"], tuple(r["reasons"])) for r in response.json()["results"]]

    assert ids({"q": "wendy banegas", "date_of_birth": "2008-05-02"}) == [
        (str(younger.pk), ("given_name", "first_surname", "birth_close"))
    ]
    assert ids({"q": "wendy banegas", "estimated_age": 36}) == [
        (str(older.pk), ("given_name", "first_surname", "age"))
    ]
    assert ids({"q": "wendy banegas", "birth_year": 2008})[0][0] == str(younger.pk)
    assert len(ids({"q": "wendy banegas"})) == 2
    bad = api.post("/api/v1/persons/search/", {"q": "wendy", "birth_year": 1800}, format="json")
    assert bad.status_code == 400 and "birth_year" in bad.json()["errors"]


def test_search_refuses_unknown_fields_blank_and_long_names(home_institution):
    api = _api(make_user("case_worker", home_institution))

    def search(body, language="es"):
        return api.post(
            "/api/v1/persons/search/", body, format="json", HTTP_ACCEPT_LANGUAGE=language
        )

    unknown = search({"q": "ana", "given_names": "Ana"})
    assert unknown.status_code == 400
    assert unknown["Content-Type"] == "application/problem+json"
    assert set(unknown.json()["errors"]) == {"given_names"}
    for body in ({"q": "   "}, {"q": ""}, {}):
        blank = search(body)
        assert blank.status_code == 400, body
        assert blank.json()["errors"] == {"q": ["Escriba los nombres que desea buscar."]}
    assert search({"q": ""}, "fr").json()["errors"] == {"q": ["Saisissez les noms à rechercher."]}
    assert search({"q": "a" * 201}).status_code == 400


def test_get_with_names_is_refused_without_searching(home_institution, monkeypatch):
    from ruta.people import selectors

    def no_search(**kwargs):
        raise AssertionError("names sent in a URL must not be searched")

    monkeypatch.setattr(selectors, "person_search", no_search)
    monkeypatch.setattr(selectors, "person_find", no_search)
    api = _api(make_user("case_worker", home_institution))
    response = api.get("/api/v1/persons/?q=yolanda+suazo", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/search-by-post")
    assert "POST /api/v1/persons/search/" in problem["detail"]
    assert "log" in problem["detail"]
    assert "yolanda" not in response.content.decode().lower()
    assert api.get("/api/v1/persons/?q=", HTTP_ACCEPT_LANGUAGE="en").status_code == 400
    # Without names there is nothing to list: GET is gone, POST (create) stays.
    assert api.get("/api/v1/persons/").status_code == 405


def test_search_needs_credentials(db):
    anonymous = APIClient()
    assert anonymous.post("/api/v1/persons/search/", {"q": "ana"}, format="json").status_code == 401
    assert anonymous.get("/api/v1/persons/?q=ana").status_code == 401
