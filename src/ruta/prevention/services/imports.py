"""Bulk enrolment and test results from a spreadsheet (XLSX or CSV), all or nothing.

The lifecycle of an ``ImportJob``:

1. ``import_upload`` keeps the file (base64, in the encrypted ``content``) and queues the check
   (``tasks_imports.import_check_task``) once the upload is committed.
2. ``import_check`` (the task) reads every row, checks every cell and records every error as a
   code with parameters (row, column): the job is then READY or INVALID. Nothing is saved but
   the job; an INVALID job's file is cleared at once (it can never be imported: a corrected
   file is uploaded anew). Errors are rendered in the reader's language when shown
   (``error_message``).
3. ``import_confirm`` (a READY job) queues the import; ``import_run`` (the task) checks the
   file again (the session may have changed since) and writes every row in one transaction:
   any error at that point rolls everything back and the job is FAILED. The file is cleared
   once imported, or once the import failed.
4. ``import_discard`` deletes a job that is not being imported or done, and its file.

Audit events carry counts and codes only, never a name or an e-mail; the errors stored on the
job carry row numbers, column names and codes, never a cell's personal value either.

The checks of a participant's fields are written here (the people slice's
``rules.participant_errors`` did not exist when this was written; see ``_participant_row``).
"""

from __future__ import annotations

import base64
import logging
import os
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.core.actor import Actor
from ruta.core.errors import DomainError, require
from ruta.core.models import Department
from ruta.institutions.models import Institution, Unit
from ruta.prevention import policies, scoring, sheets
from ruta.prevention.choices import (
    EnrolmentStatus,
    ImportKind,
    ImportStatus,
    ResultKind,
    SessionStatus,
)
from ruta.prevention.models import (
    Answer,
    Enrolment,
    ImportJob,
    Instrument,
    Participant,
    Result,
    TrainingSession,
)
from ruta.prevention.services._common import choice, record

logger = logging.getLogger(__name__)

BATCH = 1000  # rows per bulk INSERT / UPDATE
PROGRESS_EVERY = 500  # rows checked between two progress updates
MAX_ERRORS = 10_000  # errors kept on a job; past it one more says how many were left out
NAME_LIMIT = 120  # Participant.given_names, family_names, rank_or_role

PARTICIPANT_COLUMNS = [
    "given_names",
    "family_names",
    "institution",
    "unit",
    "rank_or_role",
    "sex",
    "department",
    "email",
]
PARTICIPANT_REQUIRED = ("given_names", "family_names", "institution", "sex")
ANSWER_COLUMNS = ["email", "participant", "kind"]

# Header names in Spanish (and a few spellings) read as the column they name.
HEADER_ALIASES = {
    "nombres": "given_names",
    "nombre": "given_names",
    "apellidos": "family_names",
    "institucion": "institution",
    "unidad": "unit",
    "cargo": "rank_or_role",
    "rango_o_cargo": "rank_or_role",
    "sexo": "sex",
    "departamento": "department",
    "correo": "email",
    "correo_electronico": "email",
    "e_mail": "email",
    "participante": "participant",
    "participant_id": "participant",
    "prueba": "kind",
    "tipo": "kind",
}
SEX_WORDS = {
    "female": "female",
    "f": "female",
    "mujer": "female",
    "femenino": "female",
    "woman": "female",
    "male": "male",
    "m": "male",
    "hombre": "male",
    "masculino": "male",
    "man": "male",
    "intersex": "intersex",
    "intersexual": "intersex",
    "unknown": "unknown",
    "desconocido": "unknown",
    "no sabe": "unknown",
}
KIND_WORDS = {
    "pre": ResultKind.PRE,
    "pretest": ResultKind.PRE,
    "pre test": ResultKind.PRE,
    "post": ResultKind.POST,
    "posttest": ResultKind.POST,
    "post test": ResultKind.POST,
}

