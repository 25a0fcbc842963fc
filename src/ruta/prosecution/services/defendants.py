"""Suspects and defendants: the person (identity kept apart, matched like a survivor), the
process data, charges per defendant, verdicts per charge, appeals, compensation paid and
confiscated assets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.cases.choices import FormOfExploitation
from ruta.core.actor import Actor
from ruta.core.errors import check_version
from ruta.people import services as people_services
from ruta.people.choices import Sex
from ruta.people.models import Person
from ruta.people.policies import person_in_scope
from ruta.prosecution import policies
from ruta.prosecution.choices import (
    INDICTED_STAGES,
    SENTENCED,
    AppealedBy,
    AppealKind,
    AppealResult,
    Currency,
    DetentionStatus,
    Extradition,
    VerdictOutcome,
)
from ruta.prosecution.models import (
    AggravatingCircumstance,
    Appeal,
    Charge,
    CompensationPayment,
    ConfiscatedAsset,
    CriminalFile,
    Defendant,
    Offence,
    PerpetratorRole,
    Verdict,
)
from ruta.prosecution.services._common import (
    bump,
    choice,
    day,
    file_for_write,
    present,
    record,
    text,
)

PROFILE_FIELDS = (
    "role",
    "sex",
    "age",
    "nationality",
    "public_official",
    "organised_crime",
    "detention",
    "arrested_on",
    "detention_from",
    "detention_until",
    "extradition",
)


def _validate_profile(values: dict, errors: dict) -> None:
    role = values.get("role")
    if role is not None and (not isinstance(role, PerpetratorRole) or not role.is_active):
        errors["role"] = [_("This role is not in use.")]
    if "sex" in values:
        choice(errors, "sex", values["sex"], Sex.values)
    age = values.get("age")
    if age is not None and not 10 <= age <= 110:
        errors["age"] = [_("An age must be between 10 and 110.")]
    nationality = values.get("nationality")
    if nationality and not pycountry.countries.get(alpha_3=nationality):
        errors["nationality"] = [_("Unknown country code: %(code)s") % {"code": nationality}]
    if "detention" in values:
        choice(errors, "detention", values["detention"], DetentionStatus.values)
    if "extradition" in values:
        choice(errors, "extradition", values["extradition"], Extradition.values)
    for name in ("arrested_on", "detention_from"):
        if values.get(name) is not None:
            day(errors, name, values[name])
    until, since = values.get("detention_until"), values.get("detention_from")
    if until is not None and since is not None and until < since:
        errors["detention_until"] = [_("The detention ends after it starts.")]


@transaction.atomic
def defendant_add(
    *,
    actor: Actor,
    file: CriminalFile,
    person: Person | None = None,
    identity: dict | None = None,
    **profile,
) -> Defendant:
    """Add a suspect: an existing person of the institution (found by the duplicate check)
    or a new one recorded from ``identity`` (the people service's fields)."""
    file = file_for_write(actor, file, allowed=policies.can_record_person)
    errors: dict = {}
    profile = {k: v for k, v in profile.items() if k in PROFILE_FIELDS}
    _validate_profile(profile, errors)
    if person is not None:
        if not person_in_scope(actor, person):
            errors["person"] = [_("Unknown person.")]
        elif file.defendants.filter(person=person).exists():
            errors["person"] = [_("This person is already a suspect in this file.")]
    elif not identity:
        errors["person"] = [_("Name the suspect, or choose a person already recorded.")]
    if errors:
        raise ValidationError(errors)
    if person is None:
        person = people_services.person_create(actor=actor, **(identity or {}))
    if "sex" not in profile and person.sex:
        profile["sex"] = person.sex
    if "nationality" not in profile and person.nationalities:
        profile["nationality"] = person.nationalities[0]
    number = file.defendants.count() + 1
    # A suspect of a file opened from a police operation came out of that operation.
    defendant = Defendant.objects.create(
        file=file,
        person=person,
        code=f"I-{number}",
        operation_id=file.operation_id,
        **profile,
    )
    record(
        "defendant.added",
        actor,
        defendant,
        file,
        changed_fields=sorted(k for k, v in profile.items() if v not in ("", None, False)),
    )
    return defendant


@transaction.atomic
def defendant_update(
    *, actor: Actor, defendant: Defendant, version: int | None, **changes
) -> Defendant:
    """The process data: role, profile, arrest, detention, extradition. Also on a closed or
    final file: a convicted person is released, an extradition is decided years later."""
    file = file_for_write(actor, defendant.file, allow_closed=True)
    defendant = Defendant.objects.select_for_update().get(pk=defendant.pk, file=file)
    check_version(defendant, version)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not a defendant's field: {sorted(unknown)}")
    errors: dict = {}
    merged = {name: getattr(defendant, name) for name in PROFILE_FIELDS} | changes
    _validate_profile(merged, errors)
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in changes.items() if getattr(defendant, k) != v]
    if not changed:
        return defendant
    for name in changed:
        setattr(defendant, name, changes[name])
    bump(defendant, changed)
    record("defendant.updated", actor, defendant, file, changed_fields=changed)
    return defendant


