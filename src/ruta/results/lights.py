"""Traffic lights: an indicator's value against its period's target.

- increase: green at or above the target; amber from 80 % of the target (or, with a
  baseline, 80 % of the way from the baseline to the target); red below.
- decrease: green at or below the target; amber up to 20 % of the way back to the baseline
  (or 120 % of the target without one); red above.
- maintain: green within 5 % of the target; amber within 15 %; red beyond.
- none: no target for the period, or no value yet.
"""

from __future__ import annotations

from decimal import Decimal

from ruta.results.choices import Direction, Light

AMBER_SHARE = Decimal("0.8")


def light(
    *,
    value: Decimal | None,
    target: Decimal | None,
    direction: str,
    baseline: Decimal | None = None,
) -> str:
    if value is None or target is None:
        return Light.NONE
    if direction == Direction.INCREASE:
        if value >= target:
            return Light.GREEN
        start = baseline if baseline is not None and baseline < target else Decimal(0)
        threshold = start + (target - start) * AMBER_SHARE
        return Light.AMBER if value >= threshold else Light.RED
    if direction == Direction.DECREASE:
        if value <= target:
            return Light.GREEN
        if baseline is not None and baseline > target:
            threshold = target + (baseline - target) * (1 - AMBER_SHARE)
        else:
            threshold = target * (2 - AMBER_SHARE)
        return Light.AMBER if value <= threshold else Light.RED
    # maintain
    if target == 0:
        return Light.GREEN if value == 0 else Light.RED
    gap = abs(value - target) / abs(target)
    if gap <= Decimal("0.05"):
        return Light.GREEN
    if gap <= Decimal("0.15"):
        return Light.AMBER
    return Light.RED
