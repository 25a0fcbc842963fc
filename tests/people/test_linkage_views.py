"""The duplicate review's pages: a stale form or a wrong choice gets a clear answer and
changes nothing; the search's progress offers a new search once it is finished."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ruta.people import services
from ruta.people.models import DuplicatePair, LinkageRun, Person, PersonMerge
from tests.factories import actor_of, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_institution):
    user = make_user("eri_coordinator", home_institution)
    actor = actor_of(user)

    def person(given, second=""):
        return services.person_create(
            actor=actor,
            given_names=given,
            first_surname="Cálix",
            second_surname=second,
            date_of_birth=date(2012, 6, 1),
        )

    run = LinkageRun.objects.create(status="done", persons=2, pairs_proposed=1)
    pair = DuplicatePair.objects.create(
        run=run,
        person_a=person("Dulce María", "Reyes"),
        person_b=person("Dulce"),
        probability=0.93,
        weight=3.9,
        explanation=[{"field": "given_name", "level": "exact", "weight": 5.9}],
    )
    return {"client": sign_in(Client(), user), "pair": pair, "run": run}


def test_a_stale_merge_form_says_so_and_merges_nothing(world):
    pair = world["pair"]
    url = reverse("people:duplicate-merge", kwargs={"pair_id": pair.pk})
    response = world["client"].post(url, {"keep": str(pair.person_a_id), "version": 0})
    assert response.status_code == 400
    assert "Otra persona modificó este registro" in response.content.decode()
    assert not PersonMerge.objects.exists()
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_keeping_a_record_outside_the_pair_is_refused(world):
    pair = world["pair"]
    url = reverse("people:duplicate-merge", kwargs={"pair_id": pair.pk})
    response = world["client"].post(url, {"keep": str(pair.run_id), "version": pair.version})
    assert response.status_code == 400
    assert not PersonMerge.objects.exists()


def test_dismissing_twice_answers_that_it_was_decided(world):
    pair = world["pair"]
    url = reverse("people:duplicate-dismiss", kwargs={"pair_id": pair.pk})
    assert world["client"].post(url, {"version": pair.version}).status_code == 302
    again = world["client"].post(url, {"version": pair.version + 1})
    assert again.status_code == 400
    assert "ya fue decidido" in again.content.decode()
    assert DuplicatePair.objects.get(pk=pair.pk).status == "dismissed"


def test_the_progress_offers_a_new_search_when_the_last_one_is_over(world):
    url = reverse("people:linkage-run", kwargs={"run_id": world["run"].pk})
    body = world["client"].get(url).content.decode()
    assert "Buscar duplicados ahora" in body and "hx-trigger" not in body
    LinkageRun.objects.filter(pk=world["run"].pk).update(status="running", stage="compare")
    body = world["client"].get(url).content.decode()
    assert 'hx-trigger="every 2s"' in body and "Buscar duplicados ahora" not in body
    assert 'value="40"' in body  # comparing: 40 %