@transaction.atomic
def charge_add(
    *,
    actor: Actor,
    defendant: Defendant,
    offence: Offence | None,
    charged_on: date | None,
    form_of_exploitation: str = "",
    aggravating: list[AggravatingCircumstance] | None = None,
) -> Charge:
    """A charge needs the file indicted (the requerimiento fiscal names the charges)."""
    file = file_for_write(actor, defendant.file)
    errors: dict = {}
    if offence is None or not offence.is_active:
        errors["offence"] = [_("This offence is not in use.")]
    if file.stage not in INDICTED_STAGES:
        errors["offence"] = [_("Charges are recorded once the file is indicted.")]
    choice(
        errors,
        "form_of_exploitation",
        form_of_exploitation,
        FormOfExploitation.values,
        required=False,
    )
    day(errors, "charged_on", charged_on, not_before=file.indictment_on or file.complaint_on)
    aggravating = list(aggravating or [])
    if any(not a.is_active for a in aggravating):
        errors["aggravating"] = [_("This aggravating circumstance is not in use.")]
    if errors:
        raise ValidationError(errors)
    offence = present(offence)
    charged_on = present(charged_on)
    charge = Charge.objects.create(
        defendant=defendant,
        institution_id=file.institution_id,
        offence=offence,
        classification=offence.classification,
        form_of_exploitation=form_of_exploitation,
        charged_on=charged_on,
    )
    charge.aggravating.set(aggravating)
    record(
        "charge.added",
        actor,
        charge,
        file,
        data={"offence": offence.code, "aggravating": sorted(a.code for a in aggravating)},
    )
    return charge


def _money(errors: dict, field: str, amount, currency: str, *, currency_field: str) -> None:
    if amount is None:
        return
    if not isinstance(amount, Decimal) or amount < 0:
        errors[field] = [_("Enter an amount of zero or more.")]
    if not currency:
        errors[currency_field] = [_("Name the currency of the amount.")]
    elif currency not in Currency.values:
        errors[currency_field] = [_("Unknown code: %(code)s") % {"code": currency}]


def _validate_verdict(errors: dict, values: dict) -> None:
    outcome = values.get("outcome", "")
    choice(errors, "outcome", outcome, VerdictOutcome.values)
    sentence = [values.get(n) or 0 for n in ("sentence_years", "sentence_months", "sentence_days")]
    if any(v < 0 for v in sentence) or sentence[0] > 150 or sentence[1] > 11 or sentence[2] > 30:
        errors["sentence_years"] = [_("Check the sentence: years, months (0-11), days (0-30).")]
    sentenced = outcome in SENTENCED
    if not sentenced and any(sentence):
        errors["sentence_years"] = [_("Only a conviction or a plea carries a sentence.")]
    for name in ("fine_amount", "compensation_ordered"):
        if not sentenced and values.get(name):
            errors[name] = [_("Only a conviction or a plea carries a fine or compensation.")]
    _money(
        errors,
        "fine_amount",
        values.get("fine_amount"),
        values.get("fine_currency", ""),
        currency_field="fine_currency",
    )
    _money(
        errors,
        "compensation_ordered",
        values.get("compensation_ordered"),
        values.get("compensation_currency", ""),
        currency_field="compensation_currency",
    )


VERDICT_FIELDS = (
    "outcome",
    "sentence_years",
    "sentence_months",
    "sentence_days",
    "fine_amount",
    "fine_currency",
    "compensation_ordered",
    "compensation_currency",
)


