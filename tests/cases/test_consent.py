"""Consent: specific, withdrawable, a child's assent and a guardian's consent, checked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.cases import services
from ruta.core.errors import DomainError
from ruta.people import services as people
from tests.factories import actor_of, make_user
from tests.validation import refused_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


def _case(actor, **person):
    p = people.person_create(actor=actor, **{"given_names": "Ana", **person})
    return services.case_open(actor=actor, person=p)


def test_sharing_consent_is_specific_to_an_institution_and_withdrawable(
    coordinator, other_institution, home_institution
):
    case = _case(coordinator, date_of_birth=date(1995, 1, 1))
    today = timezone.localdate()
    assert not services.consent_valid(case=case, purpose="assistance")
    services.consent_record(
        actor=coordinator, case=case, purpose="assistance", given_by="person", given_on=today
    )
    consent = services.consent_record(
        actor=coordinator,
        case=case,
        purpose="sharing",
        recipient=other_institution,
        given_by="person",
        given_on=today,
    )
    assert services.consent_valid(case=case, purpose="assistance")
    assert services.consent_valid(case=case, purpose="sharing", recipient_id=other_institution.pk)
    assert not services.consent_valid(
        case=case, purpose="sharing", recipient_id=home_institution.pk
    )
    services.consent_withdraw(actor=coordinator, consent=consent)
    assert not services.consent_valid(
        case=case, purpose="sharing", recipient_id=other_institution.pk
    )
    with pytest.raises(DomainError):
        services.consent_withdraw(actor=coordinator, consent=consent)
    assert AuditEvent.objects.filter(action="cases.consent.withdrawn").count() == 1


def test_a_child_needs_assent_and_a_guardians_consent(coordinator):
    case = _case(coordinator, date_of_birth=date(2013, 5, 5))
    assert case.is_child
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.consent_record(
            actor=coordinator, case=case, purpose="assistance", given_by="person", given_on=today
        )
    assert {"child_assent", "guardian_consent"} <= set(exc.value.message_dict)
    services.consent_record(
        actor=coordinator,
        case=case,
        purpose="assistance",
        given_by="child_protection",
        given_on=today,
        child_assent=True,
        guardian_consent=True,
    )
    assert services.consent_valid(case=case, purpose="assistance")


def test_bad_consent_input_is_refused(coordinator, other_institution):
    case = _case(coordinator)
    today = timezone.localdate()
    for field, kw in (
        ("recipient", {"purpose": "sharing", "given_by": "person", "given_on": today}),
        (
            "recipient",
            {
                "purpose": "assistance",
                "given_by": "person",
                "given_on": today,
                "recipient": other_institution,
            },
        ),
        (
            "given_on",
            {"purpose": "assistance", "given_by": "person", "given_on": today + timedelta(days=2)},
        ),
        ("purpose", {"purpose": "everything", "given_by": "person", "given_on": today}),
    ):
        with refused_on(field):
            services.consent_record(actor=coordinator, case=case, **kw)
    assert not case.consents.exists()


def test_consent_through_the_api(coordinator, other_institution):
    case = _case(coordinator)
    _t, key = auth.token_create(
        user=coordinator.user, membership=coordinator.membership, second_factor=True
    )
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    created = api.post(
        f"/api/v1/cases/{case.pk}/consents/",
        {
            "purpose": "sharing",
            "recipient": str(other_institution.pk),
            "given_by": "person",
            "given_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert api.post(f"/api/v1/consents/{cid}/withdraw/").json()["active"] is False
    assert api.post(f"/api/v1/consents/{cid}/withdraw/").status_code == 422
