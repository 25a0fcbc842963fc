"""Reads of certificates: who of a session may get one (and why not), the certificates in the
actor's scope, the holder's own, and the public check of a code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.prevention import policies
from ruta.prevention.choices import EnrolmentStatus, SessionStatus
from ruta.prevention.models import Certificate, Course, Enrolment, TrainingSession

# Crockford's base32: no I, L, O, U (read as 1, 1, 0; U is left out).
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "RUTA-"
_CROCKFORD_FIX = str.maketrans({"I": "1", "L": "1", "O": "0"})
_CODE_RE = re.compile(r"^(?:RUTA-?)?([0-9A-Z]{4})-?([0-9A-Z]{4})$")


def normalise_code(raw: str) -> str:
    """A typed code as stored: case, spaces and Crockford's look-alikes (O for 0, I or L for
    1) do not matter; "RUTA-" may be left out. Anything else comes back upper-cased."""
    text = re.sub(r"[\s_.]+", "", (raw or "")[:40]).upper()
    match = _CODE_RE.match(text)
    if not match:
        return text[:20]
    return CODE_PREFIX + "-".join(part.translate(_CROCKFORD_FIX) for part in match.groups())


def code_is_well_formed(code: str) -> bool:
    match = _CODE_RE.match(code)
    if match is None:
        return False
    return all(c in CODE_ALPHABET for part in match.groups() for c in part)


def record(action: str, actor: Actor, target, institution_id: UUID | None, **kwargs) -> None:
    """An audited read (``prevention.<action>``), like the services' writes."""
    audit.record(
        action=f"prevention.{action}",
        actor=actor,
        target=target,
        target_institution_id=institution_id,
        **kwargs,
    )


# --- eligibility -------------------------------------------------------------------------------
@dataclass
class Eligibility:
    enrolment: Enrolment
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    certificate: Certificate | None = None
    attendance_pct: Decimal | None = None
    score_pct: Decimal | None = None


def _pct(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _shown(pct: Decimal) -> str:
    """A share as written in a reason: 50, 66.7 (no trailing .0)."""
    text = f"{pct:f}"
    return text[:-2] if text.endswith(".0") else text


def eligibility_of(
    enrolment: Enrolment, *, session: TrainingSession, course: Course
) -> Eligibility:
    """Whether the enrolment earns a certificate: enrolled (not withdrawn), no certificate yet,
    at least ``course.min_attendance_pct`` of the session's days attended and a post-test
    score of at least ``course.pass_score_pct`` of its maximum."""
    certificate = getattr(enrolment, "certificate", None)
    attendance = _pct(enrolment.days_present, session.days)
    score = _pct(enrolment.post_score, enrolment.max_score)
    reasons: list[str] = []
    if certificate is not None:
        reasons.append(_("Already certified."))
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        reasons.append(_("Withdrew from the session."))
    if attendance is None or attendance < course.min_attendance_pct:
        reasons.append(
            _("Attended %(pct)s%% of the days; %(min)s%% are needed.")
            % {
                "pct": _shown(attendance) if attendance is not None else 0,
                "min": course.min_attendance_pct,
            }
        )
    if score is None:
        reasons.append(_("No post-test recorded."))
    elif score < course.pass_score_pct:
        reasons.append(
            _("Scored %(pct)s%% in the post-test; %(min)s%% are needed.")
            % {"pct": _shown(score), "min": course.pass_score_pct}
        )
    return Eligibility(
        enrolment=enrolment,
        eligible=not reasons,
        reasons=reasons,
        certificate=certificate,
        attendance_pct=attendance,
        score_pct=score,
    )


def session_problem(session: TrainingSession) -> str:
    """Why no certificate may be issued for the session at all, or ''."""
    if session.status == SessionStatus.CANCELLED:
        return _("The session was cancelled.")
    if session.ends_on > timezone.localdate():
        return _("The session has not ended yet.")
    return ""


def eligibility_list(*, session: TrainingSession) -> list[Eligibility]:
    """Every enrolment of the session (its participant and certificate loaded), with whether
    it earns a certificate; ordered by name."""
    enrolments = session.enrolments.select_related("participant", "certificate").order_by(
        "participant__family_names", "participant__given_names", "pk"
    )
    course = session.course
    return [eligibility_of(e, session=session, course=course) for e in enrolments]


def course_hours(course: Course) -> Decimal:
    total = course.modules.aggregate(total=Sum("hours"))["total"]
    return total if total is not None else Decimal(0)


# --- sessions and certificates in scope --------------------------------------------------------
def session_for_certificates(*, actor: Actor, session_id: UUID) -> TrainingSession:
    """The session, read as its organiser (its list of names): 404 for anyone else."""
    session = get_object_or_404(
        policies.scope_sessions(actor).select_related("course", "institution"), pk=session_id
    )
    require(policies.session_is_own(actor, session))
    return session


def session_certificates_view(*, actor: Actor, session: TrainingSession) -> None:
    """Record that the actor read the session's list of names and results."""
    record("session.certificates_viewed", actor, session, session.institution_id)


def session_certificates_panel(*, actor: Actor, session: TrainingSession) -> dict | None:
    """The session page's certificates card (``prevention/certificates/_session_certificates
    .html``): None for a reader who is not the organiser."""
    if not policies.session_is_own(actor, session):
        return None
    rows = eligibility_list(session=session)
    return {
        "session": session,
        "rows": rows,
        "issued": sum(1 for r in rows if r.certificate is not None),
        "eligible": sum(1 for r in rows if r.eligible),
        "can_issue": policies.can_manage_session(actor, session) and not session_problem(session),
    }


def _with_relations(qs: QuerySet[Certificate]) -> QuerySet[Certificate]:
    return qs.select_related(
        "enrolment__participant", "enrolment__session__course", "enrolment__session__institution"
    )


def certificate_list(
    *, actor: Actor, session_id: UUID | None = None, revoked: bool | None = None
) -> QuerySet[Certificate]:
    qs = _with_relations(policies.scope_certificates(actor))
    if session_id is not None:
        qs = qs.filter(enrolment__session_id=session_id)
    if revoked is not None:
        qs = qs.filter(revoked_at__isnull=not revoked)
    return qs.order_by("-issued_on", "code")


def certificates_listed(*, actor: Actor, count: int) -> None:
    """Record that the actor read a list of certificates (holders' names)."""
    record("certificate.listed", actor, None, None, data={"count": count})


def certificate_get(*, actor: Actor, certificate_id: UUID) -> Certificate:
    certificate = get_object_or_404(
        _with_relations(policies.scope_certificates(actor)), pk=certificate_id
    )
    require(policies.can_read_certificate(actor, certificate))
    return certificate


def certificate_view(*, actor: Actor, certificate: Certificate) -> None:
    record(
        "certificate.viewed",
        actor,
        certificate,
        certificate.enrolment.session.institution_id,
        data={"code": certificate.code},
    )


def my_certificates(*, actor: Actor) -> QuerySet[Certificate]:
    """The certificates of the participant who is the signed-in user."""
    return _with_relations(
        Certificate.objects.filter(enrolment__participant__user_id=actor.user_id)
    ).order_by("-issued_on", "code")


def certificate_public(*, code: str) -> Certificate | None:
    """The certificate a typed code names (for the public check), or None."""
    normalised = normalise_code(code)
    if not normalised:
        return None
    return (
        Certificate.objects.only(
            "code", "holder_name", "course_title", "hours", "issued_on", "issuer_name", "revoked_at"
        )
        .filter(code=normalised)
        .first()
    )
