"""Certificates: issued to the eligible enrolments of a session (all or nothing), revoked with
a reason, downloaded (PDF or signed credential) with an audit event."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.errors import DomainError, ValidationError, require
from ruta.prevention import policies
from ruta.prevention.models import Certificate, Enrolment, TrainingSession
from ruta.prevention.selectors_certificates import (
    CODE_ALPHABET,
    CODE_PREFIX,
    course_hours,
    eligibility_of,
    session_problem,
)
from ruta.prevention.services._common import bump, record, text

DOWNLOAD_FORMATS = ("pdf", "credential")
REASON_LIMIT = 2000


def new_certificate_code() -> str:
    """ "RUTA-" and two groups of four of Crockford's base32 (40 random bits)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{CODE_PREFIX}{chars[:4]}-{chars[4:]}"


def _fresh_codes(n: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < n:
        wanted = {new_certificate_code() for _ in range(n - len(codes))} - codes
        taken = set(Certificate.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes |= wanted - taken
    return sorted(codes)


@transaction.atomic
def certificates_issue(
    *, actor: Actor, session: TrainingSession, enrolment_ids: Iterable[UUID] | None = None
) -> list[Certificate]:
    """Issue a certificate to every eligible enrolment of the session, or to the ones named
    (each must be of the session and eligible). One refusal and nothing is issued. A trainers'
    course makes each holder a certified trainer."""
    require(policies.can_manage_session(actor, session))
    session = (
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("course", "institution")
        .get(pk=session.pk)
    )
    course = session.course
    problem = session_problem(session)
    if problem:
        raise ValidationError({"enrolments": [problem]})
    enrolments = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(session=session)
        .select_related("participant", "certificate")
        .order_by("participant__family_names", "participant__given_names", "pk")
    )
    rows = {e.pk: eligibility_of(e, session=session, course=course) for e in enrolments}
    if enrolment_ids is None:
        chosen = [r for r in rows.values() if r.eligible]
        if not chosen:
            raise ValidationError(
                {"enrolments": [_("No enrolment is eligible for a certificate.")]}
            )
    else:
        wanted = list(dict.fromkeys(enrolment_ids))
        errors = []
        if not wanted:
            errors.append(_("Choose at least one enrolment."))
        for pk in wanted:
            row = rows.get(pk)
            if row is None:
                errors.append(_("Not an enrolment of this session: %(id)s") % {"id": pk})
            elif not row.eligible:
                errors.append(
                    _("%(name)s: %(reasons)s")
                    % {
                        "name": row.enrolment.participant.full_name,
                        "reasons": " ".join(row.reasons),
                    }
                )
        if errors:
            raise ValidationError({"enrolments": errors})
        chosen = [rows[pk] for pk in wanted]
    today = timezone.localdate()
    hours = course_hours(course)
    issued = []
    for row, code in zip(chosen, _fresh_codes(len(chosen)), strict=True):
        enrolment = row.enrolment
        participant = enrolment.participant
        certificate = Certificate(
            enrolment=enrolment,
            code=code,
            issued_on=today,
            issued_by=actor.user,
            holder_name=participant.full_name[:250],
            course_title=course.title,
            course_code=course.code,
            hours=hours,
            issuer_name=session.institution.name[:200],
        )
        certificate.full_clean(exclude=["enrolment", "issued_by", "revoked_by"])
        certificate.save()
        record(
            "certificate.issued",
            actor,
            certificate,
            session.institution_id,
            data={"code": code, "session": str(session.pk), "enrolment": str(enrolment.pk)},
        )
        if course.trains_trainers and participant.certified_trainer_on is None:
            participant.certified_trainer_on = today
            bump(participant, ["certified_trainer_on"])
            record(
                "participant.trainer_certified",
                actor,
                participant,
                participant.institution_id,
                changed_fields=["certified_trainer_on"],
                data={"certificate": code},
            )
        issued.append(certificate)
    return issued


@transaction.atomic
def certificate_revoke(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke the certificate, with the reason (kept encrypted, never in the audit trail). A
    holder made a certified trainer by it, and by no other valid certificate, is one no more."""
    require(policies.can_manage_session(actor, certificate.enrolment.session))
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enrolment__session__course", "enrolment__participant")
        .get(pk=certificate.pk)
    )
    if certificate.revoked_at is not None:
        raise DomainError(_("This certificate was already revoked."))
    require(policies.can_revoke_certificate(actor, certificate))
    errors: dict[str, list[str]] = {}
    reason = text(errors, "reason", reason, required=True, limit=REASON_LIMIT)
    if errors:
        raise ValidationError(errors)
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = actor.user
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by", "updated_at"])
    session = certificate.enrolment.session
    record(
        "certificate.revoked",
        actor,
        certificate,
        session.institution_id,
        changed_fields=["revoked_at", "revoked_reason"],
        data={"code": certificate.code, "session": str(session.pk)},
    )
    participant = certificate.enrolment.participant
    if (
        session.course.trains_trainers
        and participant.certified_trainer_on is not None
        and not Certificate.objects.filter(
            enrolment__participant=participant,
            enrolment__session__course__trains_trainers=True,
            revoked_at__isnull=True,
        ).exists()
    ):
        participant.certified_trainer_on = None
        bump(participant, ["certified_trainer_on"])
        record(
            "participant.trainer_certification_withdrawn",
            actor,
            participant,
            participant.institution_id,
            changed_fields=["certified_trainer_on"],
            data={"certificate": certificate.code},
        )
    return certificate


def certificate_download(*, actor: Actor, certificate: Certificate, kind: str) -> None:
    """Record a download of the PDF or the signed credential; a revoked certificate is not
    handed out any more (its public check says it was revoked)."""
    require(policies.can_read_certificate(actor, certificate))
    if kind not in DOWNLOAD_FORMATS:
        raise ValueError(kind)
    if certificate.revoked_at is not None:
        raise DomainError(_("This certificate was revoked: it can no longer be downloaded."))
    record(
        "certificate.downloaded",
        actor,
        certificate,
        certificate.enrolment.session.institution_id,
        data={"code": certificate.code, "format": kind},
    )
