"""Exchange files asked for from the pages or the API: requested (checked, audited, queued),
written by a task into encrypted storage with its progress, downloaded by who asked for it
(audited; the HTCDS spreadsheet only with a password, which encrypts the file on the way out
and is never stored), deleted when they expire."""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor, actor_for_membership
from ruta.core.errors import DomainError, ValidationError, require
from ruta.reporting import export_files, policies
from ruta.reporting.choices import ExportKind, ExportStatus
from ruta.reporting.models import ExportJob

logger = logging.getLogger(__name__)
SUFFIX = {"htcds": ".xlsx", "ctdc": ".csv", "unodc": ".xlsx"}
CONTENT_TYPE = {
    "htcds": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ctdc": "text/csv; charset=utf-8",
    "unodc": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MIN_PASSWORD = 12


@transaction.atomic
def export_start(*, actor: Actor, kind: str, year: int, reason: str) -> ExportJob:
    require(policies.can_use_exports(actor))
    errors: dict[str, list[str]] = {}
    if kind not in ExportKind.values or not policies.can_export(actor, kind):
        errors["kind"] = [_("Choose a file you may export.")]
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year:
        errors["year"] = [
            _("Choose a year from %(first)s to %(last)s.") % {"first": 2000, "last": this_year}
        ]
    reason = reason.strip()
    if len(reason) < 10:
        errors["reason"] = [_("Say in a sentence why the file is needed.")]
    if errors:
        raise ValidationError(errors)
    job = ExportJob.objects.create(
        kind=kind,
        year=year,
        reason=reason,
        requested_by=actor.user,
        membership=actor.membership,
        institution_id=actor.institution_id,
    )
    audit.record(
        action="reporting.export.requested",
        actor=actor,
        target=job,
        reason=reason,
        data={"kind": kind, "year": year},
    )

    def queue() -> None:
        from ruta.reporting.tasks import export_task

        export_task.enqueue(job_id=str(job.pk))

    transaction.on_commit(queue)
    return job


def export_run(job: ExportJob) -> ExportJob:
    """Write the file (the requester's scope for HTCDS), store it encrypted, mark it ready."""
    from ruta.cases.policies import scope_cases
    from ruta.reporting import exchange_ctdc, exchange_htcds, exchange_unodc

    actor = actor_for_membership(job.membership, via="system")
    scope = scope_cases(actor) if job.kind == "htcds" else None
    total = exchange_htcds.cases_of_year(job.year, scope).count()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, rows_total=total)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

    handle, plain = tempfile.mkstemp(suffix=SUFFIX[job.kind])
    os.close(handle)
    key = uuid.uuid4().hex
    try:
        if job.kind == "htcds":
            exchange_htcds.write(job.year, plain, progress=progress, scope=scope)
        elif job.kind == "ctdc":
            exchange_ctdc.write(job.year, plain, progress=progress)
        else:
            with open(plain, "wb") as out:
                out.write(exchange_unodc.workbook(job.year))
        size = export_files.store(plain, key)
    except Exception as error:  # a failed export marks itself failed, and says no more
        logger.error("export %s failed: %s", job.pk, type(error).__name__)
        export_files.remove(key)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED)
        job.refresh_from_db()
        return job
    finally:
        os.unlink(plain)
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        rows_done=total,
        storage_key=key,
        size=size,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.RUTA_EXPORT_HOURS),
    )
    audit.record(
        action="reporting.export.written",
        actor=actor,
        target=job,
        data={"kind": job.kind, "year": job.year, "rows": total},
    )
    job.refresh_from_db()
    return job


def export_download(
    *, actor: Actor, job: ExportJob, password: str = ""
) -> tuple[Iterator[bytes], str, str]:
    """The file as (chunks, file name, content type). Audited."""
    require(policies.scope_export_jobs(actor, ExportJob.objects.filter(pk=job.pk)).exists())
    if job.status != ExportStatus.DONE or not job.storage_key:
        raise DomainError(_("The file is not ready."))
    if job.expires_at is not None and job.expires_at <= timezone.now():
        raise DomainError(_("The file has expired: ask for it again."))
    if job.kind == "htcds" and len(password) < MIN_PASSWORD:
        raise ValidationError(
            {"password": [_("A password of at least %(n)s characters.") % {"n": MIN_PASSWORD}]}
        )
    audit.record(
        action="reporting.export.downloaded",
        actor=actor,
        target=job,
        data={"kind": job.kind, "year": job.year, "encrypted": job.kind == "htcds"},
    )
    name = f"ruta-{job.kind}-{job.year}{SUFFIX[job.kind]}"
    if job.kind != "htcds":
        return export_files.chunks(job.storage_key), name, CONTENT_TYPE[job.kind]
    return _encrypted(job.storage_key, password), name, CONTENT_TYPE[job.kind]


def _encrypted(key: str, password: str) -> Iterator[bytes]:
    """The stored spreadsheet, encrypted with the password, read from temporary files that
    are removed once the download ends."""
    from ruta.reporting.exchange_htcds import encrypt

    handle, plain = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    handle, locked = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        with open(plain, "wb") as out:
            for block in export_files.chunks(key):
                out.write(block)
        encrypt(plain, locked, password)
        os.unlink(plain)
        with open(locked, "rb") as source:
            while block := source.read(export_files.CHUNK):
                yield block
    finally:
        for path in (plain, locked):
            if os.path.exists(path):
                os.unlink(path)


def exports_expire() -> int:
    """Delete the files past their time (run by the statistics refresh command)."""
    gone = 0
    for job in ExportJob.objects.filter(expires_at__lte=timezone.now()).exclude(storage_key=""):
        export_files.remove(job.storage_key)
        ExportJob.objects.filter(pk=job.pk).update(storage_key="")
        gone += 1
    return gone
