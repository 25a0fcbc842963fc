"""Person search in a real Chromium: typing a name without its second surname and a date
written with day and month swapped brings the person first, with the reasons; the duplicate
check on the person form suggests the existing record while the name is typed."""

from __future__ import annotations

import os
from datetime import date

import pytest

from ruta.people import services as people
from tests.browser.test_case_page import _sign_in
from tests.factories import actor_of, make_institution, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = os.environ.get("RUTA_SCREENSHOTS")


@pytest.fixture
def people_world(settings):
    settings.DEMO_MODE = True  # the coordinator would otherwise enrol in 2FA first
    actor = actor_of(make_user("eri_coordinator", make_institution(), username="coord"))
    target = people.person_create(
        actor=actor,
        given_names="Yesenia María",
        first_surname="Velásquez",
        second_surname="Oseguera",
        date_of_birth=date(2007, 11, 4),
    )
    for given, born in (("Yesenia", date(1998, 2, 1)), ("Yessenia", date(2007, 3, 30))):
        people.person_create(
            actor=actor,
            given_names=given,
            first_surname="Velásquez",
            second_surname="Cruz",
            date_of_birth=born,
        )
    return target


def test_search_with_a_missing_surname_and_a_slipped_date(page, live_server, people_world):
    _sign_in(page, live_server, "coord")
    page.goto(f"{live_server.url}/people/")
    page.fill("#id_date_of_birth", "2007-04-11")  # day and month swapped
    # Spelled as it sounds, without the second surname, typed key by key.
    page.locator("#person-q").press_sequentially("yesenia belasquez", delay=30)
    first = page.locator("#person-results tbody tr").first
    first.locator("a").wait_for()
    assert first.locator("a").inner_text() == "Yesenia María Velásquez Oseguera"
    reasons = first.locator("td.reasons").inner_text()
    assert "nombre de pila" in reasons and "escrito distinto" in reasons
    assert "fecha de nacimiento cercana" in reasons
    # The namesakes' dates are no slip of this one (1998; March 30th): not offered.
    assert page.locator("#person-results tbody tr").count() == 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/person-search.png", full_page=True)


def test_the_form_suggests_the_existing_record_while_typing(page, live_server, people_world):
    _sign_in(page, live_server, "coord")
    page.goto(f"{live_server.url}/people/new/")
    page.fill("#id_date_of_birth", "2007-11-04")
    page.fill("#id_first_surname", "Velasquez")
    page.locator("#id_given_names").press_sequentially("Yesenia", delay=30)  # typing
    page.locator("#matches-h").wait_for()
    card = page.locator("section.card-alert").inner_text()
    assert "Yesenia María Velásquez Oseguera" in card
    assert "misma fecha de nacimiento" in card
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/person-duplicate-check.png", full_page=True)
