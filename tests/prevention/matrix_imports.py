"""Permission-matrix specs of the prevention routes: imports.

Only the trainers of the organising institution (``TRN``) reach the home session's imports;
the academy's trainer (``P_TRN``) reaches its own session's and gets 404 on the home's, like
everyone else. The job's writes run inside the matrix's transaction, so the queued check and
import (run on commit) never run there: the proofs are the upload, the confirmation and the
discard themselves."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from ruta.prevention.models import ImportJob
from tests.matrix import Proof
from tests.matrix_spec import P_TRN, TRN, Spec, count, kw, pk, value, vspec

SESSION = kw(session_id=pk("session"))
JOB = kw(job_id=pk("import_job"))


def _csv(w) -> dict:
    body = (
        "given_names,family_names,institution,sex,email\n"
        f"Berta,Subida Paz,{w['session'].institution.name},female,berta.subida@example.org\n"
    )
    upload = SimpleUploadedFile("subida.csv", body.encode(), content_type="text/csv")
    return {"kind": "participants", "file": upload}


UPLOADED = Proof(count(ImportJob, session=pk("session")), "prevention.import.uploaded")
CONFIRMED = Proof(value(ImportJob, "import_job", "status"), "prevention.import.confirmed")
DISCARDED = Proof(count(ImportJob, pk=pk("import_job")), "prevention.import.discarded")

SPECS: list[Spec] = [
    # -- pages --
    vspec(
        "prevention:import-new",
        "GET",
        (TRN,),
        kwargs=SESSION,
        shows=lambda w: w["import_job"].filename,
    ),
    vspec(
        "prevention:import-new",
        "GET",
        (P_TRN,),
        target="academy",
        kwargs=kw(session_id=pk("academy_session")),
    ),
    vspec("prevention:import-new", "POST", (TRN,), kwargs=SESSION, data=_csv, proof=UPLOADED),
    vspec(
        "prevention:import-template",
        "GET",
        (TRN,),
        kwargs=kw(session_id=pk("session"), kind="participants"),
    ),
    vspec(
        "prevention:import-detail",
        "GET",
        (TRN,),
        kwargs=JOB,
        shows=lambda w: w["import_job"].filename,
    ),
    vspec("prevention:import-progress", "GET", (TRN,), kwargs=JOB),
    vspec("prevention:import-confirm", "POST", (TRN,), kwargs=JOB, proof=CONFIRMED),
    vspec("prevention:import-discard", "POST", (TRN,), kwargs=JOB, proof=DISCARDED),
    # -- API --
    vspec(
        "api:prevention-import-create",
        "POST",
        (TRN,),
        status=201,
        kwargs=SESSION,
        fmt="multipart",
        data=_csv,
        proof=UPLOADED,
    ),
    vspec(
        "api:prevention-import-template",
        "GET",
        (TRN,),
        kwargs=kw(session_id=pk("session"), kind="answers"),
    ),
    vspec(
        "api:prevention-import-detail",
        "GET",
        (TRN,),
        kwargs=JOB,
        shows=lambda w: w["import_job"].filename,
    ),
    vspec("api:prevention-import-errors", "GET", (TRN,), kwargs=JOB),
    vspec(
        "api:prevention-import-confirm",
        "POST",
        (TRN,),
        status=202,
        kwargs=JOB,
        proof=CONFIRMED,
    ),
    vspec(
        "api:prevention-import-discard",
        "POST",
        (TRN,),
        status=204,
        kwargs=JOB,
        proof=DISCARDED,
    ),
]
