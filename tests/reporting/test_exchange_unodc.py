"""``ruta export unodc``: the questionnaire's victims by form, sex and age and by citizenship,
true counts that add up, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from ruta.audit.models import AuditEvent
from ruta.reporting.services import statistics_rebuild
from tests.factories import actor_of, make_user
from tests.reporting.test_statistics import victim

pytestmark = pytest.mark.django_db
YEAR = 2025


def test_the_victims_tables_count_each_person_once_and_add_up(home_institution, tmp_path):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    victim(coordinator, date_of_birth=date(2012, 1, 1), forms=["sexual"])
    victim(
        coordinator,
        given_names="Eva",
        date_of_birth=date(1990, 1, 1),
        forms=["sexual", "forced_labour"],
    )
    victim(coordinator, given_names="Luis", sex="male", nationalities=["GTM"], forms=["begging"])
    statistics_rebuild()
    out = tmp_path / "unodc.xlsx"
    reason = "Cuestionario UNODC de la CICESCT"
    call_command("export", "unodc", "--year", str(YEAR), "--reason", reason, "--out", str(out))
    book = load_workbook(out)
    forms = {r[0]: r[1:] for r in book.worksheets[0].iter_rows(min_row=5, values_only=True)}
    # girls, boys, women, men, not recorded, total
    assert forms["Explotación sexual"] == (1, 0, 0, 0, 0, 1)
    assert forms["Mixta (varias categorías)"] == (0, 0, 1, 0, 0, 1)
    assert forms["Otra: mendicidad"] == (0, 0, 0, 0, 1, 1)  # his age is not recorded
    assert forms["Total"] == (1, 0, 1, 0, 1, 3)
    citizenship = {r[0]: r[-1] for r in book.worksheets[1].iter_rows(min_row=4, values_only=True)}
    assert citizenship == {"Guatemala (GTM)": 1, "No registrado": 2}
    assert AuditEvent.objects.get(action="reporting.export.unodc").reason == reason


def _population_csv(tmp_path, lines):
    path = tmp_path / "poblacion.csv"
    path.write_text("year,department,sex,age,population\n" + "\n".join(lines) + "\n")
    return str(path)


def test_population_loads_all_or_nothing_and_gives_the_rates(home_institution, tmp_path, capsys):
    from ruta.reporting.models import Population

    bad = _population_csv(tmp_path, ["2025,,F,Y_LT18,100000", "2025,HN-XX,X,Y_LT18,diez"])
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_population", bad, "--source", "Cifras de prueba")
    out = capsys.readouterr().out
    assert "row 3, department" in out and "row 3, sex" in out and "row 3, population" in out
    assert not Population.objects.exists()

    good = _population_csv(
        tmp_path,
        [
            "2025,,F,Y_LT18,200000",
            "2025,,M,Y_LT18,200000",
            "2025,,F,Y_GE18,300000",
            "2025,,M,Y_GE18,300000",
            "2025,HN-CR,F,Y_LT18,50000",
        ],
    )
    call_command("load_population", good, "--source", "Cifras de prueba 2025")
    assert Population.objects.count() == 5
    assert AuditEvent.objects.get(action="reporting.population.loaded").data["rows"] == 5

    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    victim(coordinator, date_of_birth=date(2012, 1, 1))
    victim(coordinator, given_names="Rosa", date_of_birth=date(2011, 1, 1))
    statistics_rebuild()
    out_file = tmp_path / "unodc.xlsx"
    call_command(
        "export", "unodc", "--year", str(YEAR), "--reason", "Cuestionario con tasas",
        "--out", str(out_file),
    )  # fmt: skip
    book = load_workbook(out_file)
    rates = next(
        ws for ws in book.worksheets if ws.title.startswith("Víctimas detectadas por cada")
    )
    rows = {r[0]: r[1:] for r in rates.iter_rows(min_row=5, values_only=True)}
    assert rows["Niñas"] == (2, 200000, 1.0)  # 2 girls per 200,000 = 1 per 100,000
    assert rows["Total"] == (2, 1000000, 0.2)
    notes = list(book.worksheets[-1].iter_rows(values_only=True))
    assert any("Cifras de prueba 2025" in str(r[1]) for r in notes if r[1])