# Every error code with its message (named placeholders from the error's ``params``).
MESSAGES: dict[str, Any] = {
    "unsupported_file": gettext_lazy("Upload an XLSX or CSV file."),
    "unreadable_file": gettext_lazy("The file cannot be read as a spreadsheet."),
    "wrong_encoding": gettext_lazy(
        "Wrong encoding: save the file as CSV UTF-8 (in Excel: Save as, CSV UTF-8) and upload "
        "it again."
    ),
    "too_many_rows": gettext_lazy(
        "The file has more than %(limit)s rows: split it into files of %(limit)s rows at most."
    ),
    "too_many_errors": gettext_lazy(
        "More errors were found than are listed here (%(shown)s shown). Correct these and "
        "check the file again."
    ),
    "empty_file": gettext_lazy("The file has no rows below its header."),
    "missing_column": gettext_lazy("This column is missing from the header row."),
    "unknown_column": gettext_lazy("Unknown column: remove it or correct its name."),
    "duplicate_column": gettext_lazy("This column appears twice in the header row."),
    "formula": gettext_lazy("This cell holds a formula: type the value instead."),
    "required": gettext_lazy("This cell is required."),
    "too_long": gettext_lazy("At most %(limit)s characters."),
    "unknown_institution": gettext_lazy("No active institution has this name or short name."),
    "ambiguous_institution": gettext_lazy(
        "Several active institutions have this short name: write the full name."
    ),
    "unknown_unit": gettext_lazy("The institution has no unit of this name."),
    "bad_email": gettext_lazy("This is not a valid e-mail address."),
    "bad_sex": gettext_lazy("Unknown sex: write female, male, intersex or unknown."),
    "bad_department": gettext_lazy("Unknown department: write its ISO code or its name."),
    "duplicate_in_file": gettext_lazy("The same person is already on row %(first_row)s."),
    "already_enrolled": gettext_lazy("This person is already enrolled in the session."),
    "capacity_exceeded": gettext_lazy(
        "The session has room for %(capacity)s participants: %(enrolled)s are enrolled and "
        "the file would add %(rows)s."
    ),
    "session_cancelled": gettext_lazy("The session is cancelled."),
    "no_test": gettext_lazy("The session's course has no test."),
    "unknown_participant": gettext_lazy("Nobody enrolled in the session matches this cell."),
    "bad_kind": gettext_lazy("Write pre or post."),
    "bad_answer": gettext_lazy(
        "Question %(question)s has no option %(key)s (options: %(options)s)."
    ),
    "already_recorded": gettext_lazy("This test is already recorded for this person."),
    "import_failed": gettext_lazy(
        "The import failed and nothing was saved. Try again, or ask the administrator."
    ),
}


def error_message(err: dict) -> str:
    """An error of a job in the reader's language."""
    template = MESSAGES.get(err.get("code", ""))
    if template is None:
        return str(err.get("code", ""))
    params = err.get("params") or {}
    try:
        return str(template) % params if params else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template)


def fold(text: str) -> str:
    """Lower case, without accents, single spaces: how names and codes are compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(plain.split())


def header_key(text: str) -> str:
    key = fold(text).replace("-", " ").replace(" ", "_").replace(".", "")
    return HEADER_ALIASES.get(key, key)


def columns_for(kind: str, session: TrainingSession | None = None) -> list[str]:
    """The columns of an import's template."""
    if kind == ImportKind.PARTICIPANTS:
        return list(PARTICIPANT_COLUMNS)
    positions: list[int] = []
    if session is not None:
        instrument = Instrument.objects.filter(course_id=session.course_id).first()
        if instrument is not None:
            positions = list(
                instrument.questions.order_by("position").values_list("position", flat=True)
            )
    return [*ANSWER_COLUMNS, *(f"q{p}" for p in positions)]


# --- checking ----------------------------------------------------------------------------
@dataclass
class Plan:
    """What a file would write, or why it cannot."""

    errors: list[dict] = field(default_factory=list)
    rows_total: int = 0
    items: list[Any] = field(default_factory=list)
    dropped: int = 0

    def error(self, row: int | None, column: str, code: str, **params: Any) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.dropped += 1
            return
        self.errors.append({"row": row, "column": column, "code": code, "params": params})

    def final_errors(self) -> list[dict]:
        if not self.dropped:
            return self.errors
        more = {"row": None, "column": "", "code": "too_many_errors"}
        return [*self.errors, {**more, "params": {"shown": MAX_ERRORS}}]


