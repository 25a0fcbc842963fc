"""Notes and attachments, each of a sensitivity that decides who reads it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.cases import attachments as attachment_files
from ruta.cases import policies
from ruta.cases.choices import ActivityKind
from ruta.cases.models import Attachment, Case, Note
from ruta.cases.services._common import CaseClosed, bump
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import require


@transaction.atomic
def note_add(*, actor: Actor, case: Case, sensitivity: str, body: str) -> Note:
    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_write_note(actor, case, sensitivity))
    if case.is_closed:
        raise CaseClosed
    if not body.strip():
        raise ValidationError({"body": [_("Write the note.")]})
    note = Note.objects.create(
        case=case,
        sensitivity=sensitivity,
        body=body.strip(),
        author=actor.user,
        institution_id=actor.institution_id,
    )
    bump(case, [])
    timeline_add(case, ActivityKind.NOTE, actor, detail=sensitivity)
    audit.record(
        action="cases.note.added",
        actor=actor,
        target=note,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "sensitivity": sensitivity},
    )
    return note


@transaction.atomic
def attachment_add(
    *, actor: Actor, case: Case, sensitivity: str, filename: str, content: bytes
) -> Attachment:
    """Keep a PDF, image or audio file, encrypted. Its type is read from its first bytes."""
    from django.conf import settings

    case = Case.objects.select_for_update().get(pk=case.pk)
    require(policies.can_write_note(actor, case, sensitivity))
    if case.is_closed:
        raise CaseClosed
    name = Path(filename or "").name.strip()[:200]
    if not content:
        raise ValidationError({"file": [_("The file is empty.")]})
    if len(content) > settings.RUTA_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(mb)s MB.")
                    % {"mb": settings.RUTA_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
                ]
            }
        )
    content_type = attachment_files.recognise(name, content[:16])
    if content_type is None:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Only PDF documents, PNG or JPEG images and MP3, OGG, WAV or M4A audio are "
                        "accepted, and the file must really be what its name says."
                    )
                ]
            }
        )
    attachment = Attachment.objects.create(
        case=case,
        sensitivity=sensitivity,
        filename=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor.user,
    )
    attachment_files.store(attachment.pk, content)
    bump(case, [])
    timeline_add(case, ActivityKind.ATTACHMENT, actor, detail=content_type)
    audit.record(
        action="cases.attachment.added",
        actor=actor,
        target=attachment,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), "type": content_type, "size": len(content)},
    )
    return attachment


def attachment_download(*, actor: Actor, attachment: Attachment) -> bytes:
    """The decrypted content, for a reader the selector has already let through; audited."""
    audit.record(
        action="cases.attachment.downloaded",
        actor=actor,
        target=attachment,
        target_institution_id=attachment.case.institution_id,
        data={"case": str(attachment.case_id)},
    )
    return attachment_files.load(attachment.pk)
