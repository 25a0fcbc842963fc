"""Scores and the normalised gain, shared by the page, the API and the import."""

from __future__ import annotations

from decimal import Decimal


def score(answers: dict[int, str], key: dict[int, tuple[str, int]]) -> tuple[Decimal, dict]:
    """``answers``: question position -> the key chosen ('' for none); ``key``: position ->
    (right key, points). Returns the score and the points per position."""
    points = {
        pos: Decimal(pts) if answers.get(pos, "") == right else Decimal(0)
        for pos, (right, pts) in key.items()
    }
    return sum(points.values(), Decimal(0)), points


def normalised_gain(pre: Decimal | None, post: Decimal | None, maximum: Decimal | None):
    """(post - pre) / (max - pre) (Hake): the share of what was left to learn that was
    learnt. None while a test is missing, or when the pre-test was already perfect."""
    if pre is None or post is None or maximum is None or maximum <= pre:
        return None
    return float((post - pre) / (maximum - pre))
