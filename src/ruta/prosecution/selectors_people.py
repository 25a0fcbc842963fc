"""Reads of the people in a criminal file: suspects and defendants with their charges, verdicts,
appeals, payments and assets; victims with their protection measures. Every record is reached
through the files in the actor's scope (404 outside it). Names are shown only as the policies
allow (``can_read_identity``, ``victim_identity``) and reading them is audited."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.countries import country_name
from ruta.people.models import Person
from ruta.people.policies import scope_persons
from ruta.prosecution import policies
from ruta.prosecution.choices import SENTENCED
from ruta.prosecution.models import (
    AggravatingCircumstance,
    Appeal,
    Charge,
    CriminalFile,
    Defendant,
    FileVictim,
    Offence,
    PerpetratorRole,
    ProtectionMeasure,
    Verdict,
)

PEOPLE_VIEWED = "prosecution.file.people_viewed"


def file_get(*, actor: Actor, file_id: UUID) -> CriminalFile:
    return get_object_or_404(
        policies.scope_files(actor).select_related("institution", "assigned_to"), pk=file_id
    )


def _defendants_qs(actor: Actor) -> QuerySet[Defendant]:
    return Defendant.objects.filter(file__in=policies.scope_files(actor)).select_related(
        "file", "person", "role"
    )


def defendant_get(*, actor: Actor, defendant_id: UUID) -> Defendant:
    return get_object_or_404(_defendants_qs(actor), pk=defendant_id)


def charge_get(*, actor: Actor, charge_id: UUID) -> Charge:
    qs = Charge.objects.filter(defendant__file__in=policies.scope_files(actor)).select_related(
        "defendant__file", "offence"
    )
    return get_object_or_404(qs, pk=charge_id)


def appeal_get(*, actor: Actor, appeal_id: UUID) -> Appeal:
    qs = Appeal.objects.filter(file__in=policies.scope_files(actor)).select_related("file")
    return get_object_or_404(qs, pk=appeal_id)


def _victims_qs(actor: Actor) -> QuerySet[FileVictim]:
    return (
        FileVictim.objects.filter(file__in=policies.scope_files(actor))
        .select_related("file", "person", "case__person", "case__institution")
        .prefetch_related("measures")
    )


def victim_get(*, actor: Actor, victim_id: UUID) -> FileVictim:
    return get_object_or_404(_victims_qs(actor), pk=victim_id)


def measure_get(*, actor: Actor, measure_id: UUID) -> ProtectionMeasure:
    qs = ProtectionMeasure.objects.filter(
        victim__file__in=policies.scope_files(actor)
    ).select_related("victim__file")
    return get_object_or_404(qs, pk=measure_id)


def person_for(*, actor: Actor, person_id: UUID | None) -> Person | None:
    """A person of the institution chosen through the people search, or None."""
    if person_id is None:
        return None
    return scope_persons(actor).filter(pk=person_id).first()


def active_roles() -> list[tuple[str, str]]:
    language = get_language() or "es"
    return [(r.code, r.label(language)) for r in PerpetratorRole.objects.filter(is_active=True)]


def role_by_code(code: str) -> PerpetratorRole | None:
    return PerpetratorRole.objects.filter(code=code).first() if code else None


def linkable_cases(*, actor: Actor) -> list[tuple[str, str]]:
    """The cases a file may link: their reference only."""
    return [(str(g.case_id), g.case.reference) for g in policies.linkable_grants(actor)]


def linkable_case(*, actor: Actor, case_id: UUID):
    """The case of one of the actor's legal grants, or None."""
    for grant in policies.linkable_grants(actor):
        if grant.case_id == case_id:
            return grant.case
    return None


# --- Names -----------------------------------------------------------------------------------


def defendant_name(actor: Actor, defendant: Defendant) -> str | None:
    if policies.can_read_identity(actor, defendant.file):
        return defendant.person.full_name
    return None


def victim_name(actor: Actor, victim: FileVictim) -> str | None:
    person = policies.victim_identity(actor, victim)
    return person.full_name if person is not None else None


