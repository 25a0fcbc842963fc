"""The results part of the permission matrix's world (see ``tests/coordination/world.py`` for
the actors). Keys:

- ``results_framework``: the home's logic model, followed by the home's ``committee`` (so
  ``C_MEM`` reads it). Results: ``ultimate`` > ``intermediate`` > ``immediate_outcome`` >
  ``output``. ``manual_indicator`` (of ``output``, entered by hand, responsible institution
  ``member_inst``, quarterly, with ``target`` for this year's first quarter and a current
  ``measurement`` of it); ``computed_indicator`` (of ``immediate_outcome``, computation
  ``officers_certified_mandatory``, yearly). ``result_narrative``: this year's, of
  ``immediate_outcome``.
- ``foreign_framework``: ``foreign_inst``'s national plan (axis ``foreign_axis``), followed by
  nobody.
- ``data_set``: the home's monthly data set "policía", reported by ``reporter_inst``: elements
  ``element_victims`` (by sex, min 0) and ``element_referred`` (total only), rule
  ``rule`` (referred <= victims). Returns of ``reporter_inst``: ``draft_return`` (last month,
  being filled, one value), ``submitted_return`` (two months ago, complete, submitted),
  ``approved_return`` (three months ago, approved). ``foreign_data_set``: ``foreign_inst``'s,
  reported by ``foreign_inst`` (``foreign_return``, submitted).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ruta.results.choices import ReturnStatus
from ruta.results.models import (
    DataElement,
    DataReturn,
    DataSet,
    DataValue,
    Indicator,
    Measurement,
    Narrative,
    ResultNode,
    ResultsFramework,
    Target,
    ValidationRule,
)
from ruta.results.periods import containing


def _months_ago(n: int) -> str:
    day = timezone.localdate().replace(day=1)
    for _ in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
    return containing(day, "monthly")


def build(*, users: dict, home, coordination: dict) -> dict:
    today = timezone.localdate()
    year = today.year
    member_inst = coordination["member_inst"]
    foreign_inst = coordination["foreign_inst"]
    reporter_inst = coordination["reporter_inst"]

    framework = ResultsFramework.objects.create(
        kind="logic_model",
        code="proyecto-prueba",
        title="Proyecto de fortalecimiento (prueba)",
        institution=home,
        committee=coordination["committee"],
        starts_on=date(year - 1, 1, 1),
        ends_on=date(year + 2, 12, 31),
        iati_identifier="CA-3-P000001",
        iati_reporting_org="CA-3",
    )
    ultimate = ResultNode.objects.create(
        framework=framework, level="ultimate", code="1000", title="Menos trata de personas"
    )
    intermediate = ResultNode.objects.create(
        framework=framework,
        parent=ultimate,
        level="intermediate",
        code="1100",
        title="Respuesta institucional mejorada",
    )
    outcome = ResultNode.objects.create(
        framework=framework,
        parent=intermediate,
        level="immediate",
        code="1110",
        title="Policías capacitados identifican víctimas",
    )
    output = ResultNode.objects.create(
        framework=framework,
        parent=outcome,
        level="output",
        code="1111",
        title="Cursos impartidos",
    )
    output.responsible_institutions.add(member_inst)
    manual_indicator = Indicator.objects.create(
        framework=framework,
        result=output,
        code="1111.1",
        name="Cursos impartidos",
        unit="number",
        direction="increase",
        baseline_value=Decimal("2"),
        baseline_on=date(year - 1, 1, 1),
        frequency="quarterly",
        responsible_institution=member_inst,
        data_source="Registros de la academia",
    )
    target = Target.objects.create(
        indicator=manual_indicator, period=f"{year}Q1", value=Decimal("5")
    )
    measurement = Measurement.objects.create(
        indicator=manual_indicator,
        period=f"{year}Q1",
        value=Decimal("4"),
        source="manual",
        evidence="Listas de asistencia",
        entered_by=users["me_analyst"],
    )
    computed_indicator = Indicator.objects.create(
        framework=framework,
        result=outcome,
        code="1110.1",
        name="Policías certificados en el curso obligatorio",
        unit="number",
        direction="increase",
        baseline_value=Decimal("0"),
        baseline_on=date(year - 1, 1, 1),
        frequency="yearly",
        computation="officers_certified_mandatory",
        disaggregations=["sex"],
    )
    Target.objects.create(indicator=computed_indicator, period=str(year), value=Decimal("40"))
    narrative = Narrative.objects.create(
        framework=framework, result=outcome, period=str(year), progress="Avances."
    )

    foreign_framework = ResultsFramework.objects.create(
        kind="national_plan",
        code="plan-ajeno",
        title="Plan local ajeno",
        institution=foreign_inst,
        starts_on=date(year, 1, 1),
        ends_on=date(year + 4, 12, 31),
    )
    foreign_axis = ResultNode.objects.create(
        framework=foreign_framework, level="axis", code="E1", title="Prevención"
    )

    data_set = DataSet.objects.create(
        code="policia",
        name="Estadística policial mensual",
        institution=home,
        period_type="monthly",
        first_period=_months_ago(6),
        due_days=10,
    )
    data_set.reporting_institutions.add(reporter_inst)
    element_victims = DataElement.objects.create(
        data_set=data_set,
        code="victimas",
        name="Víctimas identificadas",
        disaggregation="sex",
        min_value=Decimal("0"),
        order=1,
    )
    element_referred = DataElement.objects.create(
        data_set=data_set, code="derivadas", name="Víctimas derivadas", order=2
    )
    rule = ValidationRule.objects.create(
        data_set=data_set, left=element_referred, operator="lte", right=element_victims
    )

    def return_(period, status, values, **kw):
        r = DataReturn.objects.create(
            data_set=data_set,
            institution=reporter_inst,
            period=period,
            status=status,
            expected_cells=3,
            filled_cells=len(values),
            **kw,
        )
        for element, category, value in values:
            DataValue.objects.create(
                data_return=r, element=element, category=category, value=Decimal(value)
            )
        return r

    full = [
        (element_victims, "female", "3"),
        (element_victims, "male", "1"),
        (element_referred, "", "2"),
    ]
    draft_return = return_(_months_ago(1), ReturnStatus.DRAFT, full[:1])
    submitted_return = return_(
        _months_ago(2),
        ReturnStatus.SUBMITTED,
        full,
        submitted_at=timezone.now(),
        submitted_by=users["reportante:investigator"],
    )
    approved_return = return_(
        _months_ago(3),
        ReturnStatus.APPROVED,
        full,
        submitted_at=timezone.now(),
        reviewed_at=timezone.now(),
        reviewed_by=users["committee_secretary"],
    )
    foreign_data_set = DataSet.objects.create(
        code="ajeno",
        name="Ocupación mensual ajena",
        institution=foreign_inst,
        period_type="monthly",
        first_period=_months_ago(3),
    )
    foreign_data_set.reporting_institutions.add(foreign_inst)
    foreign_element = DataElement.objects.create(
        data_set=foreign_data_set, code="plazas", name="Plazas ocupadas"
    )
    foreign_return = DataReturn.objects.create(
        data_set=foreign_data_set,
        institution=foreign_inst,
        period=_months_ago(1),
        status=ReturnStatus.SUBMITTED,
        expected_cells=1,
        filled_cells=1,
    )
    DataValue.objects.create(
        data_return=foreign_return, element=foreign_element, value=Decimal("12")
    )
    return {
        "results_framework": framework,
        "ultimate": ultimate,
        "intermediate": intermediate,
        "immediate_outcome": outcome,
        "output": output,
        "manual_indicator": manual_indicator,
        "target": target,
        "measurement": measurement,
        "computed_indicator": computed_indicator,
        "result_narrative": narrative,
        "foreign_framework": foreign_framework,
        "foreign_axis": foreign_axis,
        "data_set": data_set,
        "element_victims": element_victims,
        "element_referred": element_referred,
        "rule": rule,
        "draft_return": draft_return,
        "submitted_return": submitted_return,
        "approved_return": approved_return,
        "foreign_data_set": foreign_data_set,
        "foreign_return": foreign_return,
    }
