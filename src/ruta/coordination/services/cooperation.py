"""Inter-institutional cooperation agreements (convenios, memoranda, protocols), their signed
document and the reminder of renewals.

The signed document is kept like prevention's campaign materials: in ``RUTA_ATTACHMENT_DIR``
(a ``cooperation-documents`` folder), encrypted; its type comes from its first bytes (PDF,
DOCX or ODT), never from what the browser says."""

from __future__ import annotations

import io
import secrets
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.coordination import policies
from ruta.coordination.choices import CooperationKind, CooperationStatus
from ruta.coordination.models import CooperationAgreement
from ruta.coordination.services.agreements import _recipients, _record, _sender
from ruta.core.actor import Actor
from ruta.core.crypto import fernet
from ruta.core.errors import check_version, require
from ruta.core.validation import bump, choice, day
from ruta.core.validation import text as clean_text
from ruta.core.views import absolute_link
from ruta.institutions.models import Institution

COOPERATION_FIELDS = (
    "kind",
    "reference",
    "title",
    "scope",
    "parties",
    "signed_on",
    "starts_on",
    "ends_on",
    "renewal_on",
    "status",
)
RENEWAL_NOTICE = timedelta(days=30)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def document_type(filename: str, content: bytes) -> str | None:
    """The content type when the name's extension and the content agree, else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "pdf":
        return "application/pdf" if content.startswith(b"%PDF-") else None
    if extension not in ("docx", "odt") or not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if extension == "docx":
                return DOCX if "word/document.xml" in names else None
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except (zipfile.BadZipFile, KeyError, ValueError, RuntimeError):
        return None
    return None


def _document_path(key: str) -> Path:
    folder = Path(settings.RUTA_ATTACHMENT_DIR) / "cooperation-documents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}.bin"


def document_content(agreement: CooperationAgreement) -> bytes:
    return fernet().decrypt(_document_path(agreement.document_key).read_bytes())


# --- validation ------------------------------------------------------------------------------
def _validate(actor: Actor, values: dict, errors: dict, current) -> dict:
    out: dict = {}
    if "kind" in values:
        choice(errors, "kind", values["kind"], CooperationKind.values)
        out["kind"] = values["kind"]
    if "status" in values:
        choice(errors, "status", values["status"], CooperationStatus.values)
        out["status"] = values["status"]
    if "title" in values:
        out["title"] = clean_text(errors, "title", values["title"], required=True, limit=300)
    if "reference" in values:
        out["reference"] = clean_text(
            errors, "reference", values["reference"], required=False, limit=60
        )
    if "scope" in values:
        out["scope"] = clean_text(errors, "scope", values["scope"], required=False)
    if "parties" in values:
        parties = list(dict.fromkeys(values["parties"] or []))
        if any(not isinstance(p, Institution) or not p.is_active for p in parties):
            errors["parties"] = [_("Unknown institution.")]
        elif len(parties) < 2:
            errors["parties"] = [_("An agreement has at least two parties.")]
        elif all(p.pk != actor.institution_id for p in parties):
            errors["parties"] = [_("Your institution must be one of the parties.")]
        out["parties"] = parties
    dates = {}
    for name in ("signed_on", "starts_on", "ends_on", "renewal_on"):
        dates[name] = values.get(name, getattr(current, name) if current else None)
        if name in values:
            out[name] = values[name]
    if "signed_on" in values:
        day(errors, "signed_on", values["signed_on"], required=False)
    signed, starts, ends, renewal = (
        dates["signed_on"],
        dates["starts_on"],
        dates["ends_on"],
        dates["renewal_on"],
    )
    if signed and starts and starts < signed and "starts_on" not in errors:
        errors["starts_on"] = [_("An agreement cannot be in force before it is signed.")]
    if starts and ends and ends < starts:
        errors["ends_on"] = [_("An agreement cannot end before it is in force.")]
    if renewal and ends and renewal > ends:
        errors["renewal_on"] = [_("The renewal date is after the end of the agreement.")]
    elif renewal and (starts or signed) and renewal < (starts or signed):
        errors["renewal_on"] = [_("The renewal date is before the agreement starts.")]
    status = values.get("status", current.status if current else None)
    if status == CooperationStatus.IN_FORCE and not signed and "status" not in errors:
        errors["signed_on"] = [_("An agreement in force has a signature date.")]
    return out


def _ids(items) -> list[str]:
    return sorted(str(i.pk) for i in items)


# --- writes ----------------------------------------------------------------------------------
@transaction.atomic
def cooperation_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    parties: Iterable[Institution],
    reference: str = "",
    scope: str = "",
    signed_on: date | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    renewal_on: date | None = None,
    status: str = CooperationStatus.DRAFT,
) -> CooperationAgreement:
    """A cooperation agreement recorded by the actor's institution (one of its parties)."""
    require(policies.can_create_cooperation_agreement(actor))
    errors: dict = {}
    values = _validate(
        actor,
        {
            "kind": kind,
            "title": title,
            "parties": list(parties),
            "reference": reference,
            "scope": scope,
            "signed_on": signed_on,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "renewal_on": renewal_on,
            "status": status,
        },
        errors,
        None,
    )
    if errors:
        raise ValidationError(errors)
    parties = values.pop("parties")
    agreement = CooperationAgreement.objects.create(institution_id=actor.institution_id, **values)
    agreement.parties.set(parties)
    _record(
        "cooperation.created",
        actor,
        agreement,
        agreement.institution_id,
        data={"kind": agreement.kind, "status": agreement.status, "parties": _ids(parties)},
    )
    return agreement


