"""The criminal file's rules, through its services: stages forward only with dates in order,
the correction path, early closure, charges and verdicts only after an indictment, one trial
verdict per charge, the verdict as it stands after an appeal, and the errors that save
nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from ruta.audit.models import AuditEvent
from ruta.core.choices import InstitutionType as T
from ruta.core.errors import ConflictError, NotPermitted
from ruta.core.models import Department
from ruta.prosecution import policies
from ruta.prosecution import services as pros
from ruta.prosecution.models import (
    Charge,
    CompensationPayment,
    CriminalFile,
    Defendant,
    Offence,
    StageChange,
    Verdict,
)
from tests.factories import actor_of, make_institution, make_user

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english():
    """The services' messages are asserted in English (the source language)."""
    with translation.override("en"):
        yield


START = TODAY - timedelta(days=300)


@pytest.fixture
def unit(db):
    fiscalia = make_institution("Fiscalía", T.PROSECUTION)
    return {
        "fiscalia": fiscalia,
        "prosecutor": actor_of(make_user("prosecutor", fiscalia)),
        "colleague": actor_of(make_user("prosecutor", fiscalia)),
        "department": Department.objects.order_by("code").first(),
        "trafficking": Offence.objects.filter(classification="trafficking").first(),
        "related": Offence.objects.filter(classification="related").first(),
    }


def new_file(unit, **kw) -> CriminalFile:
    return pros.file_create(
        actor=unit["prosecutor"],
        complaint_on=kw.pop("complaint_on", START),
        offence=kw.pop("offence", unit["trafficking"]),
        department=unit["department"],
        **kw,
    )


def advance(unit, file, *stages, step=20):
    for stage in stages:
        file = pros.stage_advance(
            actor=unit["prosecutor"],
            file=file,
            version=file.version,
            stage=stage,
            on=max(file.complaint_on, *[d for d in _dates(file) if d]) + timedelta(days=step),
        )
    return file


def _dates(file):
    return [
        getattr(file, f"{s}_on")
        for s in (
            "complaint",
            "investigation",
            "indictment",
            "initial_hearing",
            "preliminary_hearing",
            "trial",
            "verdict",
            "appeal",
            "final",
        )
    ]


def indicted_with_charge(unit, offence=None):
    file = advance(unit, new_file(unit), "investigation", "indictment")
    defendant = pros.defendant_add(
        actor=unit["prosecutor"],
        file=file,
        identity={"given_names": "Juan", "first_surname": "Acusado"},
        sex="male",
        nationality="HND",
    )
    charge = pros.charge_add(
        actor=unit["prosecutor"],
        defendant=defendant,
        offence=offence or unit["trafficking"],
        charged_on=file.indictment_on,
    )
    return file, defendant, charge


# --- Opening and stages ---------------------------------------------------------------------


def test_a_file_opens_at_the_complaint_with_its_time_limit(unit):
    file = new_file(unit, prosecutor_number="MP-1")
    assert file.stage == "complaint"
    assert file.classification == "trafficking"
    assert file.assigned_to_id == unit["prosecutor"].user_id
    assert file.stage_due_on == START + timedelta(days=30)
    assert file.reference.startswith("EP-")
    assert StageChange.objects.filter(file=file, to_stage="complaint").count() == 1
    assert AuditEvent.objects.filter(action="prosecution.file.created").count() == 1


def test_only_a_prosecutors_or_police_unit_opens_files(unit):
    shelter_prosecutor = actor_of(make_user("prosecutor", make_institution("ERI", T.RESPONSE_TEAM)))
    with pytest.raises(NotPermitted):
        pros.file_create(
            actor=shelter_prosecutor,
            complaint_on=START,
            offence=unit["trafficking"],
            department=unit["department"],
        )
    police = actor_of(make_user("investigator", make_institution("DPI", T.POLICE)))
    assert (
        pros.file_create(
            actor=police, complaint_on=START, offence=unit["related"], department=unit["department"]
        ).classification
        == "related"
    )


def test_stages_move_forward_and_may_skip(unit):
    file = advance(unit, new_file(unit), "investigation", "indictment", "trial")
    assert file.stage == "trial"
    assert file.initial_hearing_on is None
    assert file.stage_due_on == file.trial_on + timedelta(days=180)


def test_a_stage_backwards_is_refused_and_nothing_changes(unit):
    file = advance(unit, new_file(unit), "investigation", "indictment")
    with pytest.raises(ValidationError) as error:
        pros.stage_advance(
            actor=unit["prosecutor"],
            file=file,
            version=file.version,
            stage="investigation",
            on=TODAY,
        )
    assert "forward only" in str(error.value)
    file.refresh_from_db()
    assert (file.stage, file.version) == ("indictment", 3)
    assert StageChange.objects.filter(file=file).count() == 3


