"""The pages and the API of frameworks, courses and sessions: refusals are clear and save
nothing, filters are checked, the answer key stays with the course's owner, reading a
session's page is audited."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.prevention import selectors_courses as selectors
from ruta.prevention.models import CompetencyFramework, Course, Question
from ruta.prevention.services import sessions
from tests.factories import sign_in
from tests.html_check import duplicate_ids, unlabelled_controls
from tests.prevention.courses_world import courses_world  # noqa: F401
from tests.prevention.world import P_TRN

OPTIONS = [{"key": "a", "text": "Sí"}, {"key": "b", "text": "No"}]


def _page(w, key):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, w["users"][key])
    return client


def _api(w, key):
    user = w["users"][key]
    _token, secret = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def test_editing_a_test_with_results_is_refused_with_a_clear_message(w):
    question = w["test_questions"][0]
    url = reverse("prevention:question-edit", kwargs={"question_id": question.pk})
    response = _page(w, "TRN").post(
        url, {"text": "Cambiada", "options": "a) Sí\nb) No", "answer": "a", "points": 1}
    )
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Results were already recorded with this test" in t for t in texts), texts
    question.refresh_from_db()
    assert question.text == "Pregunta 1"
    api = _api(w, "TRN")
    answer = api.post(
        reverse("api:course-question-update", kwargs={"question_id": question.pk}),
        {"text": "Cambiada", "options": OPTIONS, "answer": "a"},
        format="json",
    )
    assert answer.status_code == 422
    assert "Results were already recorded" in answer.content.decode()


def test_a_wrong_answer_key_is_shown_beside_the_field(w):
    url = reverse("api:course-question-add", kwargs={"course_id": w["draft_course"].pk})
    before = Question.objects.filter(instrument__course=w["draft_course"]).count()
    answer = _api(w, "TRN").post(
        url, {"text": "¿?", "options": OPTIONS, "answer": "z"}, format="json"
    )
    assert answer.status_code == 422
    assert "answer" in answer.json()["errors"]
    assert Question.objects.filter(instrument__course=w["draft_course"]).count() == before


def test_the_answer_key_stays_with_the_courses_owner(w):
    url = reverse("prevention:course-detail", kwargs={"course_id": w["course"].pk})
    own = _page(w, "TRN").get(url).content.decode()
    assert "Pregunta 1" in own and "right answer" in own
    reader = _page(w, "X_ADM").get(url)
    assert reader.status_code == 200
    assert "Pregunta 1" not in reader.content.decode()
    api = _api(w, "X_ADM").get(reverse("api:course-detail", kwargs={"course_id": w["course"].pk}))
    assert api.json()["questions"] == []


def test_session_list_filters_are_checked(w):
    api = _api(w, "TRN")
    url = reverse("api:training-session-list")
    for bad in ({"year": "abc"}, {"status": "finished"}, {"course": "not-an-id"}):
        assert api.get(url, bad).status_code == 400, bad
    assert api.get(url, {"year": 0}).json()["results"] == []
    assert api.get(url, {"course": str(uuid.uuid4())}).json()["results"] == []
    planned = api.get(url, {"status": "planned"}).json()["results"]
    assert [s["reference"] for s in planned] == [w["planned_session"].reference]
    page = _page(w, "TRN").get(reverse("prevention:session-list"), {"year": "x", "status": "?"})
    assert page.status_code == 200  # a malformed filter is ignored on the page


def test_the_session_page_shows_trainers_and_counts_and_is_audited(w):
    session = w["planned_session"]
    url = reverse("prevention:session-detail", kwargs={"session_id": session.pk})
    html = _page(w, "TRN").get(url).content.decode()
    assert "Ana Formadora" in html
    assert "0 enrolled of 30" in html
    event = AuditEvent.objects.filter(action="prevention.session.viewed").latest("seq")
    assert event.data == {"reference": session.reference}


def test_a_framework_needs_its_title_in_three_languages(w):
    before = CompetencyFramework.objects.count()
    response = _page(w, "TRN").post(
        reverse("prevention:framework-new"), {"code": "marco-x", "label_es": "Marco"}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert CompetencyFramework.objects.count() == before
    answer = _api(w, "TRN").post(
        reverse("api:competency-framework-list"),
        {"code": "marco-x", "labels": {"es": "a", "en": "b", "fr": "c"}, "owner": "x"},
        format="json",
    )
    assert answer.status_code == 400  # an unknown field
    assert CompetencyFramework.objects.count() == before


def test_a_new_version_opens_on_its_own_page(w):
    response = _page(w, "TRN").post(
        reverse("prevention:course-new-version", kwargs={"course_id": w["course"].pk})
    )
    new = Course.objects.get(code=w["course"].code, institution=w["home"], edition=2)
    assert response["Location"] == reverse("prevention:course-detail", kwargs={"course_id": new.pk})


def test_a_session_of_another_institutions_course_is_refused(w):
    before = w["academy_course"].sessions.count()
    answer = _api(w, P_TRN).post(
        reverse("api:training-session-list"),
        {
            "course": str(w["course"].pk),
            "host": str(w["academy"].pk),
            "starts_on": "2030-01-10",
            "ends_on": "2030-01-11",
            "department": w["session"].department_id,
            "capacity": 10,
        },
        format="json",
    )
    assert answer.status_code == 422
    assert "course" in answer.json()["errors"]
    assert w["course"].sessions.count() == 1  # the world's one session
    assert w["academy_course"].sessions.count() == before


@pytest.mark.parametrize("language", ["es", "en", "fr"])
def test_the_framework_page_reads_in_the_pages_language(w, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    sign_in(client, w["users"]["TRN"])
    framework = w["shipped_framework"]
    html = client.get(
        reverse("prevention:framework-detail", kwargs={"framework_id": framework.pk})
    ).content.decode()
    assert framework.competencies.get(code="child-victims").labels[language] in html


def test_pages_with_many_forms_have_unique_ids_and_labelled_controls(w):
    client = _page(w, "TRN")
    urls = [
        reverse("prevention:home"),
        reverse("prevention:framework-detail", kwargs={"framework_id": w["framework"].pk}),
        reverse("prevention:framework-edit", kwargs={"framework_id": w["framework"].pk}),
        reverse("prevention:course-detail", kwargs={"course_id": w["draft_course"].pk}),
        reverse("prevention:course-new"),
        reverse("prevention:course-edit", kwargs={"course_id": w["course"].pk}),
        reverse("prevention:session-list"),
        reverse("prevention:session-new"),
        reverse("prevention:session-detail", kwargs={"session_id": w["planned_session"].pk}),
        reverse("prevention:session-edit", kwargs={"session_id": w["planned_session"].pk}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert duplicate_ids(html) == [], url
        assert unlabelled_controls(html) == [], url


def test_the_course_list_counts_hours_once_whatever_the_sessions(w):
    trn = w["actors"]["TRN"]
    first = w["session"]
    sessions.session_create(
        actor=trn,
        course=w["course"],
        host=w["home"],
        starts_on=first.starts_on,
        ends_on=first.ends_on,
        department=first.department,
        capacity=10,
    )
    rows = {c.code: c for c in selectors.course_list(actor=trn)}
    course = rows[w["course"].code]
    assert course.sessions_count == 2
    assert course.hours == 8  # one module of 8 hours, not 8 per session
    assert rows[w["draft_course"].code].sessions_count == 1


def test_a_reader_of_an_open_session_reaches_its_course(w):
    session = w["session"]  # open to the other institution by name
    client = _page(w, "X_ADM")
    html = client.get(
        reverse("prevention:session-detail", kwargs={"session_id": session.pk})
    ).content.decode()
    course_url = reverse("prevention:course-detail", kwargs={"course_id": session.course_id})
    assert course_url in html
    assert client.get(course_url).status_code == 200
    assert "Ana Formadora" not in html  # another session's trainer
