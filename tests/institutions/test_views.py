"""The institution page's own forms: details, units and contact points, one route each."""

from __future__ import annotations

import pytest
from django.test import Client

from ruta.audit.models import AuditEvent
from ruta.institutions.models import ContactPoint
from tests.factories import make_user, sign_in

pytestmark = pytest.mark.django_db


def _post(client, url: str, data: dict) -> tuple[str, list[str]]:
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], [str(m) for m in response.context["messages"]]


def test_each_form_posts_to_its_own_route(home_institution):
    admin = make_user("institution_admin", home_institution, preferred_language="en")
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), admin)
    back = f"/institutions/{home_institution.pk}/"
    page = client.get(back).content.decode()
    for part in ("details", "units", "contacts"):
        assert f'action="{back}{part}/"' in page, part
    # Without a name: the error names its field, nothing is created.
    where, shown = _post(client, f"{back}contacts/", {"contacts-phone": "2222-0000"})
    assert where == back and shown == ["Name: This field is required."]
    assert not ContactPoint.objects.exists()
    done = _post(client, f"{back}contacts/", {"contacts-name": "Recepción", "contacts-phone": "1"})
    assert done == (back, ["The changes were saved."])
    contact = ContactPoint.objects.get(institution=home_institution)
    assert (contact.name, contact.phone) == ("Recepción", "1")
    assert AuditEvent.objects.filter(action="institutions.contact_point.created").count() == 1


def test_another_institutions_administrator_gets_404_and_changes_nothing(
    home_institution, other_institution
):
    outsider = make_user("institution_admin", other_institution)
    client = sign_in(Client(), outsider)
    for part, data in (
        ("units", {"units-name": "Oficina intrusa"}),
        ("contacts", {"contacts-name": "Intruso"}),
    ):
        response = client.post(f"/institutions/{home_institution.pk}/{part}/", data)
        assert response.status_code == 404, part
    assert not home_institution.units.exists()
    assert not ContactPoint.objects.exists()


@pytest.mark.parametrize("raw", ["30, ²", "30, 9" + "9" * 5000, "30, -1", "treinta"])
def test_a_review_schedule_that_is_not_whole_days_is_refused_on_the_form(raw):
    from ruta.institutions.forms import InstitutionDetailsForm

    form = InstitutionDetailsForm(
        {
            "version": 1,
            "description": "",
            "first_contact_hours": 24,
            "plan_review_days": raw,
            "referral_answer_days": 2,
            "referral_urgent_hours": 24,
        }
    )
    assert not form.is_valid()
    assert list(form.errors) == ["plan_review_days"]