def test_no_verdict_stage_before_an_indictment(unit):
    file = advance(unit, new_file(unit), "investigation")
    with pytest.raises(ValidationError) as error:
        pros.stage_advance(
            actor=unit["prosecutor"], file=file, version=file.version, stage="verdict", on=TODAY
        )
    assert "no verdict before an indictment" in str(error.value)
    file.refresh_from_db()
    assert file.stage == "investigation"


@pytest.mark.parametrize("on", [START - timedelta(days=1), TODAY + timedelta(days=1)])
def test_a_stage_date_before_the_previous_one_or_in_the_future_is_refused(unit, on):
    file = new_file(unit)
    with pytest.raises(ValidationError) as error:
        pros.stage_advance(
            actor=unit["prosecutor"], file=file, version=file.version, stage="investigation", on=on
        )
    assert "on" in error.value.message_dict
    file.refresh_from_db()
    assert file.investigation_on is None


def test_a_stale_version_is_a_conflict(unit):
    file = new_file(unit)
    stale = file.version
    advance(unit, file, "investigation")
    with pytest.raises(ConflictError):
        pros.stage_advance(
            actor=unit["prosecutor"], file=file, version=stale, stage="indictment", on=TODAY
        )


def test_the_correction_path_goes_back_with_a_reason_and_clears_later_dates(unit):
    file = advance(unit, new_file(unit), "investigation", "indictment", "initial_hearing")
    with pytest.raises(ValidationError) as error:
        pros.stage_correct(
            actor=unit["prosecutor"],
            file=file,
            version=file.version,
            stage="investigation",
            on=file.investigation_on,
            reason="  ",
        )
    assert "reason" in error.value.message_dict
    file = pros.stage_correct(
        actor=unit["prosecutor"],
        file=file,
        version=file.version,
        stage="investigation",
        on=file.investigation_on,
        reason="Indictment recorded on the wrong file",
    )
    assert file.stage == "investigation"
    assert (file.indictment_on, file.initial_hearing_on) == (None, None)
    change = StageChange.objects.filter(file=file, is_correction=True).get()
    assert change.reason == "Indictment recorded on the wrong file"
    event = AuditEvent.objects.get(action="prosecution.file.stage_corrected")
    assert event.data["from"] == "initial_hearing" and event.data["to"] == "investigation"
    assert "wrong file" not in str(event.data)


def test_early_closure_freezes_the_file_until_a_correction_reopens_it(unit):
    file = advance(unit, new_file(unit), "investigation")
    file = pros.file_close_early(
        actor=unit["prosecutor"],
        file=file,
        version=file.version,
        reason="archived",
        on=file.investigation_on,
    )
    assert not file.is_open and file.stage_due_on is None
    with pytest.raises(pros.FileClosed):
        pros.stage_advance(
            actor=unit["prosecutor"],
            file=file,
            version=file.version,
            stage="indictment",
            on=TODAY,
        )
    file = pros.stage_correct(
        actor=unit["prosecutor"],
        file=file,
        version=file.version,
        stage="investigation",
        on=file.investigation_on,
        reason="Archived by mistake",
    )
    assert file.is_open and file.closed_early == ""


def test_other_as_a_closure_reason_needs_a_note(unit):
    file = new_file(unit)
    with pytest.raises(ValidationError) as error:
        pros.file_close_early(
            actor=unit["prosecutor"], file=file, version=file.version, reason="other", on=TODAY
        )
    assert "note" in error.value.message_dict


# --- Charges, verdicts, appeals ---------------------------------------------------------------


def test_no_charge_before_an_indictment(unit):
    file = advance(unit, new_file(unit), "investigation")
    defendant = pros.defendant_add(
        actor=unit["prosecutor"], file=file, identity={"given_names": "Pedro"}
    )
    with pytest.raises(ValidationError) as error:
        pros.charge_add(
            actor=unit["prosecutor"],
            defendant=defendant,
            offence=unit["trafficking"],
            charged_on=TODAY,
        )
    assert "indicted" in str(error.value)
    assert not Charge.objects.exists()


