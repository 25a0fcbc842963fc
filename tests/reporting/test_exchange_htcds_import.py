"""``ruta import htcds``: what the export writes reads back; every error by row and column;
all rows or none; a dry run writes nothing; persons already recorded are matched."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from ruta.audit.models import AuditEvent
from ruta.cases.models import Case, IdentificationDecision
from ruta.people import services as people
from ruta.people.models import Person
from ruta.reporting.services import statistics_rebuild
from tests.factories import actor_of, make_institution, make_user
from tests.reporting.test_statistics import victim

pytestmark = pytest.mark.django_db
YEAR = 2025
HEAD = [
    "prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_Gender", "prs_Citizenship",
    "vic_TraffickingStatus", "vic_MethodsOfControl", "vic_TypeOfExploitation", "prs_Email",
]  # fmt: skip


def _file(tmp_path, rows, name="entrada.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return str(path)


@pytest.fixture
def importer(db):
    shelter = make_institution("Albergue")
    make_user("eri_coordinator", shelter, username="importa")
    return shelter


GOOD = [
    "Rosa", "Paz Cruz", date(2010, 5, 1), "Feminine", "GT", "ActualVictimOfTrafficking",
    "DebtBondage;FalsePromises", "SexualExploitation;ForcedBegging", "rosa@example.org",
]  # fmt: skip


def test_a_valid_file_is_imported_through_the_services(importer, tmp_path, capsys):
    path = _file(tmp_path, [GOOD])
    call_command("import", "htcds", path, "--as", "importa", "--dry-run")
    assert "1 cases would be opened" in capsys.readouterr().out
    assert not Case.objects.exists() and not Person.objects.exists()

    call_command("import", "htcds", path, "--as", "importa")
    out = capsys.readouterr().out
    assert "1 cases were opened, 1 persons created" in out and "prs_Email" in out
    case = Case.objects.get()
    assert case.institution == importer
    assert (case.person.first_surname, case.person.second_surname) == ("Paz", "Cruz")
    assert case.person.nationalities == ["GTM"] and case.person.sex == "female"
    assert case.forms_of_exploitation == ["begging", "sexual"]
    assert case.means_of_control == ["DebtBondage", "FalsePromises"]
    assert IdentificationDecision.objects.get().status == "identified"
    assert AuditEvent.objects.filter(action="cases.case.opened").count() == 1
    assert AuditEvent.objects.get(action="reporting.import.htcds").data["cases"] == 1


def test_every_error_is_reported_by_row_and_column_and_nothing_is_written(
    importer, tmp_path, capsys
):
    bad = ["", "Sin Nombre", "ayer", "Feminine", "XX", "Quizás", "", "Magic", ""]
    path = _file(tmp_path, [GOOD, bad])
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import", "htcds", path, "--as", "importa")
    out = capsys.readouterr().out
    for column in ("prs_FirstName", "prs_Birthdate", "prs_Citizenship", "vic_TraffickingStatus",
                   "vic_TypeOfExploitation"):  # fmt: skip
        assert f"row 3, {column}:" in out
    assert "row 2" not in out  # the good row has no error, and was not written either
    assert not Case.objects.exists() and not Person.objects.exists()


def test_a_person_already_recorded_is_matched_not_duplicated(importer, tmp_path, capsys):
    actor = actor_of(make_user("eri_coordinator", importer))
    people.person_create(
        actor=actor, given_names="Rosa", first_surname="Paz", second_surname="Cruz",
        date_of_birth=date(2010, 5, 1),
    )  # fmt: skip
    call_command("import", "htcds", _file(tmp_path, [GOOD]), "--as", "importa")
    assert "0 persons created and 1 matched" in capsys.readouterr().out
    assert Person.objects.count() == 1


def test_what_the_export_writes_reads_back(home_institution, importer, tmp_path, capsys):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    victim(coordinator, given_names="Ana Lucía", date_of_birth=date(2009, 2, 3), forms=["marriage"])
    statistics_rebuild()
    exported = tmp_path / "htcds.xlsx"
    reason = "Traslado de los casos al albergue (prueba)"
    call_command("export", "htcds", "--year", str(YEAR), "--reason", reason, "--out", str(exported))
    call_command("import", "htcds", str(exported), "--as", "importa")
    assert "1 cases were opened" in capsys.readouterr().out
    imported = Case.objects.get(institution=importer)
    assert imported.person.given_names == "Ana Lucía"
    assert imported.forms_of_exploitation == ["marriage"]


def test_not_a_spreadsheet_is_refused_cleanly(importer, tmp_path, capsys):
    path = tmp_path / "x.xlsx"
    path.write_text("no soy una hoja de cálculo")
    with pytest.raises(CommandError):
        call_command("import", "htcds", str(path), "--as", "importa")
    assert "XLSX" in capsys.readouterr().out
