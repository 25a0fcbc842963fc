"""k-anonymity of an extract: every released combination of the quasi-identifiers has at
least k records, with as little generalised and left out as the lattice allows."""

from __future__ import annotations

import random
from collections import Counter

from ruta.reporting import kanonymity as ka

REGION = {"HND": "CAM", "GTM": "CAM", "SLV": "CAM", "NIC": "CAM", "MEX": "NAM", "USA": "NAM"}
AGE = {"0-8": "0-17", "9-17": "0-17", "18-20": "18+", "21-23": "18+", "24-26": "18+"}
QIS = (
    ka.QuasiIdentifier("gender"),
    ka.QuasiIdentifier("ageBroad", (lambda v: AGE.get(v, v),)),
    ka.QuasiIdentifier("citizenship", (lambda v: REGION.get(v, "OTH"),)),
    ka.QuasiIdentifier("year"),
)


def _records(n: int, seed: int = 2) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [
        {
            "gender": rng.choices(["Female", "Male"], [0.7, 0.3])[0],
            "ageBroad": rng.choices(list(AGE), [0.15, 0.3, 0.25, 0.2, 0.1])[0],
            "citizenship": rng.choices(list(REGION), [0.8, 0.08, 0.05, 0.03, 0.02, 0.02])[0],
            "year": rng.choice(["2024", "2025"]),
            "isForcedLabour": rng.choice(["1", ""]),
        }
        for _ in range(n)
    ]


def _classes(result, qis=QIS) -> Counter:
    return Counter(tuple(r[q.name] for q in qis) for r in result.records)


def test_every_released_combination_has_k_records():
    records = _records(1500)
    result = ka.anonymise(records, QIS, k=11, max_left_out=0.02)
    assert min(_classes(result).values()) >= 11
    assert result.smallest_class >= 11
    assert len(result.left_out) <= 0.02 * len(records)
    assert len(result.kept) + len(result.left_out) == len(records)
    # Other columns travel unchanged; generalised values come from the ladders.
    assert {r["isForcedLabour"] for r in result.records} <= {"1", ""}
    report = result.report()
    assert report["released"] == len(result.kept) and report["generalised"]


def test_the_least_generalisation_that_works_is_chosen():
    # Plenty of records: nothing needs generalising.
    records = [
        {"gender": g, "ageBroad": "9-17", "citizenship": "HND", "year": "2025"}
        for g in ("Female", "Male")
        for _ in range(20)
    ]
    assert ka.anonymise(records, QIS, k=11).levels == dict.fromkeys(
        ("gender", "ageBroad", "citizenship", "year"), 0
    )
    # Three Guatemalan girls among Honduran ones: the citizenship goes to the region first.
    records += [{"gender": "Female", "ageBroad": "9-17", "citizenship": "GTM", "year": "2025"}] * 3
    result = ka.anonymise(records, QIS, k=11, max_left_out=0.0)
    assert result.levels["citizenship"] == 1 and result.levels["gender"] == 0
    assert not result.left_out


def test_too_few_records_for_any_release_are_all_left_out():
    records = _records(5)
    result = ka.anonymise(records, QIS, k=11)
    assert result.kept == [] and len(result.left_out) == 5
