"""A small world for the table-driven policy tests (``tests/<app>/test_policies.py``).

Actors are built from the shipped role templates (``accounts/migrations/0002``); a template
"as territory" is a copy of it whose record scope is ``territory`` (no shipped template
combines case work with that scope). Records are created directly: these tests are about
who sees what, not about how records are made.

Places: D1 = HN-CR (Cortés) with municipality M1 (San Pedro Sula), D2 = HN-FM. The home
institution H serves D2 (its institution territory); unit U1 is in D1; N serves nothing; O is
another institution (a stranger, and the receiver of H's grants).
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from ruta.accounts.models import Membership, Role
from ruta.cases.choices import CaseStatus, TaskKind
from ruta.cases.models import AccessGrant, Case, Task
from ruta.core.choices import RecordScope
from ruta.core.models import Department, Municipality
from ruta.institutions.models import Unit
from ruta.intake.models import Report
from ruta.people.models import Person
from tests.factories import actor_of, make_institution, make_user

D1, D2 = "HN-CR", "HN-FM"
M1 = "HN0501"
_n = itertools.count(1)


def template_as(code: str, scope: str) -> Role:
    """A copy of a shipped role template with another record scope."""
    template = Role.objects.get(code=code)
    role, _ = Role.objects.get_or_create(
        code=f"{code}-{scope}",
        defaults={
            "capabilities": template.capabilities,
            "scope": scope,
            "read_sensitivities": template.read_sensitivities,
            "write_sensitivities": template.write_sensitivities,
        },
    )
    return role


def member(
    template: str,
    institution,
    *,
    scope: str | None = None,
    unit=None,
    departments=(),
    municipalities=(),
):
    """An Actor of ``template`` (optionally with another scope) in ``institution``."""
    user = make_user(template, institution, unit=unit)
    membership = Membership.objects.get(user=user, institution=institution)
    if scope is not None:
        membership.role = template_as(template, scope)
        membership.save(update_fields=["role"])
    membership.departments.set(departments)
    membership.municipalities.set(municipalities)
    return actor_of(user, institution)


def _person(institution, created_by=None):
    return Person.objects.create(institution=institution, given_names="Ana", created_by=created_by)


def _report(institution, *, department=None, municipality=None, created_by=None, **kw):
    return Report.objects.create(
        reference=f"R-T-{next(_n)}",
        institution=institution,
        channel="hotline",
        received_at=timezone.now(),
        narrative="x",
        department_id=department,
        municipality_id=municipality,
        created_by=created_by,
        **kw,
    )


def _case(institution, *, report=None, unit=None, assigned_to=None, person=None, **kw):
    return Case.objects.create(
        reference=f"C-T-{next(_n)}",
        institution=institution,
        person=person or _person(institution),
        report=report,
        unit=unit,
        assigned_to=assigned_to,
        opened_at=timezone.now(),
        **kw,
    )


def build() -> SimpleNamespace:
    Municipality.objects.get_or_create(
        code=M1, defaults={"department_id": D1, "name": "San Pedro Sula"}
    )
    h = make_institution()
    h.territories.set([Department.objects.get(pk=D2)])
    n = make_institution()  # serves nothing
    o = make_institution()
    u1 = Unit.objects.create(institution=h, name="Regional Cortés", department_id=D1)
    u2 = Unit.objects.create(institution=h, name="Regional FM", department_id=D2)
    ou = Unit.objects.create(institution=o, name="Shelter FM", department_id=D2)

    a = {
        "coord": member("eri_coordinator", h),
        "worker": member("case_worker", h),
        "worker2": member("case_worker", h),
        "sup_u1": member("supervisor", h, unit=u1),
        "sup2_u1": member("supervisor", h, unit=u1),
        "sup_u2": member("supervisor", h, unit=u2),
        "sup_nounit": member("supervisor", h),
        "terr_d1": member("eri_coordinator", h, scope=RecordScope.TERRITORY, departments=[D1]),
        "terr_m1": member("eri_coordinator", h, scope=RecordScope.TERRITORY, municipalities=[M1]),
        "terr_inst": member("eri_coordinator", h, scope=RecordScope.TERRITORY),
        "terr_none": member("eri_coordinator", n, scope=RecordScope.TERRITORY),
        "n_coord": member("eri_coordinator", n),
        "analyst": member("me_analyst", h),
        "coord_agg": member("eri_coordinator", h, scope=RecordScope.AGGREGATE),
        "hotline": member("hotline_operator", h),
        "prosecutor": member("prosecutor", h),
        "investigator": member("investigator", h),
        "inst_admin": member("institution_admin", h),
        "auditor": member("auditor", h),
        "platform": member("platform_admin", h),
        "other": member("eri_coordinator", o),
        "o_worker": member("case_worker", o),
        "o_worker2": member("case_worker", o),
        "o_sup": member("supervisor", o, unit=ou),
        "o_sup_nounit": member("supervisor", o),
        "o_terr_d2": member("eri_coordinator", o, scope=RecordScope.TERRITORY, departments=[D2]),
        "o_terr_d1": member("eri_coordinator", o, scope=RecordScope.TERRITORY, departments=[D1]),
    }
    worker, sup2 = a["worker"].user, a["sup2_u1"].user
    # Reports: m1 new and untaken; d1 in triage, taken by a member of unit U1; d2 accepted
    # by the coordinator; hot recorded by the hotline operator, new, with no place.
    r_m1 = _report(h, department=D1, municipality=M1)
    r_d1 = _report(h, department=D1, status="in_triage", taken_by=sup2)
    r_d2 = _report(h, department=D2, status="accepted", taken_by=a["coord"].user)
    r_hot = _report(h, created_by=a["hotline"].user)
    r_n = _report(n, department=D1)
    c = {
        "m1": _case(h, report=r_m1),
        "d1": _case(h, report=r_d1),
        "d2": _case(h, report=r_d2),
        "u1": _case(h, unit=u1),
        "bare": _case(h),
        "mine": _case(h, assigned_to=worker, person=_person(h, created_by=worker)),
        "closed_u1": _case(h, unit=u1, status=CaseStatus.CLOSED, closed_at=timezone.now()),
        "pending_u1": _case(
            h, unit=u1, closure_requested_at=timezone.now(), closure_requested_by=sup2
        ),
        "n_d1": _case(n, report=r_n),
        "o_case": _case(o),
    }
    persons = {k: v.person for k, v in c.items()}
    persons["p_terr"] = _person(h, created_by=a["terr_d1"].user)  # no case yet
    persons["p_sup2"] = _person(h, created_by=sup2)  # recorded by a member of unit U1
    persons["p_lonely"] = _person(h)  # no case, no recorder
    now = timezone.now()

    def grant(case, **kw):
        return AccessGrant.objects.create(
            case=case,
            institution=o,
            sections=["identity", "care"],
            valid_from=now - timedelta(days=1),
            source="referral",
            source_id=case.pk,
            **kw,
        )

    g = {
        # H's case placed in D1, handed to o_worker, no unit.
        "to_worker": grant(c["m1"], assigned_to=a["o_worker"].user),
        # H's case placed in D2, handed to O's unit in D2.
        "to_unit": grant(c["d2"], unit=ou),
        # H's case with no place and no unit, handed to nobody.
        "unplaced": grant(c["bare"]),
        # Ended yesterday: nobody sees it any more.
        "ended": grant(c["u1"], valid_until=now - timedelta(hours=1)),
    }
    t = {
        k: Task.objects.create(case=v, kind=TaskKind.FIRST_CONTACT, due_at=now)
        for k, v in c.items()
    }
    return SimpleNamespace(
        h=h,
        n=n,
        o=o,
        u1=u1,
        u2=u2,
        ou=ou,
        actors=a,
        cases=c,
        grants=g,
        tasks=t,
        persons=persons,
        reports={"m1": r_m1, "d1": r_d1, "d2": r_d2, "hot": r_hot, "n": r_n},
    )


def module_world(django_db_blocker):
    """Build the world once for a test module, inside a transaction rolled back at the end
    (each test runs in a savepoint inside it). Use from a module-scoped fixture."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)