Progress = Callable[[int], None]


def _columns(plan: Plan, header: list[str], allowed: Sequence[str]) -> dict[str, int] | None:
    """Map each known column to its index; header errors go on row 1. None when a column
    appears twice (rows cannot be read unambiguously)."""
    index: dict[str, int] = {}
    ok = True
    for i, raw in enumerate(header):
        if not raw:
            continue
        key = header_key(raw)
        if key not in allowed:
            plan.error(1, raw[:60], "unknown_column")
        elif key in index:
            plan.error(1, key, "duplicate_column")
            ok = False
        else:
            index[key] = i
    return index if ok else None


def _cell(cells: list[str], index: dict[str, int], key: str) -> str:
    i = index.get(key)
    return cells[i] if i is not None and i < len(cells) else ""


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _examine(job: ImportJob, session: TrainingSession, progress: Progress | None) -> Plan:
    plan = Plan()
    try:
        sheet = sheets.read(job.filename, base64.b64decode(job.content))
    except sheets.SheetError as exc:
        plan.error(None, "", exc.code, **exc.params)
        return plan
    plan.rows_total = len(sheet.rows)
    if progress:
        progress(0)
    for row, col in sheet.formulas:
        name = sheet.header[col] if col < len(sheet.header) and row > 1 else _letter(col)
        plan.error(row, name[:60], "formula")
    if session.status == SessionStatus.CANCELLED:
        plan.error(None, "", "session_cancelled")
    if not sheet.rows and not sheet.formulas:
        plan.error(None, "", "empty_file")
        return plan
    if job.kind == ImportKind.PARTICIPANTS:
        _examine_participants(plan, session, sheet, progress)
    else:
        _examine_answers(plan, session, sheet, progress)
    return plan


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _Places:
    """Active institutions, their units and departments, matched as typed (any case, with or
    without accents)."""

    def __init__(self, session: TrainingSession) -> None:
        self.by_name: dict[str, Institution] = {}
        self.by_acronym: dict[str, list[Institution]] = {}
        for inst in Institution.objects.filter(is_active=True).only("id", "name", "acronym"):
            self.by_name[fold(inst.name)] = inst
            if inst.acronym:
                self.by_acronym.setdefault(fold(inst.acronym), []).append(inst)
        self.units: dict[Any, dict[str, Unit]] = {}
        country = session.department.country if session.department_id else ""
        self.departments: dict[str, Department] = {}
        for dep in Department.objects.all().order_by("code"):
            self.departments[fold(dep.code)] = dep
            name = fold(dep.name)
            if name not in self.departments or dep.country == country:
                self.departments[name] = dep

    def institution(self, value: str) -> tuple[Institution | None, str]:
        key = fold(value)
        if key in self.by_name:
            return self.by_name[key], ""
        found = self.by_acronym.get(key, [])
        if len(found) == 1:
            return found[0], ""
        return None, "ambiguous_institution" if found else "unknown_institution"

    def unit(self, institution: Institution, value: str) -> Unit | None:
        if institution.pk not in self.units:
            self.units[institution.pk] = {
                fold(u.name): u for u in Unit.objects.filter(institution=institution)
            }
        return self.units[institution.pk].get(fold(value))


def _existing_emails(emails: set[str]) -> dict[str, UUID]:
    found: dict[str, UUID] = {}
    ordered = sorted(emails)
    for chunk in _chunks(ordered, 500):
        rows = (
            Participant.objects.annotate(email_key=Lower("email"))
            .filter(email_key__in=list(chunk))
            .values_list("email_key", "id")
        )
        found.update(dict(rows))
    return found