def test_defendants_are_numbered_and_keep_their_profile(unit):
    file, defendant, _charge = indicted_with_charge(unit)
    second = pros.defendant_add(
        actor=unit["prosecutor"],
        file=file,
        identity={"given_names": "Luis"},
        sex="female",
        age=40,
        public_official=True,
    )
    assert (defendant.code, second.code) == ("I-1", "I-2")
    assert (second.sex, second.age, second.public_official) == ("female", 40, True)
    assert defendant.nationality == "HND"


def test_a_sentence_on_an_acquittal_is_refused(unit):
    _file, _defendant, charge = indicted_with_charge(unit)
    with pytest.raises(ValidationError) as error:
        pros.verdict_record(
            actor=unit["prosecutor"],
            charge=charge,
            decided_on=TODAY,
            outcome="acquitted",
            sentence_years=5,
        )
    assert "sentence_years" in error.value.message_dict
    assert not Verdict.objects.exists()
    charge.refresh_from_db()
    assert charge.outcome == ""


def test_a_conviction_sets_the_charges_outcome_and_sentence(unit):
    _file, _defendant, charge = indicted_with_charge(unit)
    pros.verdict_record(
        actor=unit["prosecutor"],
        charge=charge,
        decided_on=TODAY,
        outcome="convicted",
        sentence_years=12,
        sentence_months=6,
        fine_amount=Decimal("1000"),
        fine_currency="HNL",
    )
    charge.refresh_from_db()
    assert charge.outcome == "convicted"
    assert charge.sentence_days == 12 * 365 + 6 * 30
    with pytest.raises(ValidationError) as error:
        pros.verdict_record(
            actor=unit["prosecutor"], charge=charge, decided_on=TODAY, outcome="acquitted"
        )
    assert "appeal" in str(error.value)
    assert Verdict.objects.count() == 1


def test_a_fine_without_its_currency_is_refused(unit):
    _file, _defendant, charge = indicted_with_charge(unit)
    with pytest.raises(ValidationError) as error:
        pros.verdict_record(
            actor=unit["prosecutor"],
            charge=charge,
            decided_on=TODAY,
            outcome="convicted",
            fine_amount=Decimal("10"),
        )
    assert "fine_currency" in error.value.message_dict


def test_an_appeal_that_modifies_the_verdict_changes_it_as_it_stands(unit):
    file, _defendant, charge = indicted_with_charge(unit)
    decided = file.indictment_on + timedelta(days=30)
    pros.verdict_record(
        actor=unit["prosecutor"], charge=charge, decided_on=decided, outcome="acquitted"
    )
    with pytest.raises(ValidationError):
        pros.appeal_file(
            actor=unit["prosecutor"],
            file=file,
            kind="appeal",
            appealed_by="prosecution",
            filed_on=decided,
            court="",
        )
    appeal = pros.appeal_file(
        actor=unit["prosecutor"],
        file=file,
        kind="appeal",
        appealed_by="prosecution",
        filed_on=decided,
        court="Corte de Apelaciones",
    )
    with pytest.raises(ValidationError):  # revoked or modified must say what stands now
        pros.appeal_decide(
            actor=unit["prosecutor"],
            appeal=appeal,
            version=appeal.version,
            result="modified",
            decided_on=TODAY,
        )
    pros.appeal_decide(
        actor=unit["prosecutor"],
        appeal=appeal,
        version=appeal.version,
        result="modified",
        decided_on=TODAY,
        verdicts={charge: {"outcome": "convicted", "sentence_years": 15}},
    )
    charge.refresh_from_db()
    assert (charge.outcome, charge.outcome_on, charge.sentence_days) == (
        "convicted",
        TODAY,
        15 * 365,
    )
    assert [v.outcome for v in charge.verdicts.order_by("decided_on")] == ["acquitted", "convicted"]


def test_no_appeal_without_a_verdict(unit):
    file, _defendant, _charge = indicted_with_charge(unit)
    with pytest.raises(ValidationError) as error:
        pros.appeal_file(
            actor=unit["prosecutor"],
            file=file,
            kind="cassation",
            appealed_by="defence",
            filed_on=TODAY,
            court="Sala de lo Penal",
        )
    assert "no verdict to appeal" in str(error.value)