def victim_case_link(actor: Actor, victim: FileVictim) -> bool:
    """Whether the file names (and links) the victim's protection case."""
    return policies.can_see_victim_case(actor, victim)


def audit_people_read(actor: Actor, file: CriminalFile, *, names: int) -> None:
    """Reading names is a read of personal data: one event per page or answer."""
    if names and settings.RUTA_AUDIT_READS:
        audit.record(
            action=PEOPLE_VIEWED,
            actor=actor,
            target=file,
            target_institution_id=file.institution_id,
            data={"names": names},
        )


# --- Lists -----------------------------------------------------------------------------------


def defendant_list(*, actor: Actor, file: CriminalFile) -> list[Defendant]:
    verdicts = Prefetch(
        "verdicts", queryset=Verdict.objects.select_related("appeal").order_by("decided_on")
    )
    charges = Prefetch(
        "charges",
        queryset=Charge.objects.select_related("offence").prefetch_related("aggravating", verdicts),
    )
    qs = (
        Defendant.objects.filter(file=file)
        .select_related("file", "person", "role")
        .prefetch_related(charges, "payments", "assets")
    )
    return list(qs)


def victim_list(*, actor: Actor, file: CriminalFile) -> list[FileVictim]:
    return list(_victims_qs(actor).filter(file=file))


def _ordered(defendant: Defendant) -> dict[str, Decimal]:
    """Compensation ordered by the verdict as it stands on each charge, per currency."""
    totals: dict[str, Decimal] = {}
    for charge in defendant.charges.all():
        verdicts = list(charge.verdicts.all())
        if not verdicts:
            continue
        current = verdicts[-1]
        if current.outcome in SENTENCED and current.compensation_ordered:
            cur = current.compensation_currency
            totals[cur] = totals.get(cur, Decimal(0)) + current.compensation_ordered
    return totals


def _paid(defendant: Defendant) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for payment in defendant.payments.all():
        totals[payment.currency] = totals.get(payment.currency, Decimal(0)) + payment.amount
    return totals


def defendant_row(actor: Actor, defendant: Defendant) -> dict:
    language = get_language() or "es"
    ordered, paid = _ordered(defendant), _paid(defendant)
    return {
        "defendant": defendant,
        "name": defendant_name(actor, defendant),
        "role_label": defendant.role.label(language) if defendant.role is not None else "",
        "nationality_label": country_name(defendant.nationality) if defendant.nationality else "",
        "charges": [
            {"charge": c, "verdicts": list(c.verdicts.all())} for c in defendant.charges.all()
        ],
        "money": [
            {"currency": cur, "ordered": ordered.get(cur, Decimal(0)), "paid": paid.get(cur, 0)}
            for cur in sorted(set(ordered) | set(paid))
        ],
    }


def victim_row(actor: Actor, victim: FileVictim) -> dict:
    return {
        "victim": victim,
        "name": victim_name(actor, victim),
        "case_link": victim_case_link(actor, victim),
        "measures": list(victim.measures.all()),
    }


def people_panel(actor: Actor, file: CriminalFile) -> dict:
    """The context of ``prosecution/_file_people.html`` on the file page (the caller has the
    file in scope). Audits the names it shows."""
    defendants = [defendant_row(actor, d) for d in defendant_list(actor=actor, file=file)]
    victims = [victim_row(actor, v) for v in victim_list(actor=actor, file=file)]
    names = sum(1 for r in defendants if r["name"]) + sum(1 for r in victims if r["name"])
    audit_people_read(actor, file, names=names)
    can_edit = policies.can_edit_file(actor, file) and file.is_open
    appeals = list(file.appeals.all())
    charges_with_verdict = [c["charge"] for r in defendants for c in r["charges"] if c["verdicts"]]
    context = {
        "file": file,
        "defendants": defendants,
        "victims": victims,
        "appeals": appeals,
        "charges_with_verdict": charges_with_verdict,
        "can_edit": can_edit,
        "can_record_person": can_edit and policies.can_record_person(actor, file),
        # What still changes on a final or closed file: detention and extradition, payments
        # and assets, the victims' participation and protection measures.
        "can_follow_up": policies.can_edit_file(actor, file),
        "linkable_cases": linkable_cases(actor=actor) if can_edit else [],
    }
    if context["can_follow_up"]:
        _add_forms(context)
    return context