def _participant_row(
    plan: Plan, number: int, get: Callable[[str], str], places: _Places
) -> tuple[dict, bool]:
    """Check one participant's cells; returns the values and whether they are all right."""
    ok = True
    values: dict[str, Any] = {}

    def bad(column: str, code: str, **params: Any) -> None:
        nonlocal ok
        ok = False
        plan.error(number, column, code, **params)

    for key in ("given_names", "family_names", "rank_or_role"):
        value = get(key)
        if not value and key in PARTICIPANT_REQUIRED:
            bad(key, "required")
        elif len(value) > NAME_LIMIT:
            bad(key, "too_long", limit=NAME_LIMIT)
        values[key] = value
    institution = None
    raw = get("institution")
    if not raw:
        bad("institution", "required")
    else:
        institution, code = places.institution(raw)
        if institution is None:
            bad("institution", code)
    values["institution"] = institution
    values["unit"] = None
    unit_name = get("unit")
    if unit_name and institution is not None:
        values["unit"] = places.unit(institution, unit_name)
        if values["unit"] is None:
            bad("unit", "unknown_unit")
    sex = get("sex")
    if not sex:
        bad("sex", "required")
    elif fold(sex) not in SEX_WORDS:
        bad("sex", "bad_sex")
    values["sex"] = SEX_WORDS.get(fold(sex), "")
    values["department"] = None
    department = get("department")
    if department:
        values["department"] = places.departments.get(fold(department))
        if values["department"] is None:
            bad("department", "bad_department")
    email = get("email")
    values["email"] = ""
    if email:
        try:
            validate_email(email)
            if len(email) > 254:
                raise ValidationError("too long")
            values["email"] = email
        except ValidationError:
            bad("email", "bad_email")
    return values, ok


def _examine_participants(
    plan: Plan, session: TrainingSession, sheet: sheets.Sheet, progress: Progress | None
) -> None:
    index = _columns(plan, sheet.header, PARTICIPANT_COLUMNS)
    if index is None:
        return
    missing = [c for c in PARTICIPANT_REQUIRED if c not in index]
    for column in missing:
        plan.error(1, column, "missing_column")
    if missing:
        return
    places = _Places(session)
    emails = {_cell(cells, index, "email").lower() for _, cells in sheet.rows} - {""}
    existing = _existing_emails(emails)
    enrolled = set(
        Enrolment.objects.filter(session=session).values_list("participant_id", flat=True)
    )
    seen: dict[Any, int] = {}
    joining = 0
    for n, (number, cells) in enumerate(sheet.rows, start=1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n)
        values, ok = _participant_row(plan, number, partial(_cell, cells, index), places)
        email = values["email"].lower()
        if email:
            key: Any = email
            column = "email"
        else:
            inst = values["institution"]
            key = (fold(values["given_names"]), fold(values["family_names"]), inst and inst.pk)
            column = "given_names"
        if key in seen:
            plan.error(number, column, "duplicate_in_file", first_row=seen[key])
            continue
        seen[key] = number
        participant_id = existing.get(email) if email else None
        if participant_id is not None and participant_id in enrolled:
            plan.error(number, "email", "already_enrolled")
            continue
        joining += 1
        if not ok:
            continue
        if participant_id is not None:
            plan.items.append(participant_id)
        else:
            plan.items.append(
                Participant(
                    institution=values["institution"],
                    unit=values["unit"],
                    given_names=values["given_names"],
                    family_names=values["family_names"],
                    rank_or_role=values["rank_or_role"],
                    sex=values["sex"],
                    department=values["department"],
                    email=values["email"],
                    recorded_by_id=session.institution_id,
                )
            )
    taken = Enrolment.objects.filter(session=session, status=EnrolmentStatus.ENROLLED).count()
    if taken + joining > session.capacity:
        plan.error(
            None, "", "capacity_exceeded", capacity=session.capacity, enrolled=taken, rows=joining
        )


@dataclass
class _AnswerItem:
    enrolment: Enrolment
    kind: str
    answers: dict[int, str]


