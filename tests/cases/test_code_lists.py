"""The code lists match the HTCDS v2.0 field standard (IOM, CC BY 4.0), shipped in the package
(``ruta/cases/data/HTCDS-Field-Standards-2.0.ods``, see HTCDS-ATTRIBUTION.md there)."""

from __future__ import annotations

import re
import zipfile
from importlib import resources

from ruta.cases import choices
from ruta.people.choices import Gender

STANDARD = resources.files("ruta.cases") / "data" / "HTCDS-Field-Standards-2.0.ods"


def _value_names() -> dict[str, list[str]]:
    """Field name -> picklist value names, read from the spreadsheet's XML."""
    with STANDARD.open("rb") as standard:
        xml = zipfile.ZipFile(standard).read("content.xml").decode()
    fields = {}
    for row in re.findall(r"<table:table-row[^>]*>(.*?)</table:table-row>", xml, re.S):
        cells = re.findall(r"<table:table-cell[^>]*?(?:/>|>(.*?)</table:table-cell>)", row, re.S)
        paragraphs = [re.findall(r"<text:p[^>]*>(.*?)</text:p>", c, re.S) for c in cells]
        texts = [[re.sub(r"<[^>]+>", "", p).strip() for p in ps] for ps in paragraphs]
        flat = [" ".join(t) for t in texts]
        for i, text in enumerate(flat):
            if re.fullmatch(r"(vic|prs|cas)_\w+", text) and i + 3 < len(texts):
                values = texts[i + 3]
                if len(values) > 1:
                    fields[text] = values
    return fields


def test_forms_of_exploitation_map_to_htcds_ctdc_and_unodc():
    htcds = set(_value_names()["vic_TypeOfExploitation"])
    assert set(choices.EXPLOITATION_CROSSWALK) == set(choices.FormOfExploitation.values)
    for form, (htcds_code, ctdc_flag, unodc) in choices.EXPLOITATION_CROSSWALK.items():
        assert htcds_code in htcds, form
        assert ctdc_flag in {"isForcedLabour", "isSexualExploit", "isOtherExploit"}
        assert unodc


def test_picklists_are_the_standards():
    fields = _value_names()
    assert set(choices.MeansOfControl.values) == set(fields["vic_MethodsOfControl"])
    assert set(choices.RecruitmentMethod.values) == set(fields["vic_MethodOfRecruitment"])
    assert set(choices.App.values) == set(fields["vic_RecruitmentWebsitesAndApps"])
    assert set(choices.DecidingOrganisationType.values) == set(
        fields["vic_TraffickingStatusDecisionMakingOrg"]
    )
    assert set(choices.HTCDS_TRAFFICKING_STATUS.values()) == set(fields["vic_TraffickingStatus"])
    assert set(Gender.values) == set(fields["prs_Gender"])
