"""Periodic returns, services: data sets, elements and rules; opening, saving (all or nothing,
min/max), submitting (completeness, rules on totals), approving (locked), sending back and
resubmitting; audit and version conflicts; only the reporting institution fills."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.core.errors import ConflictError, DomainError, NotPermitted
from ruta.results.choices import ReturnStatus
from ruta.results.models import DataReturn, DataValue, ValidationRule
from ruta.results.periods import containing
from ruta.results.services import datasets as ds
from ruta.results.services import returns as rs
from tests.factories import actor_of
from tests.results.returns_setup import *  # noqa: F403  (the fixtures)
from tests.results.returns_setup import FULL, months_ago

pytestmark = pytest.mark.django_db


def _values(r):
    return {
        (v.element.code, v.category): v.value
        for v in DataValue.objects.filter(data_return=r).select_related("element")
    }


# --- data sets -----------------------------------------------------------------------------
def test_data_set_validation(manager, police):
    with pytest.raises(ValidationError) as exc:
        ds.data_set_create(
            actor=actor_of(manager),
            code="Con Espacios",
            name="",
            period_type="monthly",
            first_period="2026Q1",
            reporting_institutions=[],
        )
    assert set(exc.value.message_dict) == {
        "code",
        "name",
        "first_period",
        "reporting_institutions",
    }


def test_data_set_only_by_a_manager(clerk, police):
    with pytest.raises(NotPermitted):
        ds.data_set_create(
            actor=actor_of(clerk),
            code="x",
            name="X",
            period_type="yearly",
            first_period="2025",
            reporting_institutions=[police],
        )


def test_data_set_update_versioned_and_audited(manager, data_set):
    actor = actor_of(manager)
    ds.data_set_update(actor=actor, data_set=data_set, version=data_set.version, due_days=15)
    data_set.refresh_from_db()
    assert data_set.due_days == 15
    event = AuditEvent.objects.filter(action="results.dataset.updated").get()
    assert event.changed_fields == ["due_days"]
    with pytest.raises(ConflictError):
        ds.data_set_update(actor=actor, data_set=data_set, version=1, due_days=20)


def test_element_code_unique_and_bounds(manager, data_set):
    actor = actor_of(manager)
    with pytest.raises(ValidationError) as exc:
        ds.element_add(
            actor=actor,
            data_set=data_set,
            code="victimas",
            name="Otra",
            min_value=Decimal(5),
            max_value=Decimal(1),
        )
    assert set(exc.value.message_dict) == {"code", "max_value"}


def test_element_removal_refused_once_values_exist(manager, clerk, data_set, draft):
    actor = actor_of(manager)
    referred = data_set.elements.get(code="derivadas")
    rs.return_save_values(
        actor=actor_of(clerk), data_return=draft, version=draft.version, values={"derivadas": 1}
    )
    with pytest.raises(DomainError):
        ds.element_remove(actor=actor, element=referred)
    assert data_set.elements.filter(code="derivadas").exists()


def test_element_removed_with_its_rules(manager, data_set):
    referred = data_set.elements.get(code="derivadas")
    ds.element_remove(actor=actor_of(manager), element=referred)
    assert not data_set.elements.filter(code="derivadas").exists()
    assert not ValidationRule.objects.filter(data_set=data_set).exists()


def test_rule_needs_two_elements_of_the_set(manager, data_set, other):
    actor = actor_of(manager)
    victims = data_set.elements.get(code="victimas")
    with pytest.raises(ValidationError) as exc:
        ds.rule_add(actor=actor, data_set=data_set, left=victims, operator="lte", right=victims)
    assert "right" in exc.value.message_dict
    with pytest.raises(ValidationError):
        ds.rule_add(actor=actor, data_set=data_set, left=victims, operator="xx", right=None)


# --- opening ---------------------------------------------------------------------------------
def test_open_checks_the_period(clerk, data_set):
    actor = actor_of(clerk)
    today = timezone.localdate()
    for bad in ("2026Q1", "x", months_ago(7), containing(today, "monthly"), months_ago(-1)):
        with pytest.raises(ValidationError):
            rs.return_open(actor=actor, data_set=data_set, period=bad)
    first = rs.return_open(actor=actor, data_set=data_set, period=months_ago(6))
    again = rs.return_open(actor=actor, data_set=data_set, period=months_ago(6))
    assert first.pk == again.pk
    assert first.expected_cells == 3
    assert AuditEvent.objects.filter(action="results.datareturn.opened").count() == 1


def test_only_a_reporting_institution_opens(secretary, manager, data_set):
    for user in (secretary, manager):
        with pytest.raises(NotPermitted):
            rs.return_open(actor=actor_of(user), data_set=data_set, period=months_ago(1))


# --- values ----------------------------------------------------------------------------------
def test_save_all_or_nothing_naming_each_cell(clerk, draft):
    actor = actor_of(clerk)
    with pytest.raises(ValidationError) as exc:
        rs.return_save_values(
            actor=actor,
            data_return=draft,
            version=draft.version,
            values={"victimas/female": "-1", "victimas/male": "101", "derivadas": "abc"},
        )
    assert set(exc.value.message_dict) == {"victimas/female", "victimas/male", "derivadas"}
    with pytest.raises(ValidationError):
        rs.return_save_values(
            actor=actor,
            data_return=draft,
            version=draft.version,
            values={"victimas/female": "4", "derivadas": "1.234"},
        )
    with pytest.raises(ValidationError) as exc:
        rs.return_save_values(
            actor=actor, data_return=draft, version=draft.version, values={"nada/x": "1"}
        )
    assert "values" in exc.value.message_dict
    assert not DataValue.objects.filter(data_return=draft).exists()


def test_save_counts_completeness_and_clears(clerk, draft):
    actor = actor_of(clerk)
    r = rs.return_save_values(
        actor=actor,
        data_return=draft,
        version=draft.version,
        values={"victimas/female": "3", "victimas/male": "", "derivadas": "2"},
    )
    assert (r.filled_cells, r.expected_cells) == (2, 3)
    assert _values(r) == {("victimas", "female"): Decimal(3), ("derivadas", ""): Decimal(2)}
    r = rs.return_save_values(
        actor=actor, data_return=r, version=r.version, values={"derivadas": ""}
    )
    assert r.filled_cells == 1
    event = (
        AuditEvent.objects.filter(action="results.datareturn.values_saved")
        .order_by("appended")
        .last()
    )
    assert event.changed_fields == ["derivadas"]


def test_version_conflict(clerk, draft):
    actor = actor_of(clerk)
    rs.return_save_values(actor=actor, data_return=draft, version=draft.version, values=FULL)
    with pytest.raises(ConflictError):
        rs.return_save_values(
            actor=actor, data_return=draft, version=draft.version, values={"derivadas": "1"}
        )


def test_only_the_reporting_institution_fills(other_clerk, secretary, draft):
    for user in (other_clerk, secretary):
        with pytest.raises(NotPermitted):
            rs.return_save_values(
                actor=actor_of(user), data_return=draft, version=draft.version, values=FULL
            )


# --- submit, review ----------------------------------------------------------------------------
def test_submit_needs_every_cell(clerk, draft):
    actor = actor_of(clerk)
    r = rs.return_save_values(
        actor=actor, data_return=draft, version=draft.version, values={"victimas/female": "3"}
    )
    with pytest.raises(ValidationError) as exc:
        rs.return_submit(actor=actor, data_return=r, version=r.version)
    message = exc.value.message_dict["values"][0]
    assert "victimas/male" in message and "derivadas" in message
    assert DataReturn.objects.get(pk=r.pk).status == ReturnStatus.DRAFT


def test_submit_checks_rules_on_totals(clerk, draft):
    actor = actor_of(clerk)
    r = rs.return_save_values(
        actor=actor,
        data_return=draft,
        version=draft.version,
        values={"victimas/female": "1", "victimas/male": "1", "derivadas": "3"},
    )
    with pytest.raises(ValidationError) as exc:
        rs.return_submit(actor=actor, data_return=r, version=r.version)
    (message,) = exc.value.message_dict["rules"]
    assert "3" in message and "2" in message and "Víctimas derivadas" in message


def test_cycle_submit_send_back_resubmit_approve_locked(clerk, secretary, draft):
    actor, reviewer = actor_of(clerk), actor_of(secretary)
    r = rs.return_save_values(actor=actor, data_return=draft, version=draft.version, values=FULL)
    with pytest.raises(NotPermitted):  # not submitted yet
        rs.return_approve(actor=reviewer, data_return=r, version=r.version)
    r = rs.return_submit(actor=actor, data_return=r, version=r.version)
    assert r.status == ReturnStatus.SUBMITTED and r.submitted_by == clerk
    with pytest.raises(NotPermitted):  # submitted: no more changes by the reporter
        rs.return_save_values(actor=actor, data_return=r, version=r.version, values=FULL)
    with pytest.raises(ValidationError):
        rs.return_send_back(actor=reviewer, data_return=r, version=r.version, comment=" ")
    r = rs.return_send_back(
        actor=reviewer, data_return=r, version=r.version, comment="Revise los totales"
    )
    assert r.status == ReturnStatus.RETURNED and r.review_comment == "Revise los totales"
    r = rs.return_save_values(
        actor=actor, data_return=r, version=r.version, values={"derivadas": "1"}
    )
    r = rs.return_submit(actor=actor, data_return=r, version=r.version)
    r = rs.return_approve(actor=reviewer, data_return=r, version=r.version)
    assert r.status == ReturnStatus.APPROVED and r.reviewed_by == secretary
    for call in (
        lambda: rs.return_save_values(actor=actor, data_return=r, version=r.version, values={}),
        lambda: rs.return_submit(actor=actor, data_return=r, version=r.version),
        lambda: rs.return_approve(actor=reviewer, data_return=r, version=r.version),
        lambda: rs.return_send_back(actor=reviewer, data_return=r, version=r.version, comment="x"),
    ):
        with pytest.raises(NotPermitted):
            call()
    actions = list(
        AuditEvent.objects.filter(action__startswith="results.datareturn.")
        .order_by("appended")
        .values_list("action", flat=True)
    )
    assert actions == [
        "results.datareturn.opened",
        "results.datareturn.values_saved",
        "results.datareturn.submitted",
        "results.datareturn.returned",
        "results.datareturn.values_saved",
        "results.datareturn.submitted",
        "results.datareturn.approved",
    ]


def test_review_only_by_the_collecting_institution(clerk, manager, draft):
    actor = actor_of(clerk)
    r = rs.return_save_values(actor=actor, data_return=draft, version=draft.version, values=FULL)
    r = rs.return_submit(actor=actor, data_return=r, version=r.version)
    for user in (clerk, manager):  # the analyst manages sets but does not review
        with pytest.raises(NotPermitted):
            rs.return_approve(actor=actor_of(user), data_return=r, version=r.version)
