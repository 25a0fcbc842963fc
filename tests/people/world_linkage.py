"""Matrix world (people, linkage): two records of one girl in the home institution, recorded
by its coordinator (so in the unit of the supervisor), proposed by a finished duplicate
search (``dup_pair``); a second pair already merged (``dup_merge``, for its page and undo)."""

from __future__ import annotations

from datetime import date

from ruta.people import services as people
from ruta.people import services_linkage
from ruta.people.choices import LinkageStatus
from ruta.people.models import DuplicatePair, LinkageRun
from tests.factories import actor_of


def _pair(run, a, b) -> DuplicatePair:
    return DuplicatePair.objects.create(
        run=run,
        person_a=a,
        person_b=b,
        probability=0.97,
        weight=6.2,
        explanation=[
            {"field": "given_name", "level": "nickname", "weight": 7.1},
            {"field": "surnames", "level": "one_known", "weight": 5.0},
        ],
    )


def build(*, users, home, world) -> dict:
    coordinator = actor_of(users["eri_coordinator"], home)

    def person(given, first, second=""):
        return people.person_create(
            actor=coordinator,
            given_names=given,
            first_surname=first,
            second_surname=second,
            date_of_birth=date(2011, 3, 4),
        )

    run = LinkageRun.objects.create(status=LinkageStatus.DONE, persons=4, pairs_proposed=2)
    pair = _pair(run, person("Rosario", "Duplicada", "Mejía"), person("Chayo", "Duplicada"))
    merged = _pair(run, person("Teresa", "Fusionada", "Cruz"), person("Tere", "Fusionada"))
    merge = services_linkage.persons_merge(
        actor=coordinator, pair=merged, keep=merged.person_a_id, version=merged.version
    )
    return {"dup_run": run, "dup_pair": pair, "dup_merge": merge}
