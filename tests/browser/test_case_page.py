"""The guided case page in a real Chromium: the next step opens its form, the menu follows
the reading, and on a phone the menu is a strip that scrolls sideways and stays in view."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ruta.cases import services as cases
from ruta.people import services as people
from tests.factories import actor_of, make_institution, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, username: str) -> None:
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/accounts/sign-in/" not in page.url, page.url


@pytest.fixture
def case_url(live_server, settings):
    settings.DEMO_MODE = True  # the coordinator would otherwise enrol in 2FA first
    user = make_user("eri_coordinator", make_institution(), username="coord")
    actor = actor_of(user)
    person = people.person_create(actor=actor, given_names="Rosa", first_surname="Vega")
    case = cases.case_open(actor=actor, person=person)
    cases.case_record_first_contact(actor=actor, case=case, version=case.version, at=timezone.now())
    return f"{live_server.url}/cases/{case.pk}/"


def test_the_next_step_opens_its_form(page, live_server, case_url):
    _sign_in(page, live_server, "coord")
    page.goto(case_url)
    step = page.locator("a[data-step]")
    assert step.get_attribute("data-step") == "consent"
    consent = page.locator("#consent details", has=page.locator("form[action$='/consents/']"))
    assert consent.get_attribute("open") is None
    step.click()
    assert page.url.endswith("#consent")
    assert consent.get_attribute("open") is not None
    assert page.locator("form[action$='/consents/'] select[name=purpose]").is_visible()
    # The menu marks the section being read.
    page.wait_for_function("document.querySelector('nav.case-nav a[aria-current]') !== null")
    assert page.locator("nav.case-nav a[aria-current]").get_attribute("href") == "#consent"


def test_on_a_phone_the_menu_is_a_strip_that_stays_in_view(browser, live_server, case_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-HN")
    page = context.new_page()
    try:
        _sign_in(page, live_server, "coord")
        page.goto(case_url)
        nav = page.locator("nav.case-nav")
        strip = nav.locator("ul")
        assert strip.evaluate("el => getComputedStyle(el).display") == "flex"
        assert nav.evaluate("el => el.scrollWidth > el.clientWidth")  # scrolls sideways
        # Nothing wider than the screen: the page itself does not scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.goto(case_url + "#notes")
        page.wait_for_timeout(300)
        box = nav.bounding_box()
        assert box is not None and box["y"] <= 1  # stuck at the top while reading
    finally:
        context.close()
