"""Reading an HTCDS v2.0 spreadsheet into cases: every row checked, every error reported by
row and column, and nothing written unless every row is valid (one transaction, rolled back on
the first refusal and always on a dry run).

The file must carry the standard's field names in row 1 (any column order; row 2 labels are
skipped when present). Each row becomes a person (or an existing one: same names and date of
birth among the persons the importer may see), a case opened through the services as the
importing user, its facts of exploitation, and the identification decision the row states
(dated the day of the import, with the file named as its basis). Rows are written through the
same services as the pages, so every rule, scope and audit event applies.

What the standard carries and Ruta keeps elsewhere or not at all (contact details, mailing
address, referrals, closure) is not imported: the report says so per column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ruta.cases import services as cases
from ruta.cases.choices import DecidingOrganisationType, MeansOfControl, RecruitmentMethod
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, ValidationError
from ruta.people import matching
from ruta.people import services as people
from ruta.people.choices import Gender
from ruta.people.models import Person
from ruta.people.policies import scope_persons

SEPARATOR = ";"
MAX_ROWS = 50_000
STATUS = {
    "ActualVictimOfTrafficking": "identified",
    "PossibleVictimOfTrafficking": "presumed",
    "NotAVictimOfTrafficking": "not_victim",
}
FORMS = {
    "SexualExploitation": "sexual",
    "ForcedLabour": "forced_labour",
    "ChildLabour": "forced_labour",
    "Servitude": "servitude",
    "ForcedBegging": "begging",
    "ForcedMarriage": "marriage",
    "ForcedAdoption": "adoption",
    "OrganRemoval": "organs",
    "Surrogacy": "pregnancy",
    "ForcedMilitaryByNonStateActors": "criminal",
    "Other": "other",
}
SEX = {"Feminine": "female", "Masculine": "male", "TransgenderFeminine": "female",
       "TransgenderMasculine": "male"}  # fmt: skip
NOT_IMPORTED = (
    "prs_Salutation", "prs_Title", "prs_Email", "prs_HomePhone", "prs_MobilePhone",
    "prs_MailingCity", "prs_MailingCountry", "prs_MailingState", "prs_MailingStreet",
    "prs_MailingPostalCode", "vic_LocationOfRecruitment", "vic_LocationOfExploitation",
    "vic_ForcedLabourIndustry", "vic_TypeOfSexExploitation", "cas_Status",
    "cas_ReferringOrganisation", "cas_IncomingReferralDate", "cas_ReferringPrimaryCaseWorker",
    "cas_ReasonForIncomingReferral", "cas_IncomingReferralDetails", "cas_ReferredOrganisation",
    "cas_ReferredPrimaryCaseWorker", "cas_OutgoingReferralDate", "cas_OutgoingReferralDetails",
    "cas_ReasonForCaseClosure", "con_Consent", "cas_CaseOwner",
)  # fmt: skip
REQUIRED = ("prs_FirstName", "vic_TraffickingStatus")


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    persons_created: int = 0
    persons_matched: int = 0
    cases_opened: int = 0
    errors: list[RowError] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Row:
    number: int
    given_names: str
    first_surname: str
    second_surname: str
    date_of_birth: date | None
    sex: str
    gender: str
    nationalities: list[str]
    status: str
    deciding_type: str
    recruitment: list[str]
    means: list[str]
    forms: list[str]


class _Rollback(Exception):
    """Raised to undo a dry run or a file with errors."""


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _many(value: Any) -> list[str]:
    return [v.strip() for v in _text(value).split(SEPARATOR) if v.strip()]


def _alpha3(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    return country.alpha_3 if country else None


def _parse(number: int, values: dict[str, Any], errors: list[RowError]) -> Row | None:
    def bad(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    for column in REQUIRED:
        if not _text(values.get(column)):
            bad(column, _("This field is required."))
    birth = values.get("prs_Birthdate")
    born: date | None = None
    if isinstance(birth, datetime):
        born = birth.date()
    elif isinstance(birth, date):
        born = birth
    elif _text(birth):
        try:
            born = date.fromisoformat(_text(birth)[:10])
        except ValueError:
            bad("prs_Birthdate", _("Not a date: %(value)s") % {"value": _text(birth)[:20]})
    if born is not None and born > timezone.localdate():
        bad("prs_Birthdate", _("The date of birth is in the future."))
    gender = _text(values.get("prs_Gender"))
    if gender and gender not in Gender.values:
        bad("prs_Gender", _("Unknown code: %(code)s") % {"code": gender[:40]})
    nationalities = []
    for code in _many(values.get("prs_Citizenship")):
        found = _alpha3(code)
        if found is None:
            bad("prs_Citizenship", _("Unknown code: %(code)s") % {"code": code[:40]})
        else:
            nationalities.append(found)
    status = _text(values.get("vic_TraffickingStatus"))
    if status and status not in STATUS:
        bad("vic_TraffickingStatus", _("Unknown code: %(code)s") % {"code": status[:40]})
    deciding = _text(values.get("vic_TraffickinStatusDecisionMakingOrg"))
    if deciding and deciding not in DecidingOrganisationType.values:
        bad(
            "vic_TraffickinStatusDecisionMakingOrg",
            _("Unknown code: %(code)s") % {"code": deciding[:40]},
        )
    lists = {}
    for column, allowed in (
        ("vic_MethodOfRecruitment", set(RecruitmentMethod.values)),
        ("vic_MethodsOfControl", set(MeansOfControl.values)),
        ("vic_TypeOfExploitation", set(FORMS)),
    ):
        values_in = _many(values.get(column))
        unknown = [v for v in values_in if v not in allowed]
        if unknown:
            bad(column, _("Unknown code: %(code)s") % {"code": ", ".join(unknown)[:80]})
        lists[column] = [v for v in values_in if v in allowed]
    surnames = _text(values.get("prs_SecondName")).split(maxsplit=1)
    for column, limit in (("prs_FirstName", 150), ("prs_SecondName", 200)):
        if len(_text(values.get(column))) > limit:
            bad(column, _("At most %(n)s characters.") % {"n": limit})
    if any(e.row == number for e in errors):
        return None
    return Row(
        number=number,
        given_names=_text(values.get("prs_FirstName")),
        first_surname=surnames[0] if surnames else "",
        second_surname=surnames[1] if len(surnames) > 1 else "",
        date_of_birth=born,
        sex=SEX.get(gender, "unknown"),
        gender=gender or Gender.NOT_SPECIFIED,
        nationalities=nationalities,
        status=STATUS[status],
        deciding_type=deciding,
        recruitment=lists["vic_MethodOfRecruitment"],
        means=lists["vic_MethodsOfControl"],
        forms=sorted({FORMS[v] for v in lists["vic_TypeOfExploitation"]}),
    )


def read_rows(path: str, report: ImportReport) -> list[Row]:
    """Parse the file: every row's errors into the report; the valid rows returned."""
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception:  # not a workbook at all: say so, never a traceback
        report.errors.append(RowError(0, "", _("This is not an XLSX spreadsheet.")))
        return []
    lines = sheet.iter_rows(values_only=True)
    names = [_text(v) for v in next(lines, ())]
    if "prs_FirstName" not in names or "vic_TraffickingStatus" not in names:
        report.errors.append(
            RowError(1, "", _("Row 1 must hold the HTCDS field names (prs_FirstName, ...)."))
        )
        return []
    report.not_imported = [n for n in names if n in NOT_IMPORTED]
    rows: list[Row] = []
    for number, line in enumerate(lines, start=2):
        values = {name: value for name, value in zip(names, line, strict=False) if name}
        if not any(_text(v) for v in values.values()):
            continue
        if _text(values.get("prs_FirstName")) == "First Name":
            continue  # the standard's row of labels
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append(
                RowError(number, "", _("At most %(n)s rows in one file.") % {"n": MAX_ROWS})
            )
            break
        row = _parse(number, values, report.errors)
        if row is not None:
            rows.append(row)
    return rows


