"""The prosecution code lists (``ruta/prosecution/data``): complete labels, unique codes, the
two offence classifications, positive stage limits, and perpetrator roles that are exactly the
HTCDS v2.0 ``per_RoleInProcess`` values (IOM, CC BY 4.0; the spreadsheet ships in
``ruta/cases/data``). Plain functions: no database."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from importlib import resources

import pytest

from ruta.prosecution import codelists

STANDARD = resources.files("ruta.cases") / "data" / "HTCDS-Field-Standards-2.0.ods"
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
STAGES = {
    "complaint",
    "investigation",
    "indictment",
    "initial_hearing",
    "preliminary_hearing",
    "trial",
    "verdict",
    "appeal",
}


def _htcds_values(field: str) -> list[str]:
    """The picklist value names of one HTCDS field, read from the spreadsheet's XML: the row
    whose cell is the field's API name; its values are the paragraphs of the cell three
    further on (type, standard/custom, values)."""
    with STANDARD.open("rb") as standard:
        root = ET.fromstring(zipfile.ZipFile(standard).read("content.xml"))  # noqa: S314 (shipped file)
    for row in root.iter(f"{{{NS['table']}}}table-row"):
        cells = [
            ["".join(p.itertext()).strip() for p in cell.iter(f"{{{NS['text']}}}p")]
            for cell in row
            if cell.tag.endswith("table-cell")
        ]
        for i, paragraphs in enumerate(cells):
            if paragraphs == [field]:
                return cells[i + 3]
    raise AssertionError(f"{field} not found in the HTCDS spreadsheet")


@pytest.mark.parametrize("name", codelists.NAMES)
def test_every_entry_has_a_unique_code_and_three_labels(name):
    entries = codelists.load(name)
    assert entries
    codes = [entry["code"] for entry in entries]
    assert len(codes) == len(set(codes)), name
    for entry in entries:
        assert isinstance(entry["code"], str)
        assert entry["code"]
        for language in ("es", "en", "fr"):
            assert entry["labels"][language].strip(), (name, entry["code"], language)


def test_offence_codes_are_slugs_with_a_law_and_an_article_or_a_note():
    for entry in codelists.load("offences"):
        assert re.fullmatch(r"[a-z0-9_]+", entry["code"])
        assert entry["law"]
        if entry["article"]:
            assert re.fullmatch(r"Art\. \d+(-[A-Z])?", entry["article"]), entry
        else:
            assert entry["note"] == "article number to confirm", entry


def test_offences_are_trafficking_or_related_and_both_are_present():
    classifications = [entry["classification"] for entry in codelists.load("offences")]
    assert set(classifications) == {"trafficking", "related"}


def test_aggravating_circumstances_have_an_article_or_a_note():
    for entry in codelists.load("aggravating"):
        assert entry["article"] or entry["note"] == "article number to confirm", entry


def test_perpetrator_roles_are_the_htcds_role_in_process_values():
    htcds = _htcds_values("per_RoleInProcess")
    assert len(htcds) == 15
    assert [entry["code"] for entry in codelists.load("perpetrator_roles")] == htcds


def test_every_stage_has_a_positive_whole_number_of_days_and_a_basis():
    entries = codelists.load("stage_time_limits")
    assert {entry["code"] for entry in entries} == STAGES
    for entry in entries:
        assert type(entry["days"]) is int, entry
        assert entry["days"] > 0, entry
        assert entry["basis"].strip(), entry


def test_load_accepts_the_file_name_and_returns_fresh_objects():
    first = codelists.load("offences.json")
    first[0]["code"] = "changed"
    assert codelists.load("offences")[0]["code"] != "changed"


def test_load_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="unknown code list"):
        codelists.load("../cases/data/ilo_forced_labour_11")


def test_label_picks_the_language_and_falls_back_to_spanish():
    entry = {"code": "x", "labels": {"es": "Trata de personas", "en": "Trafficking", "fr": ""}}
    assert codelists.label(entry, "en") == "Trafficking"
    assert codelists.label(entry, "en-GB") == "Trafficking"
    assert codelists.label(entry, "fr") == "Trata de personas"  # empty label
    assert codelists.label(entry, "de") == "Trata de personas"
    assert codelists.label(entry, None) == "Trata de personas"
    role = next(r for r in codelists.load("perpetrator_roles") if r["code"] == "Smuggler")
    assert codelists.label(role, "fr") == "Passeur"