def _save_verdict(actor, charge: Charge, decided_on: date, appeal: Appeal | None, values: dict):
    values = {k: values.get(k) for k in VERDICT_FIELDS}
    for name in ("sentence_years", "sentence_months", "sentence_days"):
        values[name] = values[name] or 0
    for name in ("fine_currency", "compensation_currency"):
        values[name] = values[name] or ""
    verdict = Verdict.objects.create(
        charge=charge, appeal=appeal, decided_on=decided_on, recorded_by=actor.user, **values
    )
    charge.outcome = verdict.outcome
    charge.outcome_on = decided_on
    sentenced = verdict.outcome in SENTENCED
    charge.sentence_days = verdict.total_sentence_days if sentenced else None
    charge.compensation_ordered = verdict.compensation_ordered if sentenced else None
    charge.compensation_currency = verdict.compensation_currency if sentenced else ""
    bump(
        charge,
        ["outcome", "outcome_on", "sentence_days", "compensation_ordered", "compensation_currency"],
    )
    return verdict


@transaction.atomic
def verdict_record(*, actor: Actor, charge: Charge, decided_on: date | None, **values) -> Verdict:
    """The trial court's verdict on one charge: never before an indictment (an abbreviated
    procedure reaches a verdict without a trial), once per charge: an appeal changes it
    afterwards."""
    file = file_for_write(actor, charge.defendant.file)
    charge = Charge.objects.select_for_update().get(pk=charge.pk, defendant__file=file)
    errors: dict = {}
    if not file.indictment_on:
        errors["outcome"] = [_("There is no verdict before an indictment.")]
    elif charge.verdicts.exists():
        errors["outcome"] = [
            _("This charge already has its verdict: record an appeal to change it.")
        ]
    _validate_verdict(errors, values)
    day(errors, "decided_on", decided_on, not_before=file.indictment_on or file.complaint_on)
    if errors:
        raise ValidationError(errors)
    decided_on = present(decided_on)
    verdict = _save_verdict(actor, charge, decided_on, None, values)
    record(
        "verdict.recorded",
        actor,
        verdict,
        file,
        data={"charge": str(charge.pk), "outcome": verdict.outcome},
    )
    return verdict


@transaction.atomic
def appeal_file(
    *,
    actor: Actor,
    file: CriminalFile,
    kind: str,
    appealed_by: str,
    filed_on: date | None,
    court: str,
) -> Appeal:
    """An appeal against the verdict: the file must have one."""
    file = file_for_write(actor, file)
    errors: dict = {}
    choice(errors, "kind", kind, AppealKind.values)
    choice(errors, "appealed_by", appealed_by, AppealedBy.values)
    court = text(errors, "court", court, required=True, limit=200)
    if not Verdict.objects.filter(charge__defendant__file=file).exists():
        errors["kind"] = [_("There is no verdict to appeal yet.")]
    day(errors, "filed_on", filed_on, not_before=file.verdict_on)
    if errors:
        raise ValidationError(errors)
    filed_on = present(filed_on)
    appeal = Appeal.objects.create(
        file=file,
        kind=kind,
        appealed_by=appealed_by,
        filed_on=filed_on,
        court=court,
        created_by=actor.user,
    )
    record("appeal.filed", actor, appeal, file, data={"kind": kind, "by": appealed_by})
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    actor: Actor,
    appeal: Appeal,
    version: int | None,
    result: str,
    decided_on: date | None,
    verdicts: dict[Charge, dict] | None = None,
) -> Appeal:
    """The appeal court's decision. Confirmed leaves every verdict as it was; revoked or
    modified gives the new verdict of each charge it changed (``verdicts``: charge ->
    the verdict's fields), which becomes the verdict as it stands."""
    file = file_for_write(actor, appeal.file)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk, file=file)
    check_version(appeal, version)
    errors: dict = {}
    choice(errors, "result", result, AppealResult.values)
    if appeal.result:
        errors["result"] = [_("The result of this appeal is already recorded.")]
    day(errors, "decided_on", decided_on, not_before=appeal.filed_on)
    verdicts = verdicts or {}
    if result == AppealResult.CONFIRMED and verdicts:
        errors["result"] = [_("A confirmed verdict changes no charge.")]
    if result in (AppealResult.REVOKED, AppealResult.MODIFIED) and not verdicts:
        errors["result"] = [_("Give the verdict as it stands after the appeal.")]
    for charge, values in verdicts.items():
        if charge.defendant.file_id != file.pk or not charge.verdicts.exists():
            errors["result"] = [_("A charge without a verdict cannot change on appeal.")]
            break
        _validate_verdict(errors, values)
    if errors:
        raise ValidationError(errors)
    decided_on = present(decided_on)
    appeal.result = result
    appeal.decided_on = decided_on
    bump(appeal, ["result", "decided_on"])
    for charge, values in verdicts.items():
        _save_verdict(
            actor, Charge.objects.select_for_update().get(pk=charge.pk), decided_on, appeal, values
        )
    record(
        "appeal.decided",
        actor,
        appeal,
        file,
        data={"result": result, "charges_changed": len(verdicts)},
    )
    return appeal


