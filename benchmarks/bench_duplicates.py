"""The duplicate search as deployed (issue 15, section 3): ``services_linkage.linkage_run``
over persons in the database, what the nightly ``ruta find_duplicates`` does.

Seeds the generated Spanish-name set of ``bench_linkage.py`` (half the persons, then four in
five of them written again with one to three slips, and new persons) in one institution,
runs the search, and reports its wall time, the pairs it compared and proposed, and how
many of the true pairs it proposed (a pair is proposed, not merged: reviewers decide; the
search is not one-to-one, since a database may hold the same person three times).

Usage:
  .venv/bin/python benchmarks/bench_duplicates.py --persons 100000
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench ... (a fresh database)
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import bench_linkage


def _seed(rows: list[dict], institution, user) -> list:
    from ruta.people.models import Person
    from ruta.people.services import set_search_keys

    people = []
    for row in rows:
        p = Person(
            institution=institution,
            created_by=user,
            given_names=row["given_names"],
            first_surname=row["first_surname"],
            second_surname=row["second_surname"],
            aliases=row.get("aliases", ""),
            sex=row["sex"] or "unknown",
            date_of_birth=row["date_of_birth"],
            estimated_age=row.get("estimated_age") if not row["date_of_birth"] else None,
            age_estimated_on=row.get("age_estimated_on") or date(2026, 12, 1),
        )
        set_search_keys(p)
        people.append(p)
    Person.objects.bulk_create(people, batch_size=5000)
    return [p.pk for p in people]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("RUTA_DATA_DIR", tempfile.mkdtemp(prefix="ruta-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from ruta.people.models import DuplicatePair, LinkageRun, Person
    from ruta.people.services_linkage import linkage_run
    from tests.factories import actor_of, make_institution, make_user

    assert not Person.objects.exists(), "a fresh database"
    left, right, truth = bench_linkage.spanish_set(args.persons, args.seed)
    institution = make_institution("Equipo de Respuesta Inmediata", "response_team")
    user = actor_of(make_user("eri_coordinator", institution)).user
    started = time.perf_counter()
    left_ids = _seed(left, institution, user)
    right_ids = _seed(right, institution, user)
    print(
        f"{connection.vendor}: {len(left) + len(right):,} persons seeded in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )

    started = time.perf_counter()
    run = linkage_run(LinkageRun.objects.create())
    wall = time.perf_counter() - started
    proposed = {
        frozenset(p) for p in DuplicatePair.objects.values_list("person_a_id", "person_b_id")
    }
    true_pairs = {frozenset((left_ids[i], right_ids[j])) for i, j in truth}
    found = len(proposed & true_pairs)
    precision = found / len(proposed) if proposed else 0.0
    recall = found / len(true_pairs)
    f1 = 2 * precision * recall / (precision + recall) if found else 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        "| database | persons | status | pairs compared | pairs proposed | true proposed |"
        " precision | recall | F1 | wall s | peak MB |"
    )
    print("|---" * 11 + "|")
    print(
        f"| {connection.vendor} | {run.persons:,} | {run.status} | {run.pairs_compared:,} |"
        f" {run.pairs_proposed:,} | {found:,} of {len(true_pairs):,} | {precision:.3f} |"
        f" {recall:.3f} | {f1:.3f} | {wall:.1f} | {peak:.0f} |"
    )


if __name__ == "__main__":
    main()
