"""Person search at national scale (issue 15).

Seeds N synthetic persons with Honduran names (benchmarks/names_hn.py: Zipf-like name
frequencies, two surnames, compound given names, aliases, 5% known only by an approximate age)
in one institution, then runs the same number of queries of each kind, the way people type
them at intake, each with what is known of the birth:

- no-accents: the full name without accents or capitals, the date of birth;
- typo: one slip (dropped, swapped, doubled or neighbouring key) in one word of five letters or
  more, the date of birth;
- missing-second: the second surname left out, the date of birth;
- swapped: the surnames in the other order, the date of birth;
- nickname: the first given name as its nickname, the date of birth;
- approximate-birth: the full name, with the date written with a slip (day and month
  swapped, the year one off, the day mistyped) or only the year, in turns.

A hit is the intended person in the top 10 of ``selectors.person_find`` (the search of the
pages and the API, through the actor's scope). On PostgreSQL the same queries (their names: it
takes no birth) run against a plain pg_trgm baseline in the same run: a GIN trigram index on
the person's normalised name words, ``%`` at the default 0.3 threshold, ``ORDER BY
similarity``. The sizes of both search structures are printed.

Usage:
  .venv/bin/python benchmarks/bench_people.py --persons 100000 [--queries-per-kind 50]
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench ... (a fresh database)
  --reuse: keep the persons already seeded (same size) and only run the queries.
Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import names_hn

KINDS = ("no-accents", "typo", "missing-second", "swapped", "nickname", "approximate-birth")


def _pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(len(ordered) * q) - 1)] if ordered else 0.0


def _seed(n: int, institution, user, rng: random.Random) -> None:
    from django.utils import timezone

    from ruta.people.matching import key_words
    from ruta.people.models import Person
    from ruta.people.services import remember_names, set_search_keys

    today = timezone.localdate()
    vocabulary: set[str] = set()
    batch: list = []
    started = time.perf_counter()
    for i in range(n):
        p = Person(institution=institution, created_by=user, **names_hn.person(rng, today))
        set_search_keys(p)
        vocabulary |= key_words(p.given_names, p.first_surname, p.second_surname, p.aliases)
        batch.append(p)
        if len(batch) == 10_000:
            Person.objects.bulk_create(batch)
            batch = []
            if (i + 1) % 100_000 == 0:
                print(f"  {i + 1:,} persons, {time.perf_counter() - started:.0f} s", flush=True)
    Person.objects.bulk_create(batch)
    remember_names(vocabulary)


def _query(kind: str, p, rng: random.Random, turn: int) -> tuple[str, dict]:
    """The text typed and what is known of the birth."""
    given = p.given_names
    birth = {"date": p.date_of_birth} if p.date_of_birth else {"age": p.age()}
    full = f"{given} {p.first_surname} {p.second_surname}".strip()
    if kind == "no-accents":
        return names_hn.strip_accents(full).lower(), birth
    if kind == "typo":
        words = full.split()
        long = [i for i, w in enumerate(words) if len(w) >= 5]
        i = rng.choice(long)
        words[i] = names_hn.typo(words[i], rng)
        return " ".join(words), birth
    if kind == "missing-second":
        return f"{given} {p.first_surname}", birth
    if kind == "swapped":
        return f"{given} {p.second_surname} {p.first_surname}", birth
    if kind == "nickname":
        first = given.split()[0]
        return f"{names_hn.NICKNAME[first]} {p.first_surname} {p.second_surname}", birth
    born = p.date_of_birth
    if born is None:
        return full, {"age": p.age() + rng.choice((-1, 1))}
    slip = turn % 4
    if slip == 0 and born.day <= 12 and born.day != born.month:
        return full, {"date": born.replace(month=born.day, day=born.month)}
    if slip in (0, 1):
        try:
            return full, {"date": born.replace(year=born.year + rng.choice((-1, 1)))}
        except ValueError:  # 29 February
            return full, {"date": born + timedelta(days=365)}
    if slip == 2:
        day = born.day + (1 if born.day < 28 else -1)
        return full, {"date": born.replace(day=day)}
    return full, {"year": born.year}


def _pool(kind: str, persons: list) -> list:
    if kind == "nickname":
        return [p for p in persons if p.given_names.split()[0] in names_hn.NICKNAME]
    if kind in ("missing-second", "swapped"):
        return [p for p in persons if p.second_surname]
    if kind == "typo":
        full = lambda p: f"{p.given_names} {p.first_surname} {p.second_surname}"  # noqa: E731
        return [p for p in persons if any(len(w) >= 5 for w in full(p).split())]
    return persons


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries-per-kind", type=int, default=50)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("RUTA_DATA_DIR", tempfile.mkdtemp(prefix="ruta-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from ruta.accounts.models import User
    from ruta.institutions.models import Institution
    from ruta.people import matching
    from ruta.people.models import NameVariant, Person
    from ruta.people.selectors import person_find
    from tests.factories import actor_of, make_institution, make_user

    rng = random.Random(42)
    existing = Person.objects.count()
    if args.reuse and existing == args.persons:
        institution = Institution.objects.get(name="Equipo de Respuesta Inmediata")
        actor = actor_of(User.objects.get(memberships__institution=institution))
        print(f"{connection.vendor}: reusing {existing:,} persons")
    else:
        assert existing == 0, "a fresh database, or --reuse with the same --persons"
        institution = make_institution("Equipo de Respuesta Inmediata", "response_team")
        actor = actor_of(make_user("eri_coordinator", institution))
        t0 = time.perf_counter()
        _seed(args.persons, institution, actor.user, rng)
        took = time.perf_counter() - t0
        print(f"{connection.vendor}: {args.persons:,} persons seeded in {took:.0f} s")
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    # The persons queried: a random sample, read back from the database.
    ids = list(Person.objects.values_list("pk", flat=True))
    sample = list(Person.objects.filter(pk__in=rng.sample(ids, min(len(ids), 6000))))
    sample.sort(key=lambda p: str(p.pk))
    del ids

    baseline = connection.vendor == "postgresql"
    sizes: dict[str, float] = {}
    if baseline:
        with connection.cursor() as c:
            c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            c.execute(
                "CREATE INDEX IF NOT EXISTS bench_person_trgm ON people_person"
                " USING gin (search_text gin_trgm_ops)"
            )
            c.execute("ANALYZE people_person")
            c.execute("SELECT pg_relation_size('bench_person_trgm')")
            sizes["trigram index"] = c.fetchone()[0]
            c.execute(
                "SELECT coalesce(sum(pg_relation_size(indexrelid)), 0) FROM pg_index"
                " JOIN pg_class ON pg_class.oid = indexrelid"
                " WHERE relname LIKE 'person_key_%%'"
            )
            sizes["key indexes"] = c.fetchone()[0]
            c.execute(
                "SELECT sum(pg_column_size(key_given) + pg_column_size(key_given2)"
                " + pg_column_size(key_surname1)"
                " + pg_column_size(key_surname2) + pg_column_size(key_alias)"
                " + pg_column_size(key_birth_year)) FROM people_person"
            )
            sizes["key columns"] = c.fetchone()[0]
            c.execute("SELECT pg_total_relation_size('people_namevariant')")
            sizes["vocabulary"] = c.fetchone()[0]

    def trgm(text: str) -> list:
        with connection.cursor() as c:
            c.execute(
                "SELECT id FROM people_person WHERE search_text %% %s"
                " ORDER BY similarity(search_text, %s) DESC LIMIT %s",
                [matching.normalise(text)] * 2 + [args.top],
            )
            return [row[0] for row in c.fetchall()]

    queries = []
    for kind in KINDS:
        for turn, p in enumerate(rng.sample(_pool(kind, sample), args.queries_per_kind)):
            text, birth = _query(kind, p, rng, turn)
            queries.append((kind, p, text, matching.BirthHint(**birth)))
    for _kind, _p, text, hint in queries[:: max(1, len(queries) // 30)]:  # warm up
        person_find(actor=actor, text=text, birth=hint)

    results: dict[str, dict[str, list]] = {k: {"ruta": [], "trgm": []} for k in KINDS}
    misses: list[tuple[str, str, matching.BirthHint]] = []
    for kind, p, text, hint in queries:
        t = time.perf_counter()
        found = [
            c.person.pk for c in person_find(actor=actor, text=text, birth=hint, limit=args.top)
        ]
        results[kind]["ruta"].append(((time.perf_counter() - t) * 1000, p.pk in found))
        if p.pk not in found:
            misses.append((kind, text, hint))
        if baseline:
            t = time.perf_counter()
            hit = p.pk in trgm(text)
            results[kind]["trgm"].append(((time.perf_counter() - t) * 1000, hit))

    n = args.queries_per_kind

    def cells(rows: list) -> str:
        if not rows:
            return "— | —"
        times = [t for t, _hit in rows]
        hits = sum(hit for _t, hit in rows)
        return (
            f"{hits}/{len(rows)} ({100 * hits / len(rows):.0f}%) |"
            f" {statistics.median(times):.1f} / {_pct(times, 0.95):.1f}"
        )

    print(
        f"\n{connection.vendor}, {Person.objects.count():,} persons, {n} queries per kind,"
        f" vocabulary {NameVariant.objects.count():,} rows\n"
    )
    print(
        f"| kind | Ruta in top {args.top} | Ruta p50 / p95 ms |"
        f" pg_trgm in top {args.top} | pg_trgm p50 / p95 ms |"
    )
    print("|---|---|---|---|---|")
    for kind in KINDS:
        print(f"| {kind} | {cells(results[kind]['ruta'])} | {cells(results[kind]['trgm'])} |")
    every = {name: [r for k in KINDS for r in results[k][name]] for name in ("ruta", "trgm")}
    print(f"| all | {cells(every['ruta'])} | {cells(every['trgm'])} |")
    if sizes:
        ours = sizes["key indexes"] + sizes["key columns"] + sizes["vocabulary"]
        print(
            f"\nsearch structures: Ruta {ours / 2**20:.1f} MB (key indexes"
            f" {sizes['key indexes'] / 2**20:.1f}, key columns {sizes['key columns'] / 2**20:.1f},"
            f" vocabulary {sizes['vocabulary'] / 2**20:.1f}); trigram index"
            f" {sizes['trigram index'] / 2**20:.1f} MB; ratio {ours / sizes['trigram index']:.1f}x"
        )
        p95 = {name: _pct([t for t, _h in every[name]], 0.95) for name in every}
        print(f"p95: pg_trgm / Ruta = {p95['trgm'] / p95['ruta']:.1f}x")
    if misses:
        print("\nmissed (first 12):")
        for kind, text, hint in misses[:12]:
            print(f"  {kind}: {text!r} {hint}")


if __name__ == "__main__":
    sys.exit(main())
