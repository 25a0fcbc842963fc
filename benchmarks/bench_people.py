"""Person search at scale: 100,000 persons with Honduran names (two surnames, accents,
nicknames), searched the way people type: without accents, with one typo, without the second
surname, with surnames swapped, by nickname.

Usage: .venv/bin/python benchmarks/bench_people.py [--persons 100000] [--queries 200]
DATABASE_URL=postgres://... runs it on PostgreSQL. Prints p50/p95; asserts nothing.
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


def typo(word: str, rng: random.Random) -> str:
    w = strip_accents(word).lower()
    i = rng.randrange(1, len(w) - 1)
    return w[:i] + w[i + 1 :]  # one letter dropped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100000)
    parser.add_argument("--queries", type=int, default=200)
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
                estimated_age=rng.randint(8, 60),
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

    def query(p: Person) -> tuple[str, str]:
        kind = rng.choice(["no-accents", "typo", "missing-second", "swapped", "nickname"])
        g = p.given_names.split()[0]
        if kind == "no-accents":
            text = strip_accents(f"{p.given_names} {p.first_surname} {p.second_surname}")
        elif kind == "typo":
            text = f"{g} {typo(p.first_surname, rng)} {p.second_surname}"
        elif kind == "missing-second":
            text = f"{g} {p.first_surname}"
        elif kind == "swapped":
            text = f"{g} {p.second_surname} {p.first_surname}"
        else:
            text = f"{NICK.get(g, g)} {p.first_surname} {p.second_surname}"
        return kind, text

    samples = rng.sample(people, args.queries)
    if os.environ.get("BENCH_QUERIES"):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            person_search(actor=actor, text=query(samples[0])[1])
        for q in ctx.captured_queries:
            print("   ", q["time"], q["sql"][:500])
    times, found = [], 0
    person_search(actor=actor, text="maria lopez")  # warm up
    for p in samples:
        _kind, text = query(p)
        t = time.perf_counter()
        results = person_search(actor=actor, text=text, limit=25)
        times.append((time.perf_counter() - t) * 1000)
        found += p.pk in {r.pk for r in results}
    times.sort()
    print(
        f"person search: p50 {statistics.median(times):.1f} ms,"
        f" p95 {times[int(len(times) * 0.95) - 1]:.1f} ms;"
        f" target in top 25: {found}/{len(samples)}"
    )
    times = []
    for p in samples[:100]:
        t = time.perf_counter()
        person_matches(
            actor=actor,
            given_names=p.given_names,
            first_surname=typo(p.first_surname, rng),
            second_surname=p.second_surname,
            estimated_age=p.estimated_age,
        )
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(
        f"duplicate candidates while typing: p50 {statistics.median(times):.1f} ms,"
        f" p95 {times[int(len(times) * 0.95) - 1]:.1f} ms"
    )


if __name__ == "__main__":
    sys.exit(main())