def _match(actor: Actor, row: Row) -> Person | None:
    if row.date_of_birth is None:
        return None
    text = matching.search_text(row.given_names, row.first_surname, row.second_surname, "")
    return (
        scope_persons(actor)
        .filter(search_text=text, date_of_birth=row.date_of_birth, merged_into__isnull=True)
        .first()
    )


def import_file(*, actor: Actor, path: str, filename: str, dry_run: bool) -> ImportReport:
    """Check the whole file, then write it all (or, on a dry run or any error, nothing)."""
    report = ImportReport()
    rows = read_rows(path, report)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            for row in rows:
                _write(actor, row, filename, report)
            if dry_run or report.errors:
                raise _Rollback
    except _Rollback:
        report.written = False
    else:
        report.written = True
    return report


def _write(actor: Actor, row: Row, filename: str, report: ImportReport) -> None:
    try:
        with transaction.atomic():
            person = _match(actor, row)
            if person is None:
                person = people.person_create(
                    actor=actor,
                    given_names=row.given_names,
                    first_surname=row.first_surname,
                    second_surname=row.second_surname,
                    date_of_birth=row.date_of_birth,
                    sex=row.sex,
                    gender=row.gender,
                    nationalities=row.nationalities,
                )
                report.persons_created += 1
            else:
                report.persons_matched += 1
            case = cases.case_open(actor=actor, person=person)
            if row.forms or row.means or row.recruitment:
                case = cases.case_update_facts(
                    actor=actor,
                    case=case,
                    version=case.version,
                    forms_of_exploitation=row.forms,
                    means_of_control=row.means,
                    recruitment_methods=row.recruitment,
                    recruitment_apps=[],
                    exploitation_apps=[],
                    relationship_to_recruiter="unknown",
                )
            cases.identification_decide(
                actor=actor,
                case=case,
                version=case.version,
                status=row.status,
                decided_on=timezone.localdate(),
                basis=_("Imported from the HTCDS file %(name)s.") % {"name": filename[:100]},
                deciding_organisation_type=row.deciding_type,
            )
            report.cases_opened += 1
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            for message in messages:
                report.errors.append(RowError(row.number, column, str(message)))
    except DomainError as error:
        report.errors.append(RowError(row.number, "", error.message))