def _examine_answers(
    plan: Plan, session: TrainingSession, sheet: sheets.Sheet, progress: Progress | None
) -> None:
    instrument = Instrument.objects.filter(course_id=session.course_id).first()
    if instrument is None:
        plan.error(None, "", "no_test")
        return
    questions = {q.position: q for q in instrument.questions.all()}
    question_columns = {f"q{p}": p for p in questions}
    index = _columns(plan, sheet.header, [*ANSWER_COLUMNS, *question_columns])
    if index is None:
        return
    missing = [c for c in ("kind", *question_columns) if c not in index]
    if "email" not in index and "participant" not in index:
        missing.insert(0, "email")
    for column in missing:
        plan.error(1, column, "missing_column")
    if missing:
        return
    enrolments = list(
        Enrolment.objects.filter(session=session)
        .annotate(email_key=Lower("participant__email"))
        .only("id", "participant_id", "pre_score", "post_score", "max_score", "version")
    )
    by_email = {e.email_key: e for e in enrolments if e.email_key}
    by_participant = {str(e.participant_id): e for e in enrolments}
    recorded = set(
        Result.objects.filter(enrolment__session=session).values_list("enrolment_id", "kind")
    )
    options = {
        p: {fold(o.get("key", "")): o.get("key", "") for o in q.options}
        for p, q in questions.items()
    }
    seen: dict[tuple, int] = {}
    for n, (number, cells) in enumerate(sheet.rows, start=1):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n)
        get = partial(_cell, cells, index)
        ok = True
        enrolment = None
        participant, email = get("participant"), get("email")
        if participant:
            enrolment = by_participant.get(participant.lower())
            if enrolment is None:
                plan.error(number, "participant", "unknown_participant")
                ok = False
        elif email:
            enrolment = by_email.get(email.lower())
            if enrolment is None:
                plan.error(number, "email", "unknown_participant")
                ok = False
        else:
            plan.error(number, "email" if "email" in index else "participant", "required")
            ok = False
        raw_kind = get("kind")
        kind = KIND_WORDS.get(fold(raw_kind).replace("-", " ").replace("_", " "))
        if not raw_kind:
            plan.error(number, "kind", "required")
            ok = False
        elif kind is None:
            plan.error(number, "kind", "bad_kind")
            ok = False
        answers: dict[int, str] = {}
        for column, position in question_columns.items():
            value = get(column)
            if not value:
                answers[position] = ""
                continue
            key = options[position].get(fold(value))
            if key is None:
                plan.error(
                    number,
                    column,
                    "bad_answer",
                    question=position,
                    key=value[:10],
                    options=", ".join(options[position].values()),
                )
                ok = False
            else:
                answers[position] = key
        if enrolment is None or kind is None:
            continue
        pair = (enrolment.pk, kind)
        if pair in seen:
            plan.error(number, "kind", "duplicate_in_file", first_row=seen[pair])
            continue
        seen[pair] = number
        if pair in recorded:
            plan.error(number, "kind", "already_recorded")
            continue
        if ok:
            plan.items.append(_AnswerItem(enrolment, kind, answers))


# --- writing -----------------------------------------------------------------------------
def _write_participants(plan: Plan, session: TrainingSession) -> dict[str, int]:
    new = [item for item in plan.items if isinstance(item, Participant)]
    for batch in _chunks(new):
        Participant.objects.bulk_create(batch)
    ids = [item.pk if isinstance(item, Participant) else item for item in plan.items]
    _create_enrolments(session, ids)
    return {"participants_created": len(new), "enrolled": len(ids)}


def _create_enrolments(session: TrainingSession, participant_ids: list[Any]) -> None:
    rows = [Enrolment(session=session, participant_id=pid) for pid in participant_ids]
    for batch in _chunks(rows):
        Enrolment.objects.bulk_create(batch)


