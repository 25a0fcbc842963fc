"""The CTDC extract: the 27 columns of the Counter Trafficking Data Collaborative's global
dataset, one row per victim counted in a year, released only after k-anonymity (``k`` = 11 by
default, CTDC's) on the quasi-identifiers gender, ageBroad, citizenship, CountryOfExploitation
and yearOfRegistration.

Bands as CTDC publishes them (ages 0-8 ... 48+ at identification, months of exploitation 0-12,
13-24, 25+), countries ISO 3166-1 alpha-3, flags 1 or blank. The means of control are merged as
CTDC merges them. Ruta records no industry of exploitation or type of sexual exploitation on a
case: those six columns stay blank.

Generalisation ladders (``kanonymity``): an age band widens to child / adult, then ``*``; a
citizenship to "Honduras / Central America / elsewhere" (HND, CAM, OTH), then ``*``; the
country of exploitation the same; gender to ``*``. The lattice search keeps the least
generalisation that leaves out at most 2% of the records; the report says what it did.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ruta.cases.choices import EXPLOITATION_CROSSWALK
from ruta.cases.models import Case, TraffickingEvent
from ruta.reporting import kanonymity
from ruta.reporting.exchange_htcds import case_ids_of_year
from ruta.reporting.facts import age_on
from ruta.reporting.models import VictimFact

COLUMNS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
    "traffickMonths",
    "meansDebtBondageEarnings",
    "meansThreats",
    "meansAbusePsyPhySex",
    "meansFalsePromises",
    "meansDrugsAlcohol",
    "meansDenyBasicNeeds",
    "meansExcessiveWorkHours",
    "meansWithholdDocs",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "typeOfLabourAgriculture",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
)
MEANS = {
    "meansDebtBondageEarnings": {"DebtBondage", "TakesEarnings", "RestrictsFinancialAccess"},
    "meansThreats": {"PhysicalThreats", "ThreatsLawEnforcement", "ThreatensChildrenFamily"},
    "meansAbusePsyPhySex": {"PsychologicalAbuse", "PhysicalAbuse", "SexualAbuse"},
    "meansFalsePromises": {"FalsePromises"},
    "meansDrugsAlcohol": {"PsychoactiveSubstance"},
    "meansDenyBasicNeeds": {"WithholdsNecessities", "RestrictsMedicalCare"},
    "meansExcessiveWorkHours": {"ExcessiveWorkingHours"},
    "meansWithholdDocs": {"WithholdsDocuments"},
}
RELATION = {
    "intimate_partner": "recruiterRelationIntimatePartner",
    "friend": "recruiterRelationFriend",
    "family": "recruiterRelationFamily",
    "acquaintance": "recruiterRelationOther",
    "stranger": "recruiterRelationOther",
}
AGE_BANDS = ((8, "0--8"), (17, "9--17"), (20, "18--20"), (23, "21--23"), (26, "24--26"),
             (29, "27--29"), (38, "30--38"), (47, "39--47"))  # fmt: skip
CHILD_BANDS = {"0--8", "9--17"}
CENTRAL_AMERICA = {"GTM", "SLV", "NIC", "CRI", "PAN", "BLZ"}
GENDER = {"female": "Woman", "male": "Man"}
TRANS = {"TransgenderFeminine", "TransgenderMasculine", "NonConforming"}


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for top, band in AGE_BANDS:
        if age <= top:
            return band
    return "48+"


def months_band(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months <= 12:
        return "0--12 (0-1 yr)"
    return "13--24 (1-2 yrs)" if months <= 24 else "25+ (>2 yrs)"


def _region(code: str) -> str:
    if not code:
        return ""
    if code == "HND":
        return "HND"
    return "CAM" if code in CENTRAL_AMERICA else "OTH"


def _broad_age(band: str) -> str:
    if not band:
        return ""
    return "0--17" if band in CHILD_BANDS else "18+"


QUASI_IDENTIFIERS = (
    kanonymity.QuasiIdentifier("gender"),
    kanonymity.QuasiIdentifier("ageBroad", (_broad_age,)),
    kanonymity.QuasiIdentifier("citizenship", (_region,)),
    kanonymity.QuasiIdentifier("CountryOfExploitation", (_region,)),
    kanonymity.QuasiIdentifier("yearOfRegistration"),
)


def _records(case_ids: list[UUID]) -> Iterator[dict[str, str]]:
    detected = dict(
        VictimFact.objects.filter(case_id__in=case_ids).values_list("case_id", "detected_on")
    )
    exploitation: dict[UUID, tuple[str, date | None, date | None]] = {}
    for case_id, country, start, end in (
        TraffickingEvent.objects.filter(case_id__in=case_ids, type="exploitation")
        .order_by("case_id", "started_on")
        .values_list("case_id", "country", "started_on", "ended_on")
    ):
        exploitation.setdefault(case_id, (country, start, end))
    cases = Case.objects.filter(pk__in=case_ids).select_related("person").order_by("pk")
    for case in cases:
        person = case.person
        on = detected[case.pk]
        country, start, end = exploitation.get(case.pk, ("", None, None))
        row = dict.fromkeys(COLUMNS, "")
        row["yearOfRegistration"] = str(on.year)
        row["gender"] = (
            "Trans/Transgender/NonConforming"
            if person.gender in TRANS
            else GENDER.get(person.sex, "")
        )
        row["ageBroad"] = age_band(age_on(case, on))
        row["citizenship"] = (person.nationalities or [""])[0][:3]
        row["CountryOfExploitation"] = country
        row["traffickMonths"] = months_band(start, end)
        means = set(case.means_of_control or [])
        for column, codes in MEANS.items():
            if means & codes:
                row[column] = "1"
        for form in case.forms_of_exploitation or []:
            flag = EXPLOITATION_CROSSWALK.get(form, ("", "isOtherExploit"))[1]
            row[flag] = "1"
        relation = RELATION.get(case.relationship_to_recruiter)
        if relation:
            row[relation] = "1"
        yield row


@dataclass(frozen=True)
class Extract:
    report: dict
    path: str


def write(
    year: int, out: str, *, k: int = 11, progress: Callable[[int], None] | None = None
) -> Extract:
    """Build the year's records, anonymise them, and write the CSV (the released ones).

    Streamed in two passes so that memory does not grow with the year: the first builds each
    record once, counts its quasi-identifiers and spools it to an unnamed temporary file beside
    ``out`` (unlinked from the start, gone when closed or when the process dies; it holds the
    bands and flags, never a name or an identifier); the plan is chosen from the counts; the
    second reads the spool back and writes the records the plan releases. Reading the spool
    rather than the database twice also means a write between the passes cannot make a
    released class smaller than ``k``."""
    combos: Counter[tuple[str, ...]] = Counter()
    done = 0
    folder = os.path.dirname(os.path.abspath(out))
    with tempfile.TemporaryFile("w+", newline="", encoding="utf-8", dir=folder) as spool:
        spooled = csv.writer(spool, lineterminator="\n")
        for batch in case_ids_of_year(year):
            for record in _records(batch):
                combos[kanonymity.combination(record, QUASI_IDENTIFIERS)] += 1
                spooled.writerow(record[c] for c in COLUMNS)
                done += 1
            if progress is not None:
                progress(done)
        chosen = kanonymity.plan(combos, QUASI_IDENTIFIERS, k=k)
        spool.seek(0)
        with open(out, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            for values in csv.reader(spool):
                row = chosen.release(dict(zip(COLUMNS, values, strict=True)))
                if row is not None:
                    writer.writerow(row)
    return Extract({**chosen.report(), "k": k}, out)
