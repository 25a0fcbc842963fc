"""The mandatory referral of a child's case to the child-protection agency, hooked into the
cases app through ``core.registry.child_case_hooks``."""

from __future__ import annotations

from ruta.care.choices import ServiceType
from ruta.cases.models import Case
from ruta.core.actor import Actor
from ruta.core.choices import InstitutionType
from ruta.institutions.models import Institution
from ruta.referrals.choices import ReferralStatus, ReferralType
from ruta.referrals.models import Referral
from ruta.referrals.services.referrals import create_referral


def child_protection_agency(case: Case) -> Institution | None:
    """The active child-protection institution that offers child protection, preferring one
    that serves the department of the case's report."""
    candidates = Institution.objects.filter(
        is_active=True,
        type=InstitutionType.CHILD_PROTECTION,
        offerings__service=ServiceType.CHILD_PROTECTION,
        offerings__is_active=True,
    ).exclude(pk=case.institution_id)
    report = case.report if case.report_id else None
    department = report.department_id if report else None
    if department:
        local = candidates.filter(offerings__departments__code=department).first()
        if local:
            return local
    return candidates.order_by("name").first()


def on_child_case(*, case: Case, actor: Actor) -> None:
    """A child's case is referred to the child-protection agency, by law: no consent is asked
    and only a supervisor may withdraw it."""
    if Referral.objects.filter(
        case=case, mandatory=True, status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    ).exists():
        return
    agency = child_protection_agency(case)
    if agency is None:
        return
    create_referral(
        actor=actor,
        case=case,
        to_institution=agency,
        type=ReferralType.CHILD_PROTECTION,
        services=[ServiceType.CHILD_PROTECTION.value],
        urgent=True,
        message="",
        mandatory=True,
    )