def test_compensation_is_paid_only_when_ordered(unit):
    _file, defendant, charge = indicted_with_charge(unit)
    pros.verdict_record(
        actor=unit["prosecutor"],
        charge=charge,
        decided_on=TODAY,
        outcome="convicted",
        sentence_years=8,
    )
    with pytest.raises(ValidationError) as error:
        pros.compensation_record_payment(
            actor=unit["prosecutor"],
            defendant=defendant,
            amount=Decimal("100"),
            currency="HNL",
            paid_on=TODAY,
        )
    assert "No compensation was ordered" in str(error.value)
    charge2 = pros.charge_add(
        actor=unit["prosecutor"], defendant=defendant, offence=unit["related"], charged_on=TODAY
    )
    pros.verdict_record(
        actor=unit["prosecutor"],
        charge=charge2,
        decided_on=TODAY,
        outcome="plea",
        sentence_years=2,
        compensation_ordered=Decimal("5000"),
        compensation_currency="HNL",
    )
    pros.compensation_record_payment(
        actor=unit["prosecutor"],
        defendant=defendant,
        amount=Decimal("100"),
        currency="HNL",
        paid_on=TODAY,
    )
    assert CompensationPayment.objects.filter(defendant=defendant).count() == 1


def test_no_going_back_before_the_verdict_once_verdicts_are_recorded(unit):
    file, _defendant, charge = indicted_with_charge(unit)
    file = advance(unit, file, "trial", "verdict", step=1)
    pros.verdict_record(
        actor=unit["prosecutor"], charge=charge, decided_on=file.verdict_on, outcome="acquitted"
    )
    with pytest.raises(ValidationError) as error:
        pros.stage_correct(
            actor=unit["prosecutor"],
            file=file,
            version=file.version,
            stage="trial",
            on=file.trial_on,
            reason="wrong",
        )
    assert "Verdicts are recorded" in str(error.value)


# --- Scope --------------------------------------------------------------------------------------


def test_another_prosecutors_unit_reaches_nothing(unit):
    file = new_file(unit)
    stranger = actor_of(make_user("prosecutor", make_institution("Otra", T.PROSECUTION)))
    assert not policies.scope_files(stranger).exists()
    with pytest.raises(NotPermitted):
        pros.stage_advance(
            actor=stranger, file=file, version=file.version, stage="investigation", on=TODAY
        )
    assert policies.scope_files(unit["colleague"]).filter(pk=file.pk).exists()


def test_an_investigator_reaches_the_files_in_their_charge_only(unit):
    police = make_institution("DPI", T.POLICE)
    mine = actor_of(make_user("investigator", police))
    theirs = actor_of(make_user("investigator", police))
    file = pros.file_create(
        actor=mine, complaint_on=START, offence=unit["trafficking"], department=unit["department"]
    )
    assert list(policies.scope_files(mine)) == [file]
    assert not policies.scope_files(theirs).exists()
    assert not policies.file_in_scope(theirs, file)


def test_an_aggregate_analyst_reaches_no_file_but_the_funnel(unit):
    new_file(unit)
    analyst = actor_of(make_user("me_analyst", make_institution("CICESCT", T.COMMISSION)))
    assert not policies.scope_files(analyst).exists()
    assert policies.can_view_funnel(analyst)
    assert policies.funnel_scope(analyst).count() == 1


def test_defendant_identity_is_kept_on_a_person_of_the_unit(unit):
    _file, defendant, _charge = indicted_with_charge(unit)
    assert defendant.person.institution_id == unit["fiscalia"].pk
    assert Defendant.objects.filter(person__given_names="Juan").count() == 1


def test_appeal_stage_needs_an_appeal_and_final_needs_it_decided(unit):
    file, _defendant, charge = indicted_with_charge(unit)
    file = advance(unit, file, "trial", "verdict", step=1)
    pros.verdict_record(
        actor=unit["prosecutor"], charge=charge, decided_on=file.verdict_on, outcome="acquitted"
    )
    with pytest.raises(ValidationError) as error:
        pros.stage_advance(
            actor=unit["prosecutor"], file=file, version=file.version, stage="appeal", on=TODAY
        )
    assert "Record the appeal first" in str(error.value)
    appeal = pros.appeal_file(
        actor=unit["prosecutor"],
        file=file,
        kind="appeal",
        appealed_by="victim",
        filed_on=TODAY,
        court="Corte",
    )
    file = pros.stage_advance(
        actor=unit["prosecutor"], file=file, version=file.version, stage="appeal", on=TODAY
    )
    with pytest.raises(ValidationError) as error:
        pros.stage_advance(
            actor=unit["prosecutor"], file=file, version=file.version, stage="final", on=TODAY
        )
    assert "still undecided" in str(error.value)
    pros.appeal_decide(
        actor=unit["prosecutor"],
        appeal=appeal,
        version=appeal.version,
        result="confirmed",
        decided_on=TODAY,
    )
    file = pros.stage_advance(
        actor=unit["prosecutor"], file=file, version=file.version, stage="final", on=TODAY
    )
    assert not file.is_open and file.stage_due_on is None


