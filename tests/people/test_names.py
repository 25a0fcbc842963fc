"""Pages show the names of countries and languages in the reader's language, never codes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from ruta.core.countries import country_name, language_name
from ruta.people import services
from tests.factories import actor_of, make_user, sign_in


def test_names_follow_the_language_of_the_page():
    assert country_name("USA", "es") == "Estados Unidos"
    assert country_name("USA", "fr") == "États-Unis"
    assert country_name("USA", "en") == "United States"
    assert language_name("spa", "es") == "Español"
    assert language_name("spa", "en") == "Spanish"
    with translation.override("fr"):
        assert country_name("MEX") == "Mexique"
    # Honduras's own peoples' languages, one spelling everywhere; unknown codes as they are.
    assert language_name("cab", "en") == language_name("cab", "es") == "Garífuna"
    assert (country_name("XXX"), language_name("xxx")) == ("XXX", "xxx")


@pytest.mark.django_db
def test_the_person_page_names_nationalities_and_languages(home_institution):
    worker = make_user("case_worker", home_institution)
    person = services.person_create(
        actor=actor_of(worker),
        given_names="Ana",
        nationalities=["HND", "USA"],
        languages=["spa", "cab"],
    )
    page = sign_in(Client(), worker).get(f"/people/{person.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert "Honduras, Estados Unidos" in html
    assert "Español, Garífuna" in html
    assert "HND" not in html and "spa," not in html
