"""Bulk enrolment from a spreadsheet: the dry run records every error by row and column and
saves nothing; a clean file imports every row at once, or none."""

from __future__ import annotations

import pytest
from django.utils import translation

from ruta.audit.models import AuditEvent
from ruta.prevention import sheets
from ruta.prevention.choices import ImportStatus
from ruta.prevention.models import Enrolment, ImportJob, Participant
from ruta.prevention.services import imports as services
from tests.prevention.imports_helpers import (
    build_world,
    confirm,
    csv_bytes,
    errors_of,
    person,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build_world()


def _counts():
    return Participant.objects.count(), Enrolment.objects.count()


def _rows(w, n=4):
    home = w["home"].name
    return [person(f"Persona {i}", "Prueba Núñez", home, f"p{i}@example.org") for i in range(n)]


def test_two_bad_rows_give_exactly_their_errors_and_nothing_is_saved(
    w, django_capture_on_commit_callbacks
):
    rows = _rows(w)
    rows[1][7] = "no-es-correo"  # row 3: e-mail
    rows[3][2] = "Institución Inexistente"  # row 5: institution
    before = _counts()
    job = upload(django_capture_on_commit_callbacks, w, xlsx(rows))
    assert job.status == ImportStatus.INVALID
    assert errors_of(job) == [(3, "email", "bad_email"), (5, "institution", "unknown_institution")]
    assert job.rows_total == 4
    assert job.content == ""  # a file that cannot be imported is not kept
    assert _counts() == before
    with translation.override("en"):
        messages = [services.error_message(e) for e in job.errors]
    assert messages == [
        "This is not a valid e-mail address.",
        "No active institution has this name or short name.",
    ]
    checked = AuditEvent.objects.get(action="prevention.import.checked")
    assert checked.data == {"kind": "participants", "rows": 4, "errors": 2, "status": "invalid"}


def test_the_fixed_file_imports_every_row(w, django_capture_on_commit_callbacks):
    rows = _rows(w)
    rows[0][2] = "ern"  # the short name, in another case
    rows[1][2] = "equipo de respuesta norte"  # without the accents or the capitals
    rows[2][5] = "M"
    rows[2][6] = "atlantida"  # a department's name without its accent
    rows[3][6] = "hn-cr"
    job = upload(django_capture_on_commit_callbacks, w, xlsx(rows))
    assert job.status == ImportStatus.READY, job.errors
    participants, enrolments = _counts()
    job = confirm(django_capture_on_commit_callbacks, w, job)
    assert job.status == ImportStatus.DONE
    assert job.content == ""  # the file is cleared once imported
    assert _counts() == (participants + 4, enrolments + 4)
    created = Participant.objects.filter(family_names="Prueba Núñez")
    assert {p.institution_id for p in created} == {w["home"].pk}
    assert {p.recorded_by_id for p in created} == {w["session"].institution_id}
    assert created.get(email="p2@example.org").sex == "male"
    assert created.get(email="p0@example.org").sex == "female"
    assert created.get(email="p3@example.org").department_id == "HN-CR"
    assert created.get(email="p2@example.org").department.name == "Atlántida"
    assert Enrolment.objects.filter(session=w["session"], participant__in=created).count() == 4
    imported = AuditEvent.objects.get(action="prevention.import.imported")
    assert imported.data == {
        "kind": "participants",
        "rows": 4,
        "participants_created": 4,
        "enrolled": 4,
    }
    assert "Prueba" not in str(imported.data)


def test_an_existing_participant_is_matched_by_email_and_enrolled(
    w, django_capture_on_commit_callbacks
):
    irma = w["academy_participant"]  # staff of the academy, not in the home session
    rows = [person("Otra", "Grafía", w["academy"].name, "IRMA@example.org")]
    job = upload(django_capture_on_commit_callbacks, w, xlsx(rows))
    assert job.status == ImportStatus.READY, job.errors
    count = Participant.objects.count()
    confirm(django_capture_on_commit_callbacks, w, job)
    assert Participant.objects.count() == count
    assert Enrolment.objects.filter(session=w["session"], participant=irma).exists()
    irma.refresh_from_db()
    assert irma.given_names == "Irma"  # an existing record is not rewritten by a file


def test_a_formula_cell_is_refused(w, django_capture_on_commit_callbacks):
    rows = _rows(w, 2)
    rows[1][1] = '=CONCATENATE("Ló", "pez")'
    job = upload(django_capture_on_commit_callbacks, w, xlsx(rows))
    assert job.status == ImportStatus.INVALID
    assert (3, "family_names", "formula") in errors_of(job)


def test_a_latin1_csv_is_refused_with_the_encoding_error(w, django_capture_on_commit_callbacks):
    rows = [person("José", "Muñoz", w["home"].name, "jose@example.org")]
    content = csv_bytes(rows, encoding="latin-1")
    job = upload(django_capture_on_commit_callbacks, w, content, filename="inscritos.csv")
    assert job.status == ImportStatus.INVALID
    assert errors_of(job) == [(None, "", "wrong_encoding")]
    with translation.override("en"):
        assert "save the file as CSV UTF-8" in services.error_message(job.errors[0])


def test_a_utf8_csv_with_bom_and_semicolons_is_read(w, django_capture_on_commit_callbacks):
    line = ";".join(person("José", "Muñoz", w["home"].name, "jose@example.org"))
    content = ("\ufeff" + ";".join(services.PARTICIPANT_COLUMNS) + "\r\n" + line + "\r\n").encode()
    job = upload(django_capture_on_commit_callbacks, w, content, filename="inscritos.csv")
    assert job.status == ImportStatus.READY, job.errors
    confirm(django_capture_on_commit_callbacks, w, job)
    assert Participant.objects.get(email="jose@example.org").given_names == "José"


def test_missing_and_unknown_columns(w, django_capture_on_commit_callbacks):
    header = ["given_names", "family_names", "institution", "email", "telefono"]
    content = xlsx([["Ana", "Ruiz", w["home"].name, "ana@example.org", "9999"]], header=header)
    job = upload(django_capture_on_commit_callbacks, w, content)
    assert job.status == ImportStatus.INVALID
    assert errors_of(job) == [(1, "telefono", "unknown_column"), (1, "sex", "missing_column")]


def test_spanish_headers_are_read(w, django_capture_on_commit_callbacks):
    header = ["Nombres", "Apellidos", "Institución", "Sexo", "Correo electrónico"]
    content = xlsx([["Ana", "Ruiz", w["home"].name, "Mujer", "ana@example.org"]], header=header)
    job = upload(django_capture_on_commit_callbacks, w, content)
    assert job.status == ImportStatus.READY, job.errors


def test_duplicates_in_the_file_and_already_enrolled(w, django_capture_on_commit_callbacks):
    home = w["home"].name
    rows = [
        person("Ana", "Ruiz", home, "ana@example.org"),
        person("Ana María", "Ruiz", home, "Ana@Example.org"),  # the same e-mail
        person("Marta", "Zelaya", home, "marta@example.org"),  # enrolled in the world
        person("Sin", "Correo", home),
        person("sin", "correo", home),  # no e-mail: the same name in the same institution
    ]
    job = upload(django_capture_on_commit_callbacks, w, xlsx(rows))
    assert errors_of(job) == [
        (3, "email", "duplicate_in_file"),
        (4, "email", "already_enrolled"),
        (6, "given_names", "duplicate_in_file"),
    ]
    assert job.errors[0]["params"] == {"first_row": 2}


def test_bad_cells_each_named(w, django_capture_on_commit_callbacks):
    rows = [
        ["", "Ruiz", w["home"].name, "Unidad Fantasma", "", "quizá", "Narnia", ""],
        ["Ana", "R" * 121, w["home"].name, "", "", "F", "", ""],
    ]
    job = upload(django_capture_on_commit_callbacks, w, xlsx(rows))
    assert errors_of(job) == [
        (2, "given_names", "required"),
        (2, "unit", "unknown_unit"),
        (2, "sex", "bad_sex"),
        (2, "department", "bad_department"),
        (3, "family_names", "too_long"),
    ]


def test_capacity_exceeded(w, django_capture_on_commit_callbacks):
    session = w["session"]
    session.capacity = 3  # two are enrolled in the world
    session.save(update_fields=["capacity"])
    job = upload(django_capture_on_commit_callbacks, w, xlsx(_rows(w, 2)))
    assert errors_of(job) == [(None, "", "capacity_exceeded")]
    assert job.errors[0]["params"] == {"capacity": 3, "enrolled": 2, "rows": 2}


def test_too_many_rows(w, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    job = upload(django_capture_on_commit_callbacks, w, xlsx(_rows(w, 4)))
    assert errors_of(job) == [(None, "", "too_many_rows")]
    with translation.override("en"):
        assert "more than 3 rows" in services.error_message(job.errors[0])


def test_all_or_nothing_when_the_import_fails_midway(
    w, django_capture_on_commit_callbacks, monkeypatch
):
    job = upload(django_capture_on_commit_callbacks, w, xlsx(_rows(w)))
    assert job.status == ImportStatus.READY

    def broken(session, participant_ids):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_create_enrolments", broken)
    before = _counts()
    job = confirm(django_capture_on_commit_callbacks, w, job)
    assert job.status == ImportStatus.FAILED
    assert errors_of(job) == [(None, "", "import_failed")]
    assert job.content == ""
    assert _counts() == before  # the participants created before the failure are gone too
    assert not AuditEvent.objects.filter(action="prevention.import.imported").exists()
    assert AuditEvent.objects.filter(action="prevention.import.failed").exists()


def test_the_file_is_checked_again_at_import_time(w, django_capture_on_commit_callbacks):
    rows = [person("Ana", "Ruiz", w["home"].name, "ana@example.org")]
    first = upload(django_capture_on_commit_callbacks, w, xlsx(rows))
    second = upload(django_capture_on_commit_callbacks, w, xlsx(rows))
    assert first.status == second.status == ImportStatus.READY
    confirm(django_capture_on_commit_callbacks, w, first)
    before = _counts()
    second = confirm(django_capture_on_commit_callbacks, w, second)
    assert second.status == ImportStatus.FAILED
    assert errors_of(second) == [(2, "email", "already_enrolled")]
    assert _counts() == before


def test_only_a_ready_job_is_imported_and_a_done_one_is_not_discarded(
    w, django_capture_on_commit_callbacks
):
    rows = _rows(w, 1)
    rows[0][7] = "mal"
    job = upload(django_capture_on_commit_callbacks, w, xlsx(rows))
    with pytest.raises(services.ImportNotReady):
        services.import_confirm(actor=w["actor"], job=job)
    services.import_discard(actor=w["actor"], job=job)
    assert not ImportJob.objects.filter(pk=job.pk).exists()
    done = confirm(
        django_capture_on_commit_callbacks,
        w,
        upload(django_capture_on_commit_callbacks, w, xlsx(_rows(w, 1))),
    )
    with pytest.raises(services.ImportBusy):
        services.import_discard(actor=w["actor"], job=done)


def test_upload_refuses_other_files(w):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.import_upload(
            actor=w["actor"], session=w["session"], kind="participants", filename="a.pdf",
            content=b"%PDF",
        )  # fmt: skip
    assert "file" in exc.value.error_dict
    assert not ImportJob.objects.filter(filename="a.pdf").exists()


def test_upload_refuses_a_file_over_the_limit(w, settings):
    from django.core.exceptions import ValidationError

    settings.RUTA_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        services.import_upload(
            actor=w["actor"],
            session=w["session"],
            kind="participants",
            filename="grande.csv",
            content=b"x" * 101,
        )
    assert "file" in exc.value.error_dict
    assert not ImportJob.objects.filter(filename="grande.csv").exists()
