"""``ruta export htcds``: the standard's spreadsheet exactly (header rows, column order and
spelling), codes from its lists, one row per case identified in the year, a required reason
recorded in the audit trail, and a password when asked."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from ruta.audit.models import AuditEvent
from ruta.cases import services as cases
from ruta.core.models import Department
from ruta.reporting.exchange_htcds import TEMPLATE, read_encrypted
from ruta.reporting.services import statistics_rebuild
from tests.factories import actor_of, make_user
from tests.reporting.test_statistics import victim

pytestmark = pytest.mark.django_db
YEAR = 2025
REASON = "Intercambio anual con la OIM (convenio 2025)"


@pytest.fixture
def recorded(home_institution):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    girl = victim(
        coordinator,
        given_names="Rosa María",
        first_surname="Paz",
        second_surname="Cruz",
        date_of_birth=date(2010, 5, 1),
        nationalities=["GTM"],
        forms=["sexual", "begging"],
    )
    cases.event_add(
        actor=coordinator,
        case=girl,
        type="exploitation",
        country="HND",
        department=Department.objects.get(code="HN-CR"),
    )
    victim(coordinator, given_names="Otra", decided=date(YEAR - 1, 5, 1))  # another year
    statistics_rebuild()
    return girl


def _rows(path):
    return list(load_workbook(path).worksheets[0].iter_rows(values_only=True))


def test_the_spreadsheet_is_the_standards_with_one_row_per_case_of_the_year(recorded, tmp_path):
    out = tmp_path / "htcds.xlsx"
    call_command("export", "htcds", "--year", str(YEAR), "--reason", REASON, "--out", str(out))
    rows = _rows(out)
    template = list(load_workbook(TEMPLATE).worksheets[0].iter_rows(max_row=2, values_only=True))
    assert rows[:2] == template
    assert "vic_TraffickinStatusDecisionMakingOrg" in rows[0] and len(rows[0]) == 39
    assert len(rows) == 3  # the two header rows and the girl
    row = dict(zip(rows[0][1:], rows[2][1:], strict=True))
    assert rows[2][0] == 1
    assert (row["prs_FirstName"], row["prs_SecondName"]) == ("Rosa María", "Paz Cruz")
    assert row["prs_Gender"] == "Feminine" and row["prs_Citizenship"] == "GT"
    assert row["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert row["vic_TypeOfExploitation"] == "ForcedBegging;SexualExploitation"
    assert row["vic_LocationOfExploitation"] == "HN, Cortés" and row["cas_Status"] == "Active"
    event = AuditEvent.objects.get(action="reporting.export.htcds")
    assert event.reason == REASON and event.data == {"year": YEAR, "rows": 1, "encrypted": False}


def test_a_password_encrypts_the_file(recorded, tmp_path, monkeypatch):
    out = tmp_path / "htcds.xlsx"
    monkeypatch.setenv("RUTA_EXPORT_PASSWORD", "una-clave-larga-2025")
    call_command(
        "export", "htcds", "--year", str(YEAR), "--reason", REASON, "--out", str(out), "--password"
    )
    with pytest.raises(Exception):  # noqa: B017, PT011 - not a readable workbook without it
        load_workbook(out)
    rows = _rows(read_encrypted(str(out), "una-clave-larga-2025"))
    assert rows[2][3] == "Rosa María"


def test_without_a_reason_or_with_a_bad_year_nothing_is_written(recorded, tmp_path):
    out = tmp_path / "htcds.xlsx"
    for args in (["--reason", "x"], ["--reason", REASON, "--year", "1999"]):
        with pytest.raises(CommandError):
            call_command("export", "htcds", "--out", str(out), "--year", str(YEAR), *args)
    assert not out.exists() and not AuditEvent.objects.filter(action__contains="export").exists()
