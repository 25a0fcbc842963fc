"""Person search at scale: persons with Honduran names (two surnames, accents, nicknames,
dates of birth), searched the way people type, in equal numbers of each kind: without
accents, with one typo, without the second surname, with the surnames swapped, by nickname,
and (the duplicate check while recording a person) with the day and month of birth swapped.

On PostgreSQL the same queries run against a plain pg_trgm baseline in the same run (a GIN
trigram index on the person's normalised full name, ``%`` at the default 0.3 threshold,
``ORDER BY similarity``), and the sizes of both search structures are printed.

Usage: .venv/bin/python benchmarks/bench_people.py [--persons 100000] [--queries-per-kind 50]
DATABASE_URL=postgres://... runs it on PostgreSQL. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

# The test helpers (tests/factories.py) are imported from the repository's root.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

GIVEN_F = [
    "María",
    "Ana",
    "Rosa",
    "Dania",
    "Glenda",
    "Karla",
    "Sonia",
    "Lourdes",
    "Iris",
    "Wendy",
    "Yesenia",
    "Marisol",
    "Lucía",
    "Gabriela",
    "Alejandra",
    "Daniela",
    "Fátima",
    "Guadalupe",
    "Concepción",
    "Dolores",
    "Mercedes",
    "Isabel",
    "Teresa",
    "Cristina",
]
GIVEN_M = [
    "José",
    "Juan",
    "Carlos",
    "Luis",
    "Jorge",
    "Óscar",
    "Francisco",
    "Antonio",
    "Mario",
    "Roberto",
    "Manuel",
    "Jesús",
    "Ramón",
    "Eduardo",
    "Guillermo",
    "Fernando",
    "Enrique",
    "Ignacio",
    "Lorenzo",
    "Alberto",
    "Marvin",
    "Wilmer",
    "Darwin",
    "Elvin",
]
SURNAMES = [
    "Hernández",
    "López",
    "Martínez",
    "Rodríguez",
    "García",
    "Mejía",
    "Flores",
    "Reyes",
    "Cruz",
    "Sánchez",
    "Ramírez",
    "Pérez",
    "Castillo",
    "Zelaya",
    "Aguilar",
    "Mendoza",
    "Núñez",
    "Padilla",
    "Banegas",
    "Matute",
    "Amador",
    "Velásquez",
    "Ortiz",
    "Lagos",
    "Girón",
    "Figueroa",
    "Paz",
    "Rivera",
    "Maldonado",
    "Murillo",
    "Bonilla",
    "Cáceres",
    "Euceda",
    "Funez",
    "Andino",
    "Ordóñez",
    "Suazo",
    "Turcios",
    "Irías",
    "Alvarado",
    "Chávez",
    "Elvir",
    "Galeano",
    "Hernández",
    "Midence",
    "Oseguera",
    "Ponce",
    "Quiroz",
    "Rosales",
    "Salgado",
    "Tábora",
    "Urbina",
    "Valladares",
    "Yanes",
    "Zúniga",
    "Lanza",
]
NICK = {
    "José": "Chepe",
    "Francisco": "Pancho",
    "Antonio": "Toño",
    "Guadalupe": "Lupe",
    "Jesús": "Chus",
    "Ramón": "Moncho",
    "Eduardo": "Lalo",
    "Guillermo": "Memo",
}


def strip_accents(s: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _birth(rng: random.Random):
    from datetime import date

    # Days up to the 12th, so that swapping day and month gives another valid date.
    return date(rng.randint(1966, 2018), rng.randint(1, 12), rng.randint(1, 12))


def typo(word: str, rng: random.Random) -> str:
    w = strip_accents(word).lower()
    i = rng.randrange(1, len(w) - 1)
    return w[:i] + w[i + 1 :]  # one letter dropped


KINDS = ("no-accents", "typo", "missing-second", "swapped", "nickname", "dob-swapped")


def _pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * q) - 1)] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100000)
    parser.add_argument("--queries-per-kind", type=int, default=50)
    parser.add_argument("--top", type=int, default=10, help="a hit is the person in the top N")
    args = parser.parse_args()
    os.environ.setdefault("RUTA_DATA_DIR", tempfile.mkdtemp(prefix="ruta-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from ruta.people import matching
    from ruta.people.models import Person, PersonNameKey
    from ruta.people.selectors import person_matches, person_search
    from tests.factories import actor_of, make_institution, make_user

    rng = random.Random(42)
    institution = make_institution("Equipo de Respuesta Inmediata", "response_team")
    actor = actor_of(make_user("eri_coordinator", institution))
    t0 = time.perf_counter()
    people = []
    for _ in range(args.persons):
        female = rng.random() < 0.7
        first = rng.choice(GIVEN_F if female else GIVEN_M)
        given = (
            first if rng.random() < 0.5 else f"{first} {rng.choice(GIVEN_F if female else GIVEN_M)}"
        )
        people.append(
            Person(
                institution=institution,
                created_by=actor.user,
                given_names=given,
                first_surname=rng.choice(SURNAMES),
                second_surname=rng.choice(SURNAMES) if rng.random() < 0.9 else "",
                aliases=NICK.get(first, "") if rng.random() < 0.3 else "",
                sex="female" if female else "male",
                date_of_birth=_birth(rng),
            )
        )
        p = people[-1]
        p.search_text = matching.search_text(
            p.given_names, p.first_surname, p.second_surname, p.aliases
        )
    for start in range(0, len(people), 5000):
        Person.objects.bulk_create(people[start : start + 5000])
    keys = []
    for p in people:
        names = (p.given_names, p.first_surname, p.second_surname, p.aliases)
        keys.extend(
            PersonNameKey(person_id=p.pk, institution_id=institution.pk, key=k)
            for k in matching.name_keys(*names)
        )
        if len(keys) > 50000:
            PersonNameKey.objects.bulk_create(keys)
            keys = []
    PersonNameKey.objects.bulk_create(keys)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")  # the steady state autovacuum keeps in production
    else:
        with connection.cursor() as c:
            c.execute("ANALYZE")
    print(
        f"{connection.vendor}: {args.persons} persons, {PersonNameKey.objects.count()} name keys,"
        f" seeded in {time.perf_counter() - t0:.0f} s"
    )

    def query(kind: str, p: Person) -> str:
        g = p.given_names.split()[0]
        if kind == "no-accents":
            return strip_accents(f"{p.given_names} {p.first_surname} {p.second_surname}")
        if kind == "typo":
            return f"{g} {typo(p.first_surname, rng)} {p.second_surname}"
        if kind == "missing-second":
            return f"{g} {p.first_surname}"
        if kind == "swapped":
            return f"{g} {p.second_surname} {p.first_surname}"
        if kind == "nickname":
            return f"{NICK.get(g, g)} {p.first_surname} {p.second_surname}"
        return f"{g} {p.first_surname}"  # dob-swapped: the name as typed at intake

    baseline = connection.vendor == "postgresql"
    if baseline:
        with connection.cursor() as c:
            c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            c.execute(
                "CREATE INDEX IF NOT EXISTS bench_person_trgm ON people_person"
                " USING gin (search_text gin_trgm_ops)"
            )
            c.execute("ANALYZE people_person")
            c.execute("SELECT pg_relation_size('bench_person_trgm')")
            trgm_size = c.fetchone()[0]
            c.execute("SELECT pg_total_relation_size('people_personnamekey')")
            keys_size = c.fetchone()[0]
        print(
            f"search structures: name keys {keys_size / 2**20:.0f} MB (table and indexes),"
            f" trigram index {trgm_size / 2**20:.0f} MB"
        )

    def trgm(text: str) -> list:
        with connection.cursor() as c:
            c.execute(
                "SELECT id FROM people_person WHERE search_text %% %s"
                " ORDER BY similarity(search_text, %s) DESC LIMIT %s",
                [matching.normalise(text)] * 2 + [args.top],
            )
            return [row[0] for row in c.fetchall()]

    def swapped(d):
        return d.replace(day=d.month, month=d.day)

    person_search(actor=actor, text="maria lopez")  # warm up
    rows = []
    all_times: dict[str, list[float]] = {"ruta": [], "trgm": []}
    for kind in KINDS:
        pool = [p for p in people if kind != "nickname" or p.given_names.split()[0] in NICK]
        pool = [p for p in pool if kind not in ("swapped", "missing-second") or p.second_surname]
        hits = {"ruta": 0, "trgm": 0}
        times: dict[str, list[float]] = {"ruta": [], "trgm": []}
        for p in rng.sample(pool, args.queries_per_kind):
            text = query(kind, p)
            t = time.perf_counter()
            if kind == "dob-swapped":
                found = [
                    c.person.pk
                    for c in person_matches(
                        actor=actor,
                        given_names=p.given_names.split()[0],
                        first_surname=p.first_surname,
                        date_of_birth=swapped(p.date_of_birth),
                        limit=args.top,
                    )
                ]
            else:
                found = [r.pk for r in person_search(actor=actor, text=text, limit=args.top)]
            times["ruta"].append((time.perf_counter() - t) * 1000)
            hits["ruta"] += p.pk in found
            if baseline:
                t = time.perf_counter()
                hits["trgm"] += p.pk in trgm(text)
                times["trgm"].append((time.perf_counter() - t) * 1000)
        for name in times:
            all_times[name].extend(times[name])
        rows.append((kind, hits, times))
    n = args.queries_per_kind
    print(
        f"\n| kind | Ruta in top {args.top} | Ruta p50 / p95 ms | pg_trgm in top {args.top} |"
        " pg_trgm p50 / p95 ms |"
    )
    print("|---|---|---|---|---|")
    for kind, hits, times in rows:
        base = (
            f"{hits['trgm']}/{n} | {statistics.median(times['trgm']):.1f} /"
            f" {_pct(times['trgm'], 0.95):.1f}"
            if baseline
            else "— | —"
        )
        print(
            f"| {kind} | {hits['ruta']}/{n} | {statistics.median(times['ruta']):.1f} /"
            f" {_pct(times['ruta'], 0.95):.1f} | {base} |"
        )
    total = n * len(KINDS)
    print(
        f"| all | {sum(h['ruta'] for _, h, _ in rows)}/{total} |"
        f" {statistics.median(all_times['ruta']):.1f} / {_pct(all_times['ruta'], 0.95):.1f} | "
        + (
            f"{sum(h['trgm'] for _, h, _ in rows)}/{total} |"
            f" {statistics.median(all_times['trgm']):.1f} / {_pct(all_times['trgm'], 0.95):.1f} |"
            if baseline
            else "— | — |"
        )
    )
    print(
        "(dob-swapped runs the duplicate check, person_matches, with the date of birth;"
        " pg_trgm gets the name only)"
    )


if __name__ == "__main__":
    sys.exit(main())
