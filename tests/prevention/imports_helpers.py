"""What the import tests share: the prevention world with a trainer of the home institution,
spreadsheets built in memory, and running a service with its on-commit task."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from ruta.core.choices import InstitutionType as T
from ruta.prevention.models import ImportJob
from ruta.prevention.services import imports as services
from tests.factories import actor_of, make_institution, make_user
from tests.prevention import world as prevention_world

HEADER = ["given_names", "family_names", "institution", "unit", "rank_or_role", "sex",
          "department", "email"]  # fmt: skip


def build_world() -> dict[str, Any]:
    home = make_institution("Equipo de Respuesta Norte", T.RESPONSE_TEAM, acronym="ERN")
    other = make_institution("Albergue Sur", T.SHELTER)
    users: dict = {}
    lab = make_user("labour_inspector", home)
    w = prevention_world.build(users=users, home=home, other=other, lab_user=lab)
    w["home"], w["other"] = home, other
    w["trainer"] = make_user("trainer", home)
    w["admin"] = make_user("institution_admin", home)
    w["academy_trainer"] = users[prevention_world.P_TRN]
    w["actor"] = actor_of(w["trainer"])
    return w


def xlsx(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[Any]], header: list[str] | None = None, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def person(given: str, family: str, institution: str, email: str = "", **kw) -> list[Any]:
    return [
        given,
        family,
        institution,
        kw.get("unit", ""),
        kw.get("rank", "Agente"),
        kw.get("sex", "mujer"),
        kw.get("department", ""),
        email,
    ]


def upload(capture, w, content: bytes, filename="inscritos.xlsx", kind="participants"):
    """Upload through the service; the check (queued on commit) runs before this returns."""
    with capture(execute=True):
        job = services.import_upload(
            actor=w["actor"], session=w["session"], kind=kind, filename=filename, content=content
        )
    return ImportJob.objects.get(pk=job.pk)


def confirm(capture, w, job: ImportJob) -> ImportJob:
    with capture(execute=True):
        services.import_confirm(actor=w["actor"], job=job)
    return ImportJob.objects.get(pk=job.pk)


def errors_of(job: ImportJob) -> list[tuple]:
    return [(e["row"], e["column"], e["code"]) for e in job.errors]