def _write_answers(plan: Plan, session: TrainingSession, actor: Actor) -> dict[str, int]:
    instrument = Instrument.objects.get(course_id=session.course_id)
    questions = {q.position: q for q in instrument.questions.all()}
    key = {p: (q.answer, q.points) for p, q in questions.items()}
    maximum = Decimal(sum(q.points for q in questions.values()))
    now = timezone.now()
    results: list[Result] = []
    answers: list[Answer] = []
    touched: dict[Any, Enrolment] = {}
    for item in plan.items:
        total, points = scoring.score(item.answers, key)
        result = Result(
            enrolment=item.enrolment,
            kind=item.kind,
            score=total,
            max_score=maximum,
            taken_on=session.starts_on if item.kind == ResultKind.PRE else session.ends_on,
            entered_by=actor.user,
        )
        results.append(result)
        answers.extend(
            Answer(
                result=result,
                question=questions[p],
                answer=item.answers.get(p, ""),
                points=points[p],
            )
            for p in sorted(questions)
        )
        enrolment = item.enrolment
        if item.kind == ResultKind.PRE:
            enrolment.pre_score = total
        else:
            enrolment.post_score = total
        enrolment.max_score = maximum
        enrolment.gain = scoring.normalised_gain(enrolment.pre_score, enrolment.post_score, maximum)
        if enrolment.pk not in touched:
            enrolment.version += 1
        enrolment.updated_at = now
        touched[enrolment.pk] = enrolment
    for batch in _chunks(results):
        Result.objects.bulk_create(batch)
    for batch in _chunks(answers):
        Answer.objects.bulk_create(batch)
    Enrolment.objects.bulk_update(
        list(touched.values()),
        ["pre_score", "post_score", "max_score", "gain", "version", "updated_at"],
        batch_size=BATCH,
    )
    return {"results": len(results), "enrolments": len(touched)}


# --- the services --------------------------------------------------------------------------
def _file_errors(errors: dict, filename: str, content: bytes) -> None:
    limit = settings.RUTA_ATTACHMENT_MAX_BYTES
    if not filename.lower().endswith(sheets.EXTENSIONS):
        errors["file"] = [_("Upload an XLSX or CSV file.")]
    elif not content:
        errors["file"] = [_("The file is empty.")]
    elif len(content) > limit:
        errors["file"] = [_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}]


def read_upload(upload) -> bytes:
    """An uploaded file's bytes, one past the limit at most (refused by ``import_upload``)."""
    return upload.read(settings.RUTA_ATTACHMENT_MAX_BYTES + 1)


@transaction.atomic
def import_upload(
    *, actor: Actor, session: TrainingSession, kind: str, filename: str, content: bytes
) -> ImportJob:
    """Keep the file and queue its check (run once this transaction commits)."""
    require(policies.can_manage_session(actor, session))
    errors: dict = {}
    choice(errors, "kind", kind, ImportKind.values)
    filename = os.path.basename((filename or "").replace("\\", "/"))[:200]
    _file_errors(errors, filename, content)
    if errors:
        raise ValidationError(errors)
    job = ImportJob.objects.create(
        institution_id=session.institution_id,
        session=session,
        kind=kind,
        filename=filename,
        content=base64.b64encode(content).decode("ascii"),
        created_by=actor.user,
    )
    record(
        "import.uploaded",
        actor,
        job,
        session.institution_id,
        data={"kind": kind, "bytes": len(content), "session": str(session.pk)},
    )
    from ruta.prevention.tasks_imports import import_check_task

    membership = str(actor.membership.pk)
    transaction.on_commit(
        partial(import_check_task.enqueue, job_id=str(job.pk), membership_id=membership)
    )
    return job


def _set_progress(job_id: Any, done: int) -> None:
    ImportJob.objects.filter(pk=job_id).update(rows_done=done)


