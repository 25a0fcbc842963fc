"""The care card of the case page comes from the care app, through the registry."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from ruta.care import services
from ruta.cases import services as cases
from ruta.core.registry import case_panels
from ruta.people import services as people
from tests.factories import actor_of, make_user, sign_in

pytestmark = pytest.mark.django_db


def _case_with_plan(actor):
    person = people.person_create(actor=actor, given_names="Ana", first_surname="López")
    case = cases.case_open(actor=actor, person=person)
    cases.consent_record(
        actor=actor,
        case=case,
        purpose="assistance",
        given_by="person",
        given_on=timezone.localdate(),
    )
    services.plan_create(actor=actor, case=case, objectives="Estabilizar")
    return case


def test_the_care_card_comes_before_the_referrals_card():
    assert case_panels.keys()[:2] == ["care", "referrals"]


def test_the_care_card_and_the_plan_review_link(home_institution):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    case = _case_with_plan(coordinator)
    page = sign_in(Client(), coordinator.user).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="care-h"' in page
    assert f'href="/care/cases/{case.pk}/#reviews-h"' in page  # the plan review task's link
    # A role without the care section: no card, and the review task offers nothing.
    prosecutor = make_user("prosecutor", home_institution)
    page = sign_in(Client(), prosecutor).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="care-h"' not in page and "/care/cases/" not in page
    assert "#reviews-h" not in page
