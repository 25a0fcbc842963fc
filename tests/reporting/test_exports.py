"""Exchange files from the pages and the API: asked for with a reason (audited), written by a
task within the requester's scope, kept encrypted, downloaded by the requester only (the HTCDS
spreadsheet with a password), deleted when expired."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.http import Http404
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from ruta.accounts.models import Membership, Role
from ruta.audit.models import AuditEvent
from ruta.core.errors import DomainError, ValidationError
from ruta.reporting import export_files, policies
from ruta.reporting.exchange_htcds import read_encrypted
from ruta.reporting.models import ExportJob
from ruta.reporting.services import statistics_rebuild
from ruta.reporting.services_exports import export_download, export_start, exports_expire
from tests.factories import actor_of, make_institution, make_user, sign_in
from tests.reporting.test_statistics import victim

pytestmark = pytest.mark.django_db
YEAR = 2025
REASON = "Intercambio con la OIM (prueba)"


@pytest.fixture
def w(home_institution, django_capture_on_commit_callbacks):
    other = make_institution("Otro albergue")
    role = Role.objects.create(
        code="exporter", capabilities=["cases.view", "exports.personal_data"], scope="institution",
        read_sensitivities=["identity", "contact", "facts"], write_sensitivities=[],
    )  # fmt: skip
    exporter = make_user()
    Membership.objects.create(user=exporter, institution=home_institution, role=role)
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    victim(coordinator, given_names="Nuestra")
    victim(actor_of(make_user("eri_coordinator", other)), given_names="Ajena")
    statistics_rebuild()
    return {
        "exporter": actor_of(exporter),
        "analyst": actor_of(make_user("me_analyst", make_institution("Comisión"))),
        "capture": django_capture_on_commit_callbacks,
    }


def _start(w, actor, kind):
    with w["capture"](execute=True):
        job = export_start(actor=actor, kind=kind, year=YEAR, reason=REASON)
    return ExportJob.objects.get(pk=job.pk)


def test_htcds_holds_the_requesters_cases_only_and_needs_a_password(w):
    job = _start(w, w["exporter"], "htcds")
    assert job.status == "done" and job.rows_total == 1 and job.percent == 100
    raw = (Path(settings.RUTA_EXPORT_DIR) / f"{job.storage_key}.bin").read_bytes()
    assert b"PK\x03\x04" not in raw and raw[4:10] == b"gAAAAA"  # Fernet tokens at rest
    assert b"".join(export_files.chunks(job.storage_key))[:2] == b"PK"
    with pytest.raises(ValidationError):
        export_download(actor=w["exporter"], job=job, password="corta")
    chunks, name, _type = export_download(actor=w["exporter"], job=job, password="x" * 12)
    path = io.BytesIO(b"".join(chunks))
    rows = list(
        load_workbook(read_encrypted_bytes(path, "x" * 12))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert [r[3] for r in rows[2:]] == ["Nuestra"] and name == f"ruta-htcds-{YEAR}.xlsx"
    actions = list(
        AuditEvent.objects.filter(action__startswith="reporting.export").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "reporting.export.downloaded", "reporting.export.requested", "reporting.export.written"
    ]  # fmt: skip


def read_encrypted_bytes(data: io.BytesIO, password: str) -> io.BytesIO:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(data.getvalue())
        handle.flush()
        return read_encrypted(handle.name, password)


def test_the_ctdc_extract_is_national_and_downloaded_by_its_requester_only(w):
    job = _start(w, w["analyst"], "ctdc")
    chunks, _name, content_type = export_download(actor=w["analyst"], job=job)
    text = b"".join(chunks).decode()
    assert text.startswith("yearOfRegistration,") and content_type.startswith("text/csv")
    colleague = actor_of(make_user("me_analyst", w["analyst"].institution))
    with pytest.raises(Http404):
        export_download(actor=colleague, job=job)
    with pytest.raises(ValidationError):  # the exporter may not ask for a national file
        export_start(actor=w["exporter"], kind="ctdc", year=YEAR, reason=REASON)


def test_an_expired_file_is_deleted_and_refused(w):
    job = _start(w, w["analyst"], "unodc")
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert exports_expire() == 1
    job.refresh_from_db()
    assert job.storage_key == ""
    with pytest.raises(DomainError):
        export_download(actor=w["analyst"], job=job)


def test_the_pages_ask_follow_and_download(w):
    client = sign_in(Client(), w["analyst"].user)
    bad = client.post(
        "/statistics/exports/start/", {"kind": "htcds", "year": YEAR, "reason": REASON}
    )
    assert bad.status_code == 400 and not ExportJob.objects.exists()
    response = client.post(
        "/statistics/exports/start/", {"kind": "unodc", "year": YEAR, "reason": "corto"}
    )
    assert response.status_code == 400 and "Diga en una frase" in response.content.decode()
    with w["capture"](execute=True):
        response = client.post(
            "/statistics/exports/start/", {"kind": "unodc", "year": YEAR, "reason": REASON}
        )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    page = client.get(f"/statistics/exports/{job.pk}/").content.decode()
    assert "Lista" in page and "Descargar" in page
    download = client.post(f"/statistics/exports/{job.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_the_api_starts_and_downloads(w):
    from rest_framework.test import APIClient

    from ruta.accounts.services import credentials as auth

    user = w["analyst"].user
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    with w["capture"](execute=True):
        started = api.post(
            "/api/v1/statistics/exports/start/",
            {"kind": "ctdc", "year": YEAR, "reason": REASON},
            format="json",
        )
    assert started.status_code == 202
    job_id = started.json()["id"]
    assert api.get(f"/api/v1/statistics/exports/{job_id}/").json()["status"] == "done"
    download = api.post(f"/api/v1/statistics/exports/{job_id}/download/", {}, format="json")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"yearOfRegistration")


ACTORS = ["exporter", "analyst", "worker", "supervisor"]


@pytest.mark.parametrize("name", ACTORS)
def test_who_exports_what(w, home_institution, name):
    actors = {
        **w,
        "worker": actor_of(make_user("case_worker", home_institution)),
        "supervisor": actor_of(make_user("supervisor", home_institution)),
    }
    actor = actors[name]
    expected = {"exporter": ["htcds"], "analyst": ["ctdc", "unodc"]}.get(name, [])
    assert policies.export_kinds(actor) == expected
    assert policies.can_use_exports(actor) is bool(expected)
    for kind in ("htcds", "ctdc", "unodc"):
        assert policies.can_export(actor, kind) is (kind in expected)
    mine = ExportJob.objects.create(
        kind="ctdc", year=YEAR, reason=REASON, requested_by=actor.user,
        membership=actor.membership, institution_id=actor.institution_id,
    )  # fmt: skip
    others = ExportJob.objects.create(
        kind="ctdc", year=YEAR, reason=REASON, requested_by=w["analyst"].user if name != "analyst"
        else w["exporter"].user, membership=actor.membership, institution_id=actor.institution_id,
    )  # fmt: skip
    seen = set(policies.scope_export_jobs(actor, ExportJob.objects.all()))
    assert seen == ({mine} if expected else set()) and others not in seen
