"""The case page's forms: a refused form comes back with what was typed, its errors beside
its fields and at the top, its section open; nothing is saved; no id repeats and every
control has a label."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.cases import services
from ruta.cases.models import Consent, Note, Task
from ruta.people import services as people
from tests.factories import actor_of, make_user, sign_in
from tests.html_check import duplicate_ids, unlabelled_controls

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


@pytest.fixture
def case(coordinator):
    # A child: two open tasks (first contact, child-protection notice), each with its form.
    person = people.person_create(actor=coordinator, given_names="Ana", estimated_age=15)
    case = services.case_open(actor=coordinator, person=person)
    for purpose in ("assistance", "statistics"):
        services.consent_record(
            actor=coordinator,
            case=case,
            purpose=purpose,
            given_by="guardian",
            given_on=timezone.localdate(),
            child_assent=True,
            guardian_consent=True,
        )
    services.note_add(actor=coordinator, case=case, sensitivity="general", body="Primera nota")
    return case


def test_a_refused_note_keeps_its_text_beside_its_error(coordinator, case):
    client = sign_in(Client(), coordinator.user)
    long_body = "Ella contó todo. " * 1200  # over the 20,000 characters a note may hold
    response = client.post(
        f"/cases/{case.pk}/notes/", {"sensitivity": "general", "body": long_body}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert long_body.strip() in body  # what was typed is still in the textarea
    assert re.search(r"<details open><summary>[^<]*</summary>\s*<form[^>]*notes/", body)
    # the error beside the field (the textarea points at it) and in the summary at the top
    assert 'aria-describedby="note-body_error"' in body
    assert 'id="note-body_error"' in body
    summary = body.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#note-body"' in summary and "20000" in summary.replace(",", "").replace(".", "")
    assert Note.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(action="cases.note.added").count() == 1


def test_a_refused_consent_keeps_what_was_chosen(coordinator, case):
    client = sign_in(Client(), coordinator.user)
    response = client.post(
        f"/cases/{case.pk}/consents/",
        {"purpose": "proceedings", "given_by": "guardian", "given_on": "no es fecha"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="no es fecha"' in body
    assert 'value="guardian" selected' in body
    assert 'href="#consent-given_on"' in body
    assert re.search(r"<details open><summary>[^<]*</summary>\s*<form[^>]*consents/", body)
    assert Consent.objects.filter(case=case).count() == 2


def test_a_refused_task_keeps_its_note_on_its_own_row(coordinator, case):
    task = Task.objects.filter(case=case).order_by("kind").first()
    assert task is not None
    client = sign_in(Client(), coordinator.user)
    text = "x" * 2001
    response = client.post(f"/cases/tasks/{task.pk}/complete/", {"note": text})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="task-{task.pk}-note"' in body and f'value="{text}"' in body
    assert f'href="#task-{task.pk}-note"' in body
    task.refresh_from_db()
    assert task.done_at is None


def test_the_case_page_has_no_repeated_id_and_labels_every_control(coordinator, case):
    tasks = list(Task.objects.filter(case=case, done_at=None))
    assert len(tasks) >= 2
    body = sign_in(Client(), coordinator.user).get(f"/cases/{case.pk}/").content.decode()
    assert body.count('name="note"') >= 2  # the task forms, repeated
    assert duplicate_ids(body) == []
    assert unlabelled_controls(body) == []
    for t in tasks:
        assert f'for="task-{t.pk}-note"' in body


def test_a_note_over_the_servers_body_limit_gets_a_page_that_says_so(settings, coordinator, case):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
    client = sign_in(Client(), coordinator.user)
    response = client.post(
        f"/cases/{case.pk}/notes/",
        {"sensitivity": "general", "body": "z" * 6000},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "What you sent is too large" in body and "Nothing was saved" in body
    assert Note.objects.filter(case=case).count() == 1


def test_an_api_body_over_the_limit_is_a_413_problem(settings, coordinator, case):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
    client = APIClient()
    _token, key = auth.token_create(
        user=coordinator.user, membership=coordinator.membership, second_factor=True
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.post(
        f"/api/v1/cases/{case.pk}/notes/",
        {"sensitivity": "general", "body": "z" * 6000},
        format="json",
    )
    assert response.status_code == 413, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert Note.objects.filter(case=case).count() == 1
