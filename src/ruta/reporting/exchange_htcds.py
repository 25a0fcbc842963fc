"""The HTCDS v2.0 spreadsheet (IOM, CC BY 4.0; ``data/htcds/``): one row per case identified
in a year, written row by row (XlsxWriter's constant-memory mode: the file is streamed to disk,
never held whole in memory; openpyxl only reads the standard's header rows), optionally
encrypted with a password (ECMA-376, msoffcrypto-tool).

The two header rows are copied from the standard's own spreadsheet, as they are: row 1 the 37
field names in their order and spelling (``vic_TraffickinStatusDecisionMakingOrg`` included,
and the one column the standard leaves without a name, "Reason for Outgoing Referral"), row 2
the labels; column A numbers the rows. Values are the standard's codes; a multiple choice is
joined by ``;``. Fields Ruta does not record (salutation, title, e-mail, telephones, mailing
address) are left empty: contact details stay in the case file.

This file holds names and dates of birth: the command requires a reason and records the
export in the audit trail; the pages and the API will also require ``exports.personal_data``.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

import pycountry
import xlsxwriter
from django.db.models import QuerySet
from openpyxl import load_workbook

from ruta.cases.choices import EXPLOITATION_CROSSWALK, HTCDS_TRAFFICKING_STATUS
from ruta.cases.models import Case, Consent, IdentificationDecision, TraffickingEvent
from ruta.core.models import Department
from ruta.reporting.models import VictimFact

TEMPLATE = Path(__file__).parent / "data" / "htcds" / "HTCDS-Excel-Spreadsheet-v2.0.xlsx"
BATCH = 1000
SEPARATOR = ";"
GENDER = {"female": "Feminine", "male": "Masculine"}
STATUS = {
    "open": "Active",
    "follow_up": "FollowUp",
    "closed": "Closed",
    "closed_referred": "ClosedReferred",
}


@cache
def header_rows() -> tuple[list[Any], list[Any]]:
    """Rows 1 and 2 of the standard's spreadsheet, exactly as it has them."""
    sheet = load_workbook(TEMPLATE, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    return list(rows[0]), list(rows[1])


def _columns() -> list[str]:
    """What each column holds: its field name, or its label where the standard gives none."""
    names, labels = header_rows()
    return [name or label or "" for name, label in zip(names, labels, strict=True)]


@cache
def _alpha2(alpha3: str) -> str:
    country = pycountry.countries.get(alpha_3=alpha3) if alpha3 else None
    return country.alpha_2 if country else ""


def _gender(gender: str, sex: str) -> str:
    """The gender recorded, else the one the sex suggests, else not specified."""
    if gender and gender != "NonSpecifiedUnknown":
        return gender
    return GENDER.get(sex, "NonSpecifiedUnknown")


def _join(values: list[str]) -> str:
    return SEPARATOR.join(dict.fromkeys(v for v in values if v))


@dataclass(frozen=True)
class Export:
    rows: int
    path: str


def _place(country: str, department: str, names: dict[str, str]) -> str:
    name = _alpha2(country)
    if department:
        return f"{name}, {names.get(department, department)}" if name else names.get(department, "")
    return name


CASE_FIELDS = (
    "pk",
    "institution_id",
    "institution__name",
    "person__given_names",
    "person__first_surname",
    "person__second_surname",
    "person__date_of_birth",
    "person__gender",
    "person__sex",
    "person__nationalities",
    "recruitment_methods",
    "means_of_control",
    "forms_of_exploitation",
    "status",
    "closure_reason",
    "report__institution_id",
    "report__institution__name",
    "report__received_at",
)


def _rows(case_ids: list[UUID], departments: dict[str, str]) -> Iterator[dict[str, Any]]:
    """The rows of a batch of cases, read as plain values (no model built per case): six
    queries per batch whatever its size."""
    latest: dict[UUID, tuple[str, str]] = {}
    for case_id, status, organisation in (
        IdentificationDecision.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "decided_on", "created_at")
        .values_list("case_id", "status", "deciding_organisation_type")
    ):
        latest[case_id] = (status, organisation)
    events: dict[UUID, list[tuple[str, str, str]]] = defaultdict(list)
    for case_id, kind, country, department in TraffickingEvent.objects.filter(
        case_id__in=case_ids
    ).values_list("case_id", "type", "country", "department_id"):
        events[case_id].append((kind, country, department or ""))
    consent = set(
        Consent.objects.filter(
            case_id__in=case_ids, purpose__in=("sharing", "statistics"), withdrawn_on__isnull=True
        ).values_list("case_id", flat=True)
    )
    outgoing = _outgoing(case_ids)
    rows = (
        Case.objects.filter(pk__in=case_ids).order_by("opened_at", "pk").values_list(*CASE_FIELDS)
    )
    for (
        pk,
        institution_id,
        institution,
        given_names,
        first_surname,
        second_surname,
        born,
        gender,
        sex,
        nationalities,
        recruitment,
        control,
        forms,
        status,
        closure_reason,
        reporter_id,
        reporter,
        received_at,
    ) in rows:
        decision = latest.get(pk)
        where = events.get(pk, [])
        incoming = reporter_id is not None and reporter_id != institution_id
        sent = outgoing.get(pk)
        yield {
            "cas_CaseOwner": institution,
            "prs_FirstName": given_names,
            "prs_SecondName": " ".join(p for p in (first_surname, second_surname) if p),
            "con_Consent": "TRUE" if pk in consent else "FALSE",
            "prs_Birthdate": born,
            "prs_Gender": _gender(gender, sex),
            "prs_Citizenship": _join([_alpha2(c) for c in nationalities or []]),
            "vic_TraffickingStatus": HTCDS_TRAFFICKING_STATUS.get(decision[0], "")
            if decision
            else "",
            "vic_TraffickinStatusDecisionMakingOrg": decision[1] if decision else "",
            "vic_MethodOfRecruitment": _join(recruitment or []),
            "vic_LocationOfRecruitment": _join(
                [_place(c, d, departments) for k, c, d in where if k == "recruitment"]
            ),
            "vic_MethodsOfControl": _join(control or []),
            "vic_TypeOfExploitation": _join(
                [EXPLOITATION_CROSSWALK.get(f, ("Other",))[0] for f in forms or []]
            ),
            "vic_LocationOfExploitation": _join(
                [_place(c, d, departments) for k, c, d in where if k == "exploitation"]
            ),
            "cas_Status": STATUS.get(status, ""),
            "cas_ReferringOrganisation": reporter if incoming else "",
            "cas_IncomingReferralDate": received_at.date() if incoming else None,
            "cas_ReferredOrganisation": sent[0] if sent else "",
            "cas_OutgoingReferralDate": sent[1] if sent else None,
            "Reason for Outgoing Referral": sent[2] if sent else "",
            "cas_ReasonForCaseClosure": closure_reason,
        }


