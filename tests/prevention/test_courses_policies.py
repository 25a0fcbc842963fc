"""Who reaches frameworks, courses and sessions: the training institution manages its own;
another training institution gets 404 on them; an institution sees the sessions open to it;
the aggregate analyst sees no list."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.core.errors import NotPermitted
from ruta.prevention import policies
from ruta.prevention import selectors_courses as selectors
from ruta.prevention.models import CourseModule
from ruta.web.navigation import items_for
from tests.factories import actor_of, sign_in
from tests.prevention.courses_world import courses_world  # noqa: F401
from tests.prevention.world import P_TRN


def _page(w, key):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, w["users"][key])
    return client


def _api(w, key):
    user = w["users"][P_TRN if key == "P_TRN" else key]
    _token, secret = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def test_the_home_trainer_manages_the_homes_course(w):
    trn, academy = w["actors"]["TRN"], w["actors"]["P_TRN"]
    course = w["course"]
    assert policies.can_edit_course(trn, course)
    assert policies.course_is_own(trn, course)
    assert not policies.can_edit_course(academy, course)
    assert not policies.can_edit_framework(trn, w["shipped_framework"])  # copy it first
    assert policies.can_edit_framework(trn, w["framework"])
    assert not policies.can_edit_framework(academy, w["framework"])
    response = _page(w, "TRN").post(
        reverse("prevention:module-add", kwargs={"course_id": course.pk}),
        {"title": "Módulo 2", "hours": "3"},
    )
    assert response.status_code == 302
    assert CourseModule.objects.filter(course=course).count() == 2


def test_the_academys_trainer_gets_404_on_the_homes_course(w):
    course = w["course"]
    client = _page(w, P_TRN)
    for name in ("prevention:course-detail", "prevention:course-edit"):
        assert client.get(reverse(name, kwargs={"course_id": course.pk})).status_code == 404
    response = client.post(
        reverse("prevention:module-add", kwargs={"course_id": course.pk}),
        {"title": "Intruso", "hours": "3"},
    )
    assert response.status_code == 404
    assert CourseModule.objects.filter(course=course).count() == 1
    api = _api(w, "P_TRN")
    assert api.get(reverse("api:course-detail", kwargs={"course_id": course.pk})).status_code == 404
    with pytest.raises(NotPermitted):
        selectors.question_get(actor=w["actors"]["X_ADM"], question_id=w["test_questions"][0].pk)


def test_the_home_sees_the_session_open_to_it_and_not_the_academys_closed_one(w):
    for key in ("TRN", "ADM"):
        actor = w["actors"][key]
        refs = set(selectors.session_list(actor=actor).values_list("reference", flat=True))
        assert w["academy_open_session"].reference in refs
        assert w["academy_session"].reference not in refs
    response = _page(w, "ADM").get(reverse("prevention:session-list"))
    html = response.content.decode()
    assert w["academy_open_session"].reference in html
    assert w["academy_session"].reference not in html
    # The home's administrator reads the open session's course, never its test.
    adm = w["actors"]["ADM"]
    page = selectors.course_page(actor=adm, course=w["academy_course"])
    assert page["questions"] == [] and not page["own"]
    closed = reverse("prevention:session-detail", kwargs={"session_id": w["academy_session"].pk})
    assert _page(w, "ADM").get(closed).status_code == 404


def test_the_aggregate_analyst_sees_no_list(w):
    mea = w["actors"]["MEA"]
    assert policies.can_use_prevention(mea)
    assert not policies.can_list_sessions(mea)
    assert not policies.can_list_courses(mea)
    assert not policies.scope_sessions(mea).exists()
    client = _page(w, "MEA")
    for name in ("prevention:session-list", "prevention:course-list", "prevention:framework-list"):
        assert client.get(reverse(name)).status_code == 404
    home = client.get(reverse("prevention:home"))
    assert home.status_code == 200
    assert w["session"].reference not in home.content.decode()
    api = _api(w, "MEA")
    assert api.get(reverse("api:training-session-list")).status_code == 404
    assert api.get(reverse("api:course-list")).status_code == 404


def test_the_navigation_shows_trainings_to_whom_it_concerns(w):
    def labels(key):
        return [str(i["label"]) for i in items_for(w["actors"][key], "/")]

    with translation.override("en"):
        assert "Trainings" in labels("TRN")
        assert "Trainings" in labels("MEA")
        lab = actor_of(w["inspection"].recorded_by)
        assert "Trainings" not in [str(i["label"]) for i in items_for(lab, "/")]