def import_check(*, actor: Actor, job: ImportJob) -> ImportJob:
    """The dry run (a task): every row checked, every error recorded; nothing else saved."""
    require(policies.can_manage_import(actor, job))
    if job.status != ImportStatus.CHECKING:
        return job
    session = TrainingSession.objects.select_related("department").get(pk=job.session_id)
    ImportJob.objects.filter(pk=job.pk).update(rows_done=0)
    plan = _examine(job, session, partial(_set_progress, job.pk))
    errors = plan.final_errors()
    status = ImportStatus.INVALID if errors else ImportStatus.READY
    # A file with errors can never be imported (a corrected one is uploaded anew): its
    # personal data is not kept.
    cleared = {"content": ""} if errors else {}
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKING).update(
        status=status,
        errors=errors,
        **cleared,
        rows_total=plan.rows_total,
        rows_done=plan.rows_total,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if updated:
        record(
            "import.checked",
            actor,
            job,
            job.institution_id,
            data={
                "kind": job.kind,
                "rows": plan.rows_total,
                "errors": len(plan.errors) + plan.dropped,
                "status": status,
            },
        )
    job.refresh_from_db()
    return job


def _locked(job: ImportJob) -> ImportJob:
    return ImportJob.objects.select_for_update().defer("content").get(pk=job.pk)


class ImportNotReady(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_("Only a checked file without errors can be imported."))


class ImportBusy(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_("This import is running or done: it can no longer be discarded."))


@transaction.atomic
def import_confirm(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Queue the import of a clean file (run once this transaction commits)."""
    job = _locked(job)
    require(policies.can_manage_import(actor, job))
    if job.status != ImportStatus.READY:
        raise ImportNotReady
    job.status = ImportStatus.IMPORTING
    job.rows_done = 0
    job.save(update_fields=["status", "rows_done", "updated_at"])
    record(
        "import.confirmed",
        actor,
        job,
        job.institution_id,
        data={"kind": job.kind, "rows": job.rows_total},
    )
    from ruta.prevention.tasks_imports import import_run_task

    membership = str(actor.membership.pk)
    transaction.on_commit(
        partial(import_run_task.enqueue, job_id=str(job.pk), membership_id=membership)
    )
    return job


class _Refused(Exception):
    def __init__(self, errors: list[dict]) -> None:
        self.errors = errors
        super().__init__("refused")


def _fail(actor: Actor, job: ImportJob, errors: list[dict]) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED,
        content="",  # a failed job is not imported again: its file is not kept
        errors=errors,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    record(
        "import.failed",
        actor,
        job,
        job.institution_id,
        data={"kind": job.kind, "rows": job.rows_total, "errors": len(errors)},
    )


def import_run(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Write a confirmed file (a task): checked again, then every row in one transaction.
    Any error rolls everything back and leaves the job FAILED."""
    if job.status != ImportStatus.IMPORTING:
        return job
    try:
        with transaction.atomic():
            require(policies.can_manage_import(actor, job))
            session = (
                TrainingSession.objects.select_for_update(of=("self",))
                .select_related("department")
                .get(pk=job.session_id)
            )
            plan = _examine(job, session, None)
            if plan.errors:
                raise _Refused(plan.final_errors())
            if job.kind == ImportKind.PARTICIPANTS:
                counts = _write_participants(plan, session)
            else:
                counts = _write_answers(plan, session, actor)
            now = timezone.now()
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportStatus.DONE,
                content="",
                errors=[],
                rows_done=plan.rows_total,
                finished_at=now,
                updated_at=now,
            )
            record(
                "import.imported",
                actor,
                job,
                job.institution_id,
                data={"kind": job.kind, "rows": plan.rows_total, **counts},
            )
    except _Refused as exc:
        _fail(actor, job, exc.errors)
    except Exception as exc:
        # The job and the error's type only: a database error's message can quote a cell
        # (PostgreSQL's unique violation names the e-mail), so neither it nor the traceback
        # is logged.
        logger.error("prevention import %s failed (%s); rolled back", job.pk, type(exc).__name__)
        _fail(actor, job, [{"row": None, "column": "", "code": "import_failed", "params": {}}])
    job.refresh_from_db()
    return job


@transaction.atomic
def import_discard(*, actor: Actor, job: ImportJob) -> None:
    """Drop a job and its file (not while it is being imported, nor once imported)."""
    job = _locked(job)
    require(policies.can_manage_import(actor, job))
    if job.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
        raise ImportBusy
    record(
        "import.discarded",
        actor,
        job,
        job.institution_id,
        data={"kind": job.kind, "rows": job.rows_total, "status": job.status},
    )
    job.delete()