def _for_write(actor: Actor, agreement: CooperationAgreement) -> CooperationAgreement:
    agreement = CooperationAgreement.objects.select_for_update().get(pk=agreement.pk)
    require(policies.can_manage_cooperation_agreement(actor, agreement))
    return agreement


@transaction.atomic
def cooperation_update(
    *, actor: Actor, agreement: CooperationAgreement, version: int | None, **changes
) -> CooperationAgreement:
    agreement = _for_write(actor, agreement)
    check_version(agreement, version)
    unknown = set(changes) - set(COOPERATION_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the agreement: {sorted(unknown)}")
    errors: dict = {}
    values = _validate(actor, changes, errors, agreement)
    if errors:
        raise ValidationError(errors)
    changed: list[str] = []
    for name, value in values.items():
        if name == "parties":
            if _ids(agreement.parties.all()) != _ids(value):
                changed.append(name)
                agreement.parties.set(value)
        elif getattr(agreement, name) != value:
            changed.append(name)
            setattr(agreement, name, value)
    if not changed:
        return agreement
    if "renewal_on" in changed:
        agreement.last_reminded_on = None
    bump(
        agreement,
        [c for c in changed if c != "parties"]
        + (["last_reminded_on"] if "renewal_on" in changed else []),
    )
    _record(
        "cooperation.updated",
        actor,
        agreement,
        agreement.institution_id,
        changed_fields=changed,
    )
    return agreement


@transaction.atomic
def cooperation_document_upload(
    *, actor: Actor, agreement: CooperationAgreement, filename: str, content: bytes
) -> CooperationAgreement:
    """Keep the signed document (PDF, DOCX or ODT), replacing the one kept before."""
    agreement = _for_write(actor, agreement)
    errors: dict = {}
    name = Path(filename or "").name.strip()[:200]
    limit = settings.RUTA_ATTACHMENT_MAX_BYTES
    content_type = None
    if not content:
        errors["file"] = [_("The file is empty.")]
    elif len(content) > limit:
        errors["file"] = [_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}]
    else:
        content_type = document_type(name, content)
        if content_type is None:
            errors["file"] = [
                _(
                    "Only PDF, Word (DOCX) or OpenDocument (ODT) documents are accepted, and "
                    "the file must really be what its name says."
                )
            ]
    if errors:
        raise ValidationError(errors)
    old_key = agreement.document_key
    key = secrets.token_hex(16)
    _document_path(key).write_bytes(fernet().encrypt(content))
    agreement.document_name = name
    agreement.document_type = content_type or ""
    agreement.document_size = len(content)
    agreement.document_key = key
    bump(agreement, ["document_name", "document_type", "document_size", "document_key"])
    _record(
        "cooperation.document_uploaded",
        actor,
        agreement,
        agreement.institution_id,
        data={"type": content_type, "size": len(content), "replaced": bool(old_key)},
    )
    if old_key:
        transaction.on_commit(lambda: _document_path(old_key).unlink(missing_ok=True))
    return agreement


# --- reminders -------------------------------------------------------------------------------
def cooperation_reminders_send(*, today: date | None = None, base_url: str = "") -> int:
    """E-mail each recording institution the agreements in force whose renewal date is within
    30 days or past (once a day). Returns how many digests were sent."""
    today = today or timezone.localdate()
    agreements = (
        CooperationAgreement.objects.filter(
            status=CooperationStatus.IN_FORCE,
            renewal_on__isnull=False,
            renewal_on__lte=today + RENEWAL_NOTICE,
        )
        .exclude(last_reminded_on=today)
        .order_by("institution_id", "renewal_on", "pk")
    )
    by_institution: dict = defaultdict(list)
    for agreement in agreements:
        by_institution[agreement.institution_id].append(agreement)
    sent = 0
    path = reverse("coordination:cooperation-list")
    for institution_id, own in by_institution.items():
        with transaction.atomic():
            to = _recipients(institution_id, ("coordination.manage",))
            CooperationAgreement.objects.filter(pk__in=[a.pk for a in own]).update(
                last_reminded_on=today
            )
            if not to:
                continue
            with translation.override("es"):
                subject = _("Cooperation agreements to renew")
                lines = [
                    _("Hello,"),
                    _("These cooperation agreements of your institution are due for renewal:"),
                    "\n".join(
                        f"- {a.reference or '-'} {a.title[:200]} "
                        f"({_('renewal date')} {a.renewal_on:%d/%m/%Y})"
                        for a in own
                    ),
                    absolute_link(path, base_url),
                ]
            transaction.on_commit(_sender(subject, "\n\n".join(lines), to))
            audit.record(
                action="coordination.cooperation.reminded",
                target=own[0],
                target_institution_id=institution_id,
                data={"agreements": len(own), "recipients": len(to)},
            )
        sent += 1
    return sent
