"""Screening: answers in, dimension flags and a suggestion out. The decision stays human.

Each question has a dimension and a strength. A dimension is positive when its "yes" answers
weigh at least the instrument's threshold (strong 3, medium 2, weak 1; default threshold 3:
one strong, two medium, or a medium and a weak indicator). Rules are data in the instrument:

- ``count``: the number of "yes" answers reaching ``refer_at`` suggests a referral for
  identification, reaching ``presumed_at`` a presumed victim;
- ``dimensions``: a presumed victim needs a positive recruitment dimension, a positive
  exploitation dimension and, for adults, a positive means dimension (for children the means
  are not required); any "yes" short of that suggests a referral.
"""

from __future__ import annotations

from ruta.cases.choices import Answer, Suggestion

WEIGHTS = {"strong": 3, "medium": 2, "weak": 1}


def evaluate(instrument, answers: dict[str, str]) -> tuple[dict[str, bool], str]:
    rule = instrument.rule
    threshold = rule.get("threshold", 3)
    weight: dict[str, int] = {}
    yes = 0
    for question in instrument.questions:
        dimension = question["dimension"]
        weight.setdefault(dimension, 0)
        if answers.get(question["code"]) == Answer.YES:
            yes += 1
            weight[dimension] += WEIGHTS[question["strength"]]
    flags = {dimension: total >= threshold for dimension, total in weight.items()}
    if rule["type"] == "count":
        if yes >= rule["presumed_at"]:
            return flags, Suggestion.PRESUMED
        return flags, Suggestion.REFER if yes >= rule["refer_at"] else Suggestion.NONE
    recruitment = any(flags.get(d) for d in rule["recruitment"])
    exploitation = any(flags.get(d) for d in rule["exploitation"])
    means = not rule["means"] or any(flags.get(d) for d in rule["means"])
    if recruitment and exploitation and means:
        return flags, Suggestion.PRESUMED
    return flags, Suggestion.REFER if yes else Suggestion.NONE
