"""The returns slice's extra records of the matrix world (keys prefixed ``returns_``):

- ``returns_spare_set``: another yearly data set of the home, reported by ``reporter_inst``,
  without returns; its ``returns_spare_element`` holds no value (it may be removed).
- ``returns_complete_draft``: ``reporter_inst``'s return of ``data_set`` for four months ago,
  being filled, every cell filled and the rule kept (it may be submitted).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from ruta.results.choices import ReturnStatus
from ruta.results.models import DataElement, DataReturn, DataSet, DataValue
from ruta.results.periods import containing


def months_ago(n: int) -> str:
    day = timezone.localdate().replace(day=1)
    for _ in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
    return containing(day, "monthly")


def build(*, users: dict, home, world: dict) -> dict:
    data_set = world["data_set"]
    spare_set = DataSet.objects.create(
        code="anual-prueba",
        name="Informe anual de prueba",
        institution=home,
        period_type="yearly",
        first_period=str(timezone.localdate().year - 2),
    )
    spare_set.reporting_institutions.add(world["reporter_inst"])
    spare = DataElement.objects.create(
        data_set=spare_set, code="sin-valores", name="Elemento sin valores"
    )
    complete = DataReturn.objects.create(
        data_set=data_set,
        institution=world["reporter_inst"],
        period=months_ago(4),
        status=ReturnStatus.DRAFT,
        expected_cells=3,
        filled_cells=3,
    )
    for element, category, value in (
        (world["element_victims"], "female", "3"),
        (world["element_victims"], "male", "1"),
        (world["element_referred"], "", "2"),
    ):
        DataValue.objects.create(
            data_return=complete, element=element, category=category, value=Decimal(value)
        )
    return {
        "returns_spare_set": spare_set,
        "returns_spare_element": spare,
        "returns_complete_draft": complete,
    }
