"""``ruta export unodc``: the questionnaire's victims by form, sex and age and by citizenship,
true counts that add up, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
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
