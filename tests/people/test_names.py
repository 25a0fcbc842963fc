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


@pytest.mark.django_db
def test_the_person_form_offers_a_searchable_nationality_list_that_works_without_script(
    home_institution,
):
    worker = make_user("eri_coordinator", home_institution)
    client = sign_in(Client(), worker)
    html = client.get("/people/new/").content.decode()
    # The plain multiple select, marked for the searchable widget, with its files.
    assert '<select name="nationalities"' in html and "data-searchable" in html
    assert "vendor/tom-select/tom-select.complete.min.js" in html and " defer" in html
    assert "vendor/tom-select/tom-select.default.min.css" in html
    assert '<option value="GTM">Guatemala</option>' in html
    # Without the script the browser posts the select's values as they are.
    response = client.post(
        "/people/new/",
        {
            "given_names": "Ana",
            "sex": "unknown",
            "gender": "NonSpecifiedUnknown",
            "has_disability": "unknown",
            "nationalities": ["GTM", "HND"],
        },
    )
    assert response.status_code == 302
    from ruta.people.models import Person

    assert Person.objects.get().nationalities == ["GTM", "HND"]
