"""``ruta export ctdc``: the 27 CTDC columns, bands and flags as CTDC publishes them, released
only when every combination of the quasi-identifiers is shared by k records; audited with
its report."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.demo.synthetic import generate
from ruta.people.models import Person
from ruta.reporting.exchange_ctdc import COLUMNS, QUASI_IDENTIFIERS, age_band, months_band
from ruta.reporting.models import VictimFact

pytestmark = pytest.mark.django_db

REASON = "Contribución anual al CTDC de la OIM"


def test_bands_are_ctdcs():
    assert [age_band(a) for a in (0, 8, 9, 17, 18, 29, 30, 47, 48, None)] == [
        "0--8", "0--8", "9--17", "9--17", "18--20", "27--29", "30--38", "39--47", "48+", ""
    ]  # fmt: skip
    assert months_band(date(2024, 1, 1), date(2024, 12, 31)) == "0--12 (0-1 yr)"
    assert months_band(date(2022, 1, 1), date(2024, 12, 31)) == "25+ (>2 yrs)"
    assert months_band(None, date(2024, 1, 1)) == ""


def test_the_extract_is_k_anonymous_and_audited(tmp_path, capsys):
    generate(cases=400, seed=3, years=1)
    year = timezone.localdate().year
    out = tmp_path / "ctdc.csv"
    call_command("export", "ctdc", "--year", str(year), "--reason", REASON, "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == COLUMNS and len(COLUMNS) == 27
    classes = Counter(tuple(r[q.name] for q in QUASI_IDENTIFIERS) for r in rows)
    assert min(classes.values()) >= 11
    flags = [c for c in COLUMNS if c.startswith(("means", "is", "typeOf", "recruiter"))]
    assert {r[c] for r in rows for c in flags} <= {"1", ""}
    assert any(r["isSexualExploit"] == "1" for r in rows)
    event = AuditEvent.objects.get(action="reporting.export.ctdc")
    assert event.reason == REASON and event.data["released"] == len(rows)
    assert event.data["records"] == event.data["released"] + event.data["left_out"]
    assert "k = 11" in capsys.readouterr().out


def test_a_k_out_of_range_writes_nothing(tmp_path):
    out = tmp_path / "ctdc.csv"
    with pytest.raises(CommandError):
        call_command(
            "export", "ctdc", "--year", "2025", "--reason", REASON, "--out", str(out), "--k", "1"
        )
    assert not out.exists()


def test_the_streamed_extract_releases_what_the_whole_set_would(tmp_path):
    # The writer never holds the year's records: it counts, spools and releases in a second
    # pass. What it writes must be what anonymising all the records at once releases.
    from ruta.reporting import kanonymity
    from ruta.reporting.exchange_ctdc import _records, write
    from ruta.reporting.exchange_htcds import case_ids_of_year

    generate(cases=300, seed=5, years=1)
    year = timezone.localdate().year
    # Two trans women stand alone: leaving them out costs less than hiding everyone's gender.
    counted = VictimFact.objects.filter(detected_on__year=year).values("case__person")[:2]
    Person.objects.filter(pk__in=counted).update(gender="TransgenderFeminine")
    records = [r for batch in case_ids_of_year(year) for r in _records(batch)]
    whole = kanonymity.anonymise(records, QUASI_IDENTIFIERS, k=11)
    extract = write(year, str(tmp_path / "ctdc.csv"), k=11)
    with (tmp_path / "ctdc.csv").open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert written == whole.records and len(written) == extract.report["released"]
    assert extract.report == {**whole.report(), "k": 11}
    assert extract.report["left_out"] == len(whole.left_out) > 0
    # The spool is gone: only the extract is left in its folder.
    assert [p.name for p in tmp_path.iterdir()] == ["ctdc.csv"]