def _outgoing(case_ids: list[UUID]) -> dict[UUID, tuple[str, Any, str]]:
    """Each case's latest referral: (institution, date sent, type)."""
    from ruta.referrals.models import Referral

    found: dict[UUID, tuple[str, Any, str]] = {}
    for case_id, name, sent_at, kind in (
        Referral.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "sent_at")
        .values_list("case_id", "to_institution__name", "sent_at", "type")
    ):
        found[case_id] = (name, sent_at.date(), kind)
    return found


def cases_of_year(year: int, scope: QuerySet | None = None) -> QuerySet:
    """The facts of the cases identified (presumed or identified) in ``year``, limited to the
    cases of ``scope`` when given (an export asked from the pages)."""
    facts = VictimFact.objects.filter(detected_on__year=year)
    if scope is not None:
        facts = facts.filter(case_id__in=scope.values("pk"))
    return facts


def case_ids_of_year(year: int, scope: QuerySet | None = None) -> Iterator[list[UUID]]:
    """The cases identified in ``year`` (within ``scope``), in batches."""
    ids = cases_of_year(year, scope).order_by("case_id")
    batch: list[UUID] = []
    for case_id in ids.values_list("case_id", flat=True).iterator(chunk_size=BATCH):
        batch.append(case_id)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def write(
    year: int,
    out: str,
    *,
    password: str = "",
    progress: Callable[[int], None] | None = None,
    scope: QuerySet | None = None,
) -> Export:
    """Write the year's spreadsheet to ``out`` (streamed); encrypted when a password is given."""
    names, labels = header_rows()
    columns = _columns()
    departments = dict(Department.objects.values_list("code", "name"))
    if not password:
        n = _write_book(out, names, labels, columns, year, scope, departments, progress)
        return Export(n, out)
    handle, plain = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        n = _write_book(plain, names, labels, columns, year, scope, departments, progress)
        encrypt(plain, out, password)
    finally:
        os.unlink(plain)
    return Export(n, out)


def _write_book(
    path: str,
    names: list[Any],
    labels: list[Any],
    columns: list[str],
    year: int,
    scope: QuerySet | None,
    departments: dict[str, str],
    progress: Callable[[int], None] | None,
) -> int:
    """XlsxWriter in constant-memory mode: each row goes to disk as it is written. Texts are
    never read as formulas or links."""
    book = xlsxwriter.Workbook(
        path,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    try:
        sheet = book.add_worksheet("Sheet1")
        sheet.write_row(0, 0, names)
        sheet.write_row(1, 0, labels)
        n = 0
        for batch in case_ids_of_year(year, scope):
            for row in _rows(batch, departments):
                n += 1
                values = [n] + [row.get(column, "") for column in columns[1:]]
                sheet.write_row(n + 1, 0, [_safe(v) for v in values])
            if progress is not None:
                progress(n)
    finally:
        book.close()
    return n


def _safe(value: Any) -> Any:
    """A text a spreadsheet would read as a formula is kept as text; None stays empty."""
    if value is None:
        return None
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def encrypt(plain: str, out: str, password: str) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(plain, "rb") as source, open(out, "wb") as target:
        OOXMLFile(source).encrypt(password, target)


def read_encrypted(path: str, password: str) -> io.BytesIO:
    """Decrypt a password-protected export (tests, and the import)."""
    import msoffcrypto

    decrypted = io.BytesIO()
    with open(path, "rb") as handle:
        office = msoffcrypto.OfficeFile(handle)
        office.load_key(password=password)
        office.decrypt(decrypted)
    decrypted.seek(0)
    return decrypted
