"""What an assessment's answers add up to: the highest level in each group and overall.
"Unknown" never raises a level; an assessment with nothing known is unknown overall."""

from __future__ import annotations

from ruta.care.choices import LEVEL_ORDER, Level


def _highest(levels: list[str]) -> str:
    known = [lv for lv in levels if lv in LEVEL_ORDER]
    return max(known, key=LEVEL_ORDER.__getitem__) if known else Level.UNKNOWN.value


def evaluate(template, answers: dict[str, str]) -> tuple[dict[str, str], str]:
    by_group: dict[str, list[str]] = {}
    for item in template.items:
        by_group.setdefault(item["group"], []).append(answers.get(item["code"], Level.UNKNOWN))
    groups = {group: str(_highest(levels)) for group, levels in by_group.items()}
    return groups, str(_highest(list(answers.values())))


def pressing_needs(template, answers: dict[str, str]) -> list[tuple[str, str, str]]:
    """(item code, level, service type) for needs answered high or medium, highest first."""
    found = [
        (item["code"], answers[item["code"]], item.get("service", ""))
        for item in template.items
        if answers.get(item["code"]) in (Level.HIGH, Level.MEDIUM)
    ]
    return sorted(found, key=lambda f: -LEVEL_ORDER[f[1]])