def test_a_final_file_still_records_detention_and_protection(unit):
    file, defendant, charge = indicted_with_charge(unit)
    file = advance(unit, file, "trial", "verdict", step=1)
    pros.verdict_record(
        actor=unit["prosecutor"],
        charge=charge,
        decided_on=file.verdict_on,
        outcome="convicted",
        sentence_years=3,
    )
    file = advance(unit, file, "final", step=1)
    defendant = pros.defendant_update(
        actor=unit["prosecutor"],
        defendant=defendant,
        version=defendant.version,
        detention="released",
    )
    assert defendant.detention == "released"
    with pytest.raises(pros.FileClosed):
        pros.hearing_schedule(
            actor=unit["prosecutor"], file=file, type="other", starts_at=timezone.now()
        )


def test_compensation_is_paid_in_the_currency_ordered(unit):
    _file, defendant, charge = indicted_with_charge(unit)
    pros.verdict_record(
        actor=unit["prosecutor"],
        charge=charge,
        decided_on=TODAY,
        outcome="convicted",
        sentence_years=8,
        compensation_ordered=Decimal("900"),
        compensation_currency="USD",
    )
    with pytest.raises(ValidationError) as error:
        pros.compensation_record_payment(
            actor=unit["prosecutor"],
            defendant=defendant,
            amount=Decimal("100"),
            currency="HNL",
            paid_on=TODAY,
        )
    assert "currency" in error.value.message_dict


def test_a_gesell_interview_is_refused_for_an_adult_known_only_to_the_file(unit):
    file = new_file(unit)
    adult = pros.victim_record(
        actor=unit["prosecutor"],
        file=file,
        identity={"given_names": "Adulta", "estimated_age": 30},
    )
    child = pros.victim_record(
        actor=unit["prosecutor"],
        file=file,
        identity={"given_names": "Niña", "estimated_age": 12},
    )
    with pytest.raises(ValidationError):
        pros.measure_request(
            actor=unit["prosecutor"], victim=adult, type="gesell", requested_on=TODAY
        )
    assert (
        pros.measure_request(
            actor=unit["prosecutor"], victim=child, type="gesell", requested_on=TODAY
        ).status
        == "requested"
    )
    assert (adult.code, child.code) == ("V-1", "V-2")


def test_no_more_compensation_paid_than_ordered(unit):
    _file, defendant, charge = indicted_with_charge(unit)
    pros.verdict_record(
        actor=unit["prosecutor"],
        charge=charge,
        decided_on=TODAY,
        outcome="convicted",
        sentence_years=8,
        compensation_ordered=Decimal("1000"),
        compensation_currency="HNL",
    )
    pros.compensation_record_payment(
        actor=unit["prosecutor"],
        defendant=defendant,
        amount=Decimal("600"),
        currency="HNL",
        paid_on=TODAY,
    )
    with pytest.raises(ValidationError) as error:
        pros.compensation_record_payment(
            actor=unit["prosecutor"],
            defendant=defendant,
            amount=Decimal("401"),
            currency="HNL",
            paid_on=TODAY,
        )
    assert "400.00 HNL" in str(error.value)
    assert CompensationPayment.objects.filter(defendant=defendant).count() == 1


def test_a_measure_is_decided_once(unit):
    file = new_file(unit)
    victim = pros.victim_record(actor=unit["prosecutor"], file=file, identity={"given_names": "E"})
    measure = pros.measure_request(
        actor=unit["prosecutor"], victim=victim, type="support_person", requested_on=TODAY
    )
    measure = pros.measure_decide(
        actor=unit["prosecutor"],
        measure=measure,
        version=measure.version,
        status="granted",
        decided_on=TODAY,
    )
    with pytest.raises(ValidationError):
        pros.measure_decide(
            actor=unit["prosecutor"],
            measure=measure,
            version=measure.version,
            status="refused",
            decided_on=TODAY,
        )
    measure.refresh_from_db()
    assert measure.status == "granted"


def test_a_suspect_of_a_file_from_an_operation_came_out_of_it(unit):
    operation = pros.operation_create(
        actor=unit["prosecutor"],
        name="Operativo",
        carried_out_on=START,
        department=unit["department"],
    )
    file = new_file(unit, operation=operation)
    defendant = pros.defendant_add(
        actor=unit["prosecutor"], file=file, identity={"given_names": "Arrestado"}
    )
    assert defendant.operation_id == operation.pk
    assert list(operation.suspects.all()) == [defendant]
