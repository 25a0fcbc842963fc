"""The duplicate journey in a real Chromium: a name typed without its second surname on the
person form brings up the existing record with its reasons; the worker records the person
all the same; the reviewer's duplicate search proposes the pair; she merges it, then undoes
the merge."""

from __future__ import annotations

import os
from datetime import date

import pytest

from ruta.people import services as people
from ruta.people.models import Person, PersonMerge
from tests.browser.test_case_page import _sign_in
from tests.factories import actor_of, make_institution, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = os.environ.get("RUTA_SCREENSHOTS")


@pytest.fixture
def existing(settings):
    settings.DEMO_MODE = True  # the coordinator would otherwise enrol in 2FA first
    actor = actor_of(make_user("eri_coordinator", make_institution(), username="coord"))
    people.person_create(
        actor=actor, given_names="Pedro", first_surname="Castillo", date_of_birth=date(1980, 1, 5)
    )
    return people.person_create(
        actor=actor,
        given_names="Yesenia María",
        first_surname="Velásquez",
        second_surname="Oseguera",
        sex="female",
        date_of_birth=date(2007, 11, 4),
    )


def test_suggest_then_search_then_merge_then_undo(page, live_server, existing):
    _sign_in(page, live_server, "coord")
    # 1. Recording her again: the form suggests the existing record while the name is typed.
    page.goto(f"{live_server.url}/people/new/")
    page.fill("#id_date_of_birth", "2007-11-04")
    page.fill("#id_first_surname", "Velásquez")
    page.locator("#id_given_names").press_sequentially("Yesenia", delay=30)
    page.locator("#matches-h").wait_for()
    card = page.locator("section.card-alert").inner_text()
    assert "Yesenia María Velásquez Oseguera" in card and "misma fecha de nacimiento" in card
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/duplicates-1-suggestion.png", full_page=True)
    page.select_option("#id_sex", "female")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    assert Person.objects.filter(first_surname="Velásquez").count() == 2

    # 2. The reviewer runs the duplicate search: the pair is proposed, with why.
    page.goto(f"{live_server.url}/people/duplicates/")
    assert "Nada por revisar." in page.locator("main").inner_text()
    page.get_by_role("button", name="Buscar duplicados ahora").click()
    page.locator("#linkage-run", has_text="Terminada").wait_for()
    page.reload()
    row = page.locator("main table tbody tr").first
    assert "Yesenia María Velásquez Oseguera" in row.inner_text()
    assert "Nacimiento: igual" in row.inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/duplicates-2-queue.png", full_page=True)
    with page.expect_navigation():
        row.get_by_role("link", name="Comparar").click()
    assert "Por qué se emparejaron" in page.locator("main").inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/duplicates-3-pair.png", full_page=True)

    # 3. She keeps the first record and merges.
    page.get_by_label("El primer registro (Yesenia María Velásquez Oseguera)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Fusionar los dos registros").click()
    assert "Los dos registros se fusionaron." in page.locator("main").inner_text()
    merge = PersonMerge.objects.get()
    assert merge.survivor_id == existing.pk
    assert Person.objects.get(pk=merge.merged_id).merged_into_id == existing.pk
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/duplicates-4-merge.png", full_page=True)

    # 4. And undoes it: the two records are apart again, the pair back in the queue.
    with page.expect_navigation():
        page.get_by_role("button", name="Deshacer la fusión").click()
    assert "vuelven a estar separados" in page.locator("main").inner_text()
    assert Person.objects.get(pk=merge.merged_id).merged_into_id is None
    page.goto(f"{live_server.url}/people/duplicates/")
    assert "Yesenia María Velásquez Oseguera" in page.locator("main table").inner_text()
