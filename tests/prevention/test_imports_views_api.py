"""Spreadsheet imports through the pages and the API: the same services and policies behind
both; the errors table in the reader's language; the progress partial; the template file."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.prevention.choices import ImportStatus
from ruta.prevention.models import Enrolment, ImportJob, Participant
from ruta.prevention.services import imports as services
from tests.factories import sign_in
from tests.prevention.imports_helpers import build_world, person, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build_world()


def browser(user) -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)


def api_for(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def _file(w, bad_email: bool = False, name="inscritos.xlsx") -> SimpleUploadedFile:
    rows = [
        person("Ana", "Uno", w["home"].name, "ana.uno@example.org"),
        person("Bea", "Dos", w["home"].name, "mal-correo" if bad_email else "bea@example.org"),
    ]
    return SimpleUploadedFile(name, xlsx(rows))


def _new_url(w, key="session"):
    return reverse("prevention:import-new", kwargs={"session_id": w[key].pk})


def test_page_upload_shows_each_error_with_its_row_and_column(
    w, django_capture_on_commit_callbacks
):
    client = browser(w["trainer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_new_url(w), {"kind": "participants", "file": _file(w, True)})
    job = ImportJob.objects.get(filename="inscritos.xlsx")
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:import-detail", kwargs={"job_id": job.pk})
    page = client.get(response["Location"]).content.decode()
    assert "<td>3</td><td>email</td><td>This is not a valid e-mail address.</td>" in page
    assert "mal-correo" not in page  # the page names the cell, never its value
    assert 'action="/prevention/imports/' in page and "/discard/" in page
    assert "/confirm/" not in page


def test_page_confirm_imports_and_discard_deletes(w, django_capture_on_commit_callbacks):
    client = browser(w["trainer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_new_url(w), {"kind": "participants", "file": _file(w)})
    job = ImportJob.objects.get(filename="inscritos.xlsx")
    assert job.status == ImportStatus.READY
    confirm_url = reverse("prevention:import-confirm", kwargs={"job_id": job.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Participant.objects.filter(email="bea@example.org").exists()
    # Done: no second import, no discard.
    assert client.post(confirm_url).status_code == 302
    assert AuditEvent.objects.filter(action="prevention.import.confirmed").count() == 1
    discard_url = reverse("prevention:import-discard", kwargs={"job_id": job.pk})
    client.post(discard_url)
    assert ImportJob.objects.filter(pk=job.pk).exists()
    other = ImportJob.objects.create(
        institution=w["home"], session=w["session"], kind="participants", filename="x.csv",
        status=ImportStatus.INVALID,
    )  # fmt: skip
    response = client.post(reverse("prevention:import-discard", kwargs={"job_id": other.pk}))
    assert response["Location"] == _new_url(w)
    assert not ImportJob.objects.filter(pk=other.pk).exists()


def test_progress_partial_polls_while_running_and_refreshes_when_done(w):
    client = browser(w["trainer"])
    job = w["import_job"]
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKING, rows_total=10_000, rows_done=2_500
    )
    url = reverse("prevention:import-progress", kwargs={"job_id": job.pk})
    response = client.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert '<progress max="10000" value="2500">' in body
    assert "HX-Refresh" not in response
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.READY, rows_done=10_000)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_the_academy_trainer_gets_404_on_the_home_sessions_import(w):
    before = ImportJob.objects.count()
    for user in (w["academy_trainer"], w["admin"]):
        client = browser(user)
        assert client.get(_new_url(w)).status_code == 404
        response = client.post(_new_url(w), {"kind": "participants", "file": _file(w)})
        assert response.status_code == 404
        job_url = reverse("prevention:import-detail", kwargs={"job_id": w["import_job"].pk})
        assert client.get(job_url).status_code == 404
        api = api_for(user)
        api_url = reverse("api:prevention-import-create", kwargs={"session_id": w["session"].pk})
        payload = {"kind": "participants", "file": _file(w)}
        assert api.post(api_url, payload, format="multipart").status_code == 404
    assert ImportJob.objects.count() == before
    # ...and reaches its own academy's session.
    assert browser(w["academy_trainer"]).get(_new_url(w, "academy_session")).status_code == 200


def test_api_upload_errors_confirm_and_discard(w, django_capture_on_commit_callbacks):
    api = api_for(w["trainer"])
    url = reverse("api:prevention-import-create", kwargs={"session_id": w["session"].pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            url, {"kind": "participants", "file": _file(w, True)}, format="multipart"
        )
    assert response.status_code == 201, response.content
    body = response.json()
    # The check runs once the upload commits (before the answer outside a test's transaction).
    body = api.get(reverse("api:prevention-import-detail", kwargs={"job_id": body["id"]})).json()
    assert body["status"]["code"] == "invalid"
    assert body["errors_count"] == 1
    errors = api.get(reverse("api:prevention-import-errors", kwargs={"job_id": body["id"]}))
    assert errors.json()["results"] == [
        {
            "row": 3,
            "column": "email",
            "code": "bad_email",
            "params": {},
            "message": "This is not a valid e-mail address.",
        }
    ]
    confirm = reverse("api:prevention-import-confirm", kwargs={"job_id": body["id"]})
    assert api.post(confirm).status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, {"kind": "participants", "file": _file(w)}, format="multipart")
    job_id = response.json()["id"]
    detail_url = reverse("api:prevention-import-detail", kwargs={"job_id": job_id})
    assert api.get(detail_url).json()["status"]["code"] == "ready"
    enrolled = Enrolment.objects.filter(session=w["session"]).count()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(reverse("api:prevention-import-confirm", kwargs={"job_id": job_id}))
    assert response.status_code == 202
    detail = api.get(reverse("api:prevention-import-detail", kwargs={"job_id": job_id}))
    assert detail.json()["status"]["code"] == "done"
    assert Enrolment.objects.filter(session=w["session"]).count() == enrolled + 2
    discard = reverse("api:prevention-import-discard", kwargs={"job_id": body["id"]})
    assert api.post(discard).status_code == 204
    assert not ImportJob.objects.filter(pk=body["id"]).exists()


def test_api_upload_refuses_a_pdf(w):
    api = api_for(w["trainer"])
    url = reverse("api:prevention-import-create", kwargs={"session_id": w["session"].pk})
    upload = SimpleUploadedFile("acta.pdf", b"%PDF-1.4")
    response = api.post(url, {"kind": "participants", "file": upload}, format="multipart")
    assert response.status_code == 422
    assert "file" in response.json()["errors"]


@pytest.mark.parametrize("route", ["prevention:import-template", "api:prevention-import-template"])
def test_template_has_the_header_row(w, route):
    client = browser(w["trainer"]) if route.startswith("prevention") else api_for(w["trainer"])
    for kind, expected in (
        ("participants", services.PARTICIPANT_COLUMNS),
        ("answers", ["email", "participant", "kind", "q1", "q2", "q3"]),
    ):
        response = client.get(reverse(route, kwargs={"session_id": w["session"].pk, "kind": kind}))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        assert [c.value for c in next(sheet.iter_rows())] == expected
    response = client.get(reverse(route, kwargs={"session_id": w["session"].pk, "kind": "otro"}))
    assert response.status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_jobs_or_errors(w):
    client = browser(w["trainer"])
    url = _new_url(w)
    _queries(client, url)  # the first request of a session does more (its bookkeeping)
    one = _queries(client, url)
    errors = [{"row": i, "column": "email", "code": "bad_email", "params": {}} for i in range(500)]
    for i in range(12):
        ImportJob.objects.create(
            institution=w["home"], session=w["session"], kind="participants",
            filename=f"f{i}.csv", status=ImportStatus.INVALID, errors=errors,
        )  # fmt: skip
    assert _queries(client, url) == one
    job = ImportJob.objects.filter(filename="f0.csv").get()
    detail = reverse("prevention:import-detail", kwargs={"job_id": job.pk})
    assert _queries(client, detail) <= 12
    assert _queries(client, detail + "?page=5") <= 12


def test_pages_label_every_control(w):
    from tests.html_check import duplicate_ids, unlabelled_controls

    client = browser(w["trainer"])
    for url in (
        _new_url(w),
        reverse("prevention:import-detail", kwargs={"job_id": w["import_job"].pk}),
    ):
        html = client.get(url).content.decode()
        assert unlabelled_controls(html) == []
        assert duplicate_ids(html) == []