def _add_forms(context: dict) -> None:
    """Unbound forms of the panel's actions (one per record where it carries a version)."""
    from ruta.prosecution import forms_people as f

    roles = active_roles()
    auto = "%s"
    # The code lists of the charge form, read once for every row (its unbound forms only
    # render them).
    offences = [("", "---------")] + [
        (o.code, str(o)) for o in Offence.objects.filter(is_active=True)
    ]
    aggravating = [(a.code, str(a)) for a in AggravatingCircumstance.objects.filter(is_active=True)]
    for row in context["defendants"]:
        d = row["defendant"]
        row["update_form"] = f.DefendantUpdateForm(
            roles=roles,
            prefix=None,
            auto_id=f"d{d.pk.hex[:8]}-{auto}",
            initial={
                "version": d.version,
                "role": d.role.code if d.role_id else "",
                **{
                    k: getattr(d, k)
                    for k in f.DefendantUpdateForm.base_fields
                    if k not in ("version", "role")
                },
            },
        )
        charge_form = f.ChargeAddForm(auto_id=f"c{d.pk.hex[:8]}-{auto}")
        charge_form.fields["offence"].choices = offences  # type: ignore[attr-defined]
        charge_form.fields["aggravating"].choices = aggravating  # type: ignore[attr-defined]
        row["charge_form"] = charge_form
        row["payment_form"] = f.PaymentForm(auto_id=f"p{d.pk.hex[:8]}-{auto}")
        row["asset_form"] = f.AssetForm(auto_id=f"a{d.pk.hex[:8]}-{auto}")
        for c in row["charges"]:
            c["verdict_form"] = f.VerdictRecordForm(auto_id=f"v{c['charge'].pk.hex[:8]}-{auto}")
    for row in context["victims"]:
        v = row["victim"]
        row["update_form"] = f.VictimUpdateForm(
            auto_id=f"vu{v.pk.hex[:8]}-{auto}",
            initial={"version": v.version, "role": v.role, "participation": v.participation},
        )
        row["measure_form"] = f.MeasureRequestForm(auto_id=f"m{v.pk.hex[:8]}-{auto}")
        row["decide_forms"] = [
            (
                m,
                f.MeasureDecideForm(
                    auto_id=f"md{m.pk.hex[:8]}-{auto}", initial={"version": m.version}
                ),
            )
            for m in row["measures"]
            if m.status == "requested"
        ]
    context["defendant_form"] = f.DefendantAddForm(auto_id="dn-%s")
    context["victim_record_form"] = f.VictimRecordForm(auto_id="vr-%s")
    context["link_form"] = f.VictimLinkCaseForm(cases=context["linkable_cases"], auto_id="vl-%s")
    context["appeal_form"] = f.AppealFileForm(auto_id="ap-%s")
    context["appeal_decide_forms"] = [
        (
            a,
            f.AppealDecideForm(
                charges=context["charges_with_verdict"],
                auto_id=f"ad{a.pk.hex[:8]}-{auto}",
                initial={"version": a.version},
            ),
        )
        for a in context["appeals"]
        if not a.result
    ]


# --- Code lookups for the API (an unknown code answers 422 in the view) -------------------------


def offence_by_code(code: str) -> Offence | None:
    return Offence.objects.filter(code=code).first()


def aggravating_by_codes(codes: list[str]) -> list[AggravatingCircumstance] | None:
    """The circumstances named, or None when a code names nothing."""
    found = list(AggravatingCircumstance.objects.filter(code__in=set(codes)))
    return found if len(found) == len(set(codes)) else None


def charges_of_file(file: CriminalFile, ids: list[UUID]) -> dict[UUID, Charge]:
    qs = Charge.objects.filter(defendant__file=file, pk__in=ids).select_related("defendant")
    return {c.pk: c for c in qs}
