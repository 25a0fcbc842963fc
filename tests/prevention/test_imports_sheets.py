"""Reading spreadsheets (no database): values as text, empty rows skipped, what cannot be
read refused with a code; and the tasks' refusal when the uploader may no longer act."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from ruta.accounts.models import Membership
from ruta.prevention import sheets
from ruta.prevention.choices import ImportStatus
from ruta.prevention.models import ImportJob
from ruta.prevention.tasks_imports import import_check_task
from tests.factories import sign_in
from tests.prevention.imports_helpers import build_world, csv_bytes, person, xlsx


def test_cell_text():
    assert sheets.cell_text(12.0) == "12"
    assert sheets.cell_text(12.5) == "12.5"
    assert sheets.cell_text(None) == ""
    assert sheets.cell_text(datetime(2026, 3, 4)) == "2026-03-04"  # noqa: DTZ001
    assert sheets.cell_text(date(2026, 3, 4)) == "2026-03-04"
    assert sheets.cell_text("  Ana  ") == "Ana"


def test_xlsx_rows_keep_their_spreadsheet_numbers_and_skip_empty_rows():
    content = xlsx([["Ana", "Ruiz"], [None, None], ["Bea", 7]], header=["a", "b"])
    sheet = sheets.read("f.xlsx", content)
    assert sheet.header == ["a", "b"]
    assert sheet.rows == [(2, ["Ana", "Ruiz"]), (4, ["Bea", "7"])]


def test_csv_with_semicolons_and_bom():
    sheet = sheets.read("f.csv", "\ufeffa;b\r\nÁna;Ruiz\r\n".encode())
    assert sheet.header == ["a", "b"]
    assert sheet.rows == [(2, ["Ána", "Ruiz"])]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("f.csv", "a\nJosé\n".encode("cp1252"), "wrong_encoding"),
        ("f.xlsx", b"not a zip", "unreadable_file"),
        ("f.ods", b"x", "unsupported_file"),
    ],
)
def test_unreadable_files(name, content, code):
    with pytest.raises(sheets.SheetError) as exc:
        sheets.read(name, content)
    assert exc.value.code == code


@pytest.mark.django_db
def test_the_check_is_refused_when_the_membership_ended(django_capture_on_commit_callbacks):
    w = build_world()
    job = ImportJob.objects.create(
        institution=w["home"], session=w["session"], kind="participants", filename="f.csv",
        content="", status=ImportStatus.CHECKING,
    )  # fmt: skip
    membership = Membership.objects.get(user=w["trainer"])
    Membership.objects.filter(pk=membership.pk).update(is_active=False)
    import_check_task.enqueue(job_id=str(job.pk), membership_id=str(membership.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors == []


@pytest.mark.django_db
def test_the_upload_form_shows_its_errors():
    w = build_world()
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), w["trainer"])
    url = reverse("prevention:import-new", kwargs={"session_id": w["session"].pk})
    response = client.post(url, {"kind": "participants"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("lista.ods", csv_bytes([person("A", "B", "C")]))
    response = client.post(url, {"kind": "participants", "file": bad})
    assert response.status_code == 400
    assert "Upload an XLSX or CSV file." in response.content.decode()
    assert not ImportJob.objects.filter(filename="lista.ods").exists()
