"""Results frameworks: level rules, periods, manual values with history and evidence, computed
indicators, traffic lights, audit and versions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ruta.audit.models import AuditEvent
from ruta.core.errors import ConflictError, DomainError, NotPermitted
from ruta.results.lights import light
from ruta.results.models import Measurement, ResultNode, Target
from ruta.results.services import frameworks as fw
from ruta.results.services import indicators as ind
from tests.factories import actor_of
from tests.results.frameworks_fixtures import *  # noqa: F403
from tests.results.frameworks_fixtures import YEAR

pytestmark = pytest.mark.django_db


class TestFramework:
    def test_create_audits_and_owner_is_the_acting_institution(self, framework, home):
        assert framework.institution_id == home.pk
        assert AuditEvent.objects.filter(action="results.framework.created").count() == 1

    def test_committee_must_be_one_the_actor_sees(self, analyst, stranger_inst):
        from ruta.coordination.models import Committee

        foreign = Committee.objects.create(
            kind="local", name="Otro", acronym="O", secretariat=stranger_inst, language="es"
        )
        with pytest.raises(ValidationError) as exc:
            fw.framework_create(
                actor=actor_of(analyst),
                kind="logic_model",
                code="x",
                title="X",
                committee=foreign,
                starts_on=date(YEAR, 1, 1),
                ends_on=date(YEAR, 12, 31),
            )
        assert "committee" in exc.value.message_dict

    def test_dates_code_and_kind_are_validated(self, analyst, framework):
        with pytest.raises(ValidationError) as exc:
            fw.framework_create(
                actor=actor_of(analyst),
                kind="nope",
                code="proyecto",
                title="",
                starts_on=date(YEAR, 1, 1),
                ends_on=date(YEAR - 1, 1, 1),
            )
        assert set(exc.value.message_dict) == {"kind", "code", "title", "ends_on"}

    def test_update_needs_the_version_read_and_the_owner(self, analyst, member_analyst, framework):
        with pytest.raises(ConflictError):
            fw.framework_update(actor=actor_of(analyst), framework=framework, version=99, title="Y")
        with pytest.raises(NotPermitted):
            fw.framework_update(
                actor=actor_of(member_analyst), framework=framework, version=1, title="Y"
            )
        fw.framework_update(actor=actor_of(analyst), framework=framework, version=1, title="Y")
        framework.refresh_from_db()
        assert (framework.title, framework.version) == ("Y", 2)
        event = AuditEvent.objects.get(action="results.framework.updated")
        assert event.changed_fields == ["title"]


class TestLevels:
    def test_top_level_has_no_parent(self, analyst, framework, chain):
        with pytest.raises(ValidationError) as exc:
            fw.node_create(
                actor=actor_of(analyst),
                framework=framework,
                level="ultimate",
                code="2",
                title="X",
                parent=chain["ultimate"],
            )
        assert "parent" in exc.value.message_dict

    @pytest.mark.parametrize("parent_level", [None, "ultimate", "output"])
    def test_parent_exactly_one_level_up(self, analyst, framework, chain, parent_level):
        with pytest.raises(ValidationError) as exc:
            fw.node_create(
                actor=actor_of(analyst),
                framework=framework,
                level="immediate",
                code="9",
                title="X",
                parent=chain[parent_level] if parent_level else None,
            )
        assert "parent" in exc.value.message_dict

    def test_level_of_the_kind_only(self, analyst, framework):
        with pytest.raises(ValidationError) as exc:
            fw.node_create(
                actor=actor_of(analyst), framework=framework, level="axis", code="E", title="X"
            )
        assert "level" in exc.value.message_dict

    def test_remove_refused_with_children_or_indicators(self, analyst, chain, indicator):
        actor = actor_of(analyst)
        with pytest.raises(DomainError):
            fw.node_remove(actor=actor, node=chain["immediate"])
        with pytest.raises(DomainError):
            fw.node_remove(actor=actor, node=chain["output"])
        assert ResultNode.objects.count() == 4
        node = fw.node_create(
            actor=actor,
            framework=chain["output"].framework,
            level="activity",
            code="A",
            title="Act",
            parent=chain["output"],
        )
        fw.node_remove(actor=actor, node=node)
        assert not ResultNode.objects.filter(pk=node.pk).exists()
        assert AuditEvent.objects.filter(action="results.node.removed").count() == 1


class TestIndicators:
    def test_code_unique_disaggregations_and_computation(
        self, analyst, framework, chain, indicator
    ):
        with pytest.raises(ValidationError) as exc:
            ind.indicator_create(
                actor=actor_of(analyst),
                framework=framework,
                result=chain["output"],
                code="1.1",
                name="Dup",
                unit="number",
                direction="increase",
                frequency="monthly",
                disaggregations=["sex", "eye_colour"],
                computation="not_registered",
            )
        assert set(exc.value.message_dict) == {"code", "disaggregations", "computation"}

    def test_a_registered_computation_is_accepted(self, analyst, framework, chain, computation):
        indicator = ind.indicator_create(
            actor=actor_of(analyst),
            framework=framework,
            result=chain["immediate"],
            code="C1",
            name="Computed",
            unit="number",
            direction="increase",
            frequency="yearly",
            computation=computation,
        )
        assert indicator.is_computed

    def test_frequency_cannot_change_once_targets_exist(self, analyst, indicator):
        actor = actor_of(analyst)
        ind.target_set(actor=actor, indicator=indicator, period=f"{YEAR}Q1", value="5")
        with pytest.raises(ValidationError) as exc:
            ind.indicator_update(actor=actor, indicator=indicator, version=1, frequency="yearly")
        assert "frequency" in exc.value.message_dict


class TestPeriods:
    @pytest.mark.parametrize(
        "period",
        ["", "2026-01", f"{YEAR}", f"{YEAR}01", f"{YEAR - 5}Q1", f"{YEAR + 3}Q1", "1999Q5"],
    )
    def test_target_period_must_fit_frequency_and_dates(self, analyst, indicator, period):
        with pytest.raises(ValidationError) as exc:
            ind.target_set(actor=actor_of(analyst), indicator=indicator, period=period, value="3")
        assert "period" in exc.value.message_dict
        assert not Target.objects.exists()

    def test_target_upsert_and_remove(self, analyst, indicator):
        actor = actor_of(analyst)
        ind.target_set(actor=actor, indicator=indicator, period=f"{YEAR}Q1", value="5")
        target = ind.target_set(actor=actor, indicator=indicator, period=f"{YEAR}Q1", value="7")
        assert Target.objects.get().value == Decimal("7")
        ind.target_remove(actor=actor, target=target)
        assert not Target.objects.exists()
        assert AuditEvent.objects.filter(action="results.target.set").count() == 2
        assert AuditEvent.objects.filter(action="results.target.removed").count() == 1


class TestMeasurements:
    def test_history_is_kept(self, member_analyst, indicator):
        actor = actor_of(member_analyst)  # the responsible institution records
        first = ind.measurement_record(
            actor=actor, indicator=indicator, period=f"{YEAR}Q1", value="3", evidence="Listas"
        )
        second = ind.measurement_record(
            actor=actor,
            indicator=indicator,
            period=f"{YEAR}Q1",
            value="4",
            evidence="Listas corregidas",
            evidence_url="https://example.org/listas",
        )
        ind.measurement_record(
            actor=actor,
            indicator=indicator,
            period=f"{YEAR}Q1",
            value="2",
            cell="sex:female",
            evidence="Listas",
        )
        first.refresh_from_db()
        assert not first.is_current and second.is_current
        assert Measurement.objects.count() == 3
        assert second.entered_by == member_analyst and second.source == "manual"
        event = AuditEvent.objects.filter(action="results.measurement.recorded").last()
        assert "4" not in str(event.data.get("value", ""))

    def test_evidence_is_required_and_cells_checked(self, analyst, indicator):
        with pytest.raises(ValidationError) as exc:
            ind.measurement_record(
                actor=actor_of(analyst),
                indicator=indicator,
                period=f"{YEAR}Q1",
                value="x",
                cell="age:child",
                evidence="  ",
                evidence_url="javascript:alert(1)",
            )
        assert set(exc.value.message_dict) == {"value", "cell", "evidence", "evidence_url"}
        assert not Measurement.objects.exists()

    def test_future_period_refused(self, analyst, indicator):
        with pytest.raises(ValidationError) as exc:
            ind.measurement_record(
                actor=actor_of(analyst),
                indicator=indicator,
                period=f"{YEAR + 1}Q4",
                value="1",
                evidence="e",
            )
        assert "period" in exc.value.message_dict

    def test_computed_indicator_refuses_manual_values(self, analyst, framework, chain, computation):
        actor = actor_of(analyst)
        computed = ind.indicator_create(
            actor=actor,
            framework=framework,
            result=chain["immediate"],
            code="C1",
            name="Computed",
            unit="number",
            direction="increase",
            frequency="yearly",
            computation=computation,
        )
        with pytest.raises(DomainError):
            ind.measurement_record(
                actor=actor, indicator=computed, period=str(YEAR), value="1", evidence="e"
            )
        assert not Measurement.objects.exists()

    def test_readers_and_strangers_cannot_record(self, member_secretary, stranger, indicator):
        for user in (member_secretary, stranger):
            with pytest.raises(NotPermitted):
                ind.measurement_record(
                    actor=actor_of(user),
                    indicator=indicator,
                    period=f"{YEAR}Q1",
                    value="1",
                    evidence="e",
                )
        assert not Measurement.objects.exists()


class TestNarratives:
    def test_versioned_upsert(self, analyst, framework, chain):
        actor = actor_of(analyst)
        n = ind.narrative_save(
            actor=actor, framework=framework, result=chain["output"], period=str(YEAR), progress="A"
        )
        with pytest.raises(ConflictError):
            ind.narrative_save(
                actor=actor, framework=framework, result=chain["output"], period=str(YEAR)
            )
        ind.narrative_save(
            actor=actor,
            framework=framework,
            result=chain["output"],
            period=str(YEAR),
            progress="B",
            version=n.version,
        )
        n.refresh_from_db()
        assert (n.progress, n.version) == ("B", 2)
        with pytest.raises(ValidationError):
            ind.narrative_save(actor=actor, framework=framework, period="20X6")


D = Decimal
LIGHTS = [
    # value, target, direction, baseline, expected
    (None, D(5), "increase", None, "none"),
    (D(5), None, "increase", None, "none"),
    (D(5), D(5), "increase", None, "green"),
    (D(4), D(5), "increase", None, "amber"),
    (D(3), D(5), "increase", None, "red"),
    (D(9), D(10), "increase", D(5), "amber"),  # 80 % of the way from 5 to 10 is 9
    (D("8.9"), D(10), "increase", D(5), "red"),
    (D(10), D(10), "decrease", D(20), "green"),
    (D(12), D(10), "decrease", D(20), "amber"),  # up to 20 % back towards 20
    (D(13), D(10), "decrease", D(20), "red"),
    (D(12), D(10), "decrease", None, "amber"),  # 120 % of the target
    (D(13), D(10), "decrease", None, "red"),
    (D(104), D(100), "maintain", None, "green"),
    (D(88), D(100), "maintain", None, "amber"),
    (D(80), D(100), "maintain", None, "red"),
    (D(0), D(0), "maintain", None, "green"),
    (D(1), D(0), "maintain", None, "red"),
]


@pytest.mark.parametrize(("value", "target", "direction", "baseline", "expected"), LIGHTS)
def test_traffic_lights(value, target, direction, baseline, expected):
    assert light(value=value, target=target, direction=direction, baseline=baseline) == expected