@transaction.atomic
def compensation_record_payment(
    *,
    actor: Actor,
    defendant: Defendant,
    amount: Decimal | None,
    currency: str,
    paid_on: date | None,
) -> CompensationPayment:
    file = file_for_write(actor, defendant.file, allow_closed=True)
    errors: dict = {}
    if amount is None or amount <= 0:
        errors["amount"] = [_("Enter an amount greater than zero.")]
    choice(errors, "currency", currency, Currency.values)
    ordered = compensation_currencies(defendant)
    if not ordered:
        errors["amount"] = [_("No compensation was ordered from this defendant.")]
    elif currency and currency in ordered and amount is not None and amount > 0:
        due = compensation_due(defendant, currency)
        if amount > due:
            errors["amount"] = [
                _("More than what is still owed: %(due)s %(currency)s.")
                % {"due": f"{due:,.2f}", "currency": currency}
            ]
    elif currency and currency not in ordered:
        errors["currency"] = [
            _("The compensation was ordered in %(currencies)s.")
            % {"currencies": ", ".join(sorted(ordered))}
        ]
    day(errors, "paid_on", paid_on, not_before=file.verdict_on)
    if errors:
        raise ValidationError(errors)
    amount = present(amount)
    paid_on = present(paid_on)
    payment = CompensationPayment.objects.create(
        defendant=defendant,
        amount=amount,
        currency=currency,
        paid_on=paid_on,
        recorded_by=actor.user,
    )
    record("compensation.paid", actor, payment, file, data={"currency": currency})
    return payment


def current_verdicts(defendant: Defendant) -> list[Verdict]:
    """The verdict as it stands on each of the defendant's charges (the last one)."""
    current: dict = {}
    for verdict in Verdict.objects.filter(charge__defendant=defendant).order_by(
        "decided_on", "created_at"
    ):
        current[verdict.charge_id] = verdict
    return list(current.values())


def compensation_due(defendant: Defendant, currency: str) -> Decimal:
    """What is still owed in ``currency``: ordered by the verdicts as they stand, less paid."""
    from django.db.models import Sum

    ordered = sum(
        (
            v.compensation_ordered or Decimal(0)
            for v in current_verdicts(defendant)
            if v.outcome in SENTENCED and v.compensation_currency == currency
        ),
        Decimal(0),
    )
    paid = defendant.payments.filter(currency=currency).aggregate(s=Sum("amount"))["s"]
    return ordered - (paid or Decimal(0))


def compensation_currencies(defendant: Defendant) -> set[str]:
    """The currencies of the compensation ordered from the defendant (by the verdicts as
    they stand); empty when none was ordered."""
    return {
        v.compensation_currency
        for v in current_verdicts(defendant)
        if v.outcome in SENTENCED and (v.compensation_ordered or 0) > 0
    }


@transaction.atomic
def asset_record(
    *,
    actor: Actor,
    defendant: Defendant,
    description: str,
    confiscated_on: date | None,
    value: Decimal | None = None,
    currency: str = "",
) -> ConfiscatedAsset:
    file = file_for_write(actor, defendant.file, allow_closed=True)
    errors: dict = {}
    description = text(errors, "description", description, required=True, limit=300)
    _money(errors, "value", value, currency, currency_field="currency")
    day(errors, "confiscated_on", confiscated_on, not_before=file.complaint_on)
    if errors:
        raise ValidationError(errors)
    confiscated_on = present(confiscated_on)
    asset = ConfiscatedAsset.objects.create(
        defendant=defendant,
        description=description,
        value=value,
        currency=currency,
        confiscated_on=confiscated_on,
        recorded_by=actor.user,
    )
    record("asset.recorded", actor, asset, file)
    return asset
