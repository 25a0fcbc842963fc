"""Each referral and transfer action has its own route, page view, API class and body: the
page redirects back with a message, the API answers with the record; a body made for another
action is refused."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.referrals import services
from ruta.referrals.models import Referral, Transfer
from tests.factories import make_user, sign_in
from tests.referrals.conftest import open_case

pytestmark = pytest.mark.django_db


def _api(actor) -> APIClient:
    _token, key = auth.token_create(
        user=actor.user, membership=actor.membership, second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def _post(client: Client, url: str, data: dict) -> tuple[str, list[str]]:
    """Post a page form; where it sends the user back, and the levels of the messages shown
    there."""
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], [m.level_tag for m in response.context["messages"]]


@pytest.fixture
def sent(pathway) -> Referral:
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    return services.referral_send(
        actor=pathway.coordinator,
        case=case,
        to_institution=shelter,
        type="care",
        services=["Shelter"],
    )


@pytest.fixture
def proposed(pathway) -> Transfer:
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    return services.transfer_propose(actor=pathway.coordinator, case=case, to_institution=shelter)


def test_api_accept_assign_complete_each_on_its_route(pathway, sent):
    responder = pathway.responders["care"]
    colleague = make_user("case_worker", pathway.receivers["care"])
    api = _api(responder)
    base = f"/api/v1/referrals/{sent.pk}"
    accepted = api.post(f"{base}/accept/", {"version": sent.version}, format="json")
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["status"]["code"] == "accepted"
    assert body["assigned_to"] == str(responder.user.pk)  # nobody named: whoever accepted
    assert "decline_reason" in body  # the answer is the referral's detail
    assigned = api.post(
        f"{base}/assign/",
        {"version": body["version"], "assigned_to": str(colleague.pk)},
        format="json",
    )
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["assigned_to"] == str(colleague.pk)
    completed = api.post(
        f"{base}/complete/",
        {"version": assigned.json()["version"], "outcome": "successful", "note": "Alojada"},
        format="json",
    )
    assert completed.status_code == 200, completed.content
    assert completed.json()["status"]["code"] == "completed"
    sent.refresh_from_db()
    assert (sent.status, sent.assigned_to_id, sent.outcome_note) == (
        "completed",
        colleague.pk,
        "Alojada",
    )


def test_api_a_field_of_another_action_is_refused(pathway, sent):
    api = _api(pathway.responders["care"])
    response = api.post(
        f"/api/v1/referrals/{sent.pk}/decline/",
        {"version": sent.version, "reason": "Sin cupo", "outcome": "successful"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["outcome"]
    sent.refresh_from_db()
    assert sent.status == "sent"
    assert not AuditEvent.objects.filter(action="referrals.referral.declined").exists()
    # The same body without the stray field declines it.
    response = api.post(
        f"/api/v1/referrals/{sent.pk}/decline/",
        {"version": sent.version, "reason": "Sin cupo"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == "declined"


def test_api_rules_the_schema_cannot_state_stay_422(pathway, sent):
    api = _api(pathway.responders["care"])
    declined = api.post(
        f"/api/v1/referrals/{sent.pk}/decline/", {"version": sent.version}, format="json"
    )
    assert declined.status_code == 422
    assert "reason" in declined.json()["errors"]
    services.referral_accept(actor=pathway.responders["care"], referral=sent, version=1)
    sent.refresh_from_db()
    nobody = api.post(
        f"/api/v1/referrals/{sent.pk}/assign/", {"version": sent.version}, format="json"
    )
    assert nobody.status_code == 422
    assert "assigned_to" in nobody.json()["errors"]


def test_api_the_catch_all_route_is_gone(pathway, sent):
    api = _api(pathway.responders["care"])
    response = api.post(
        f"/api/v1/referrals/{sent.pk}/reopen/", {"version": sent.version}, format="json"
    )
    assert response.status_code == 404
    sent.refresh_from_db()
    assert sent.status == "sent"


def test_page_decline_uses_its_own_prefix_and_comes_back(pathway, sent):
    client = sign_in(Client(), pathway.responders["care"].user)
    detail = client.get(f"/referrals/{sent.pk}/").content.decode()
    assert f'action="/referrals/{sent.pk}/decline/"' in detail
    assert 'name="decline-reason"' in detail
    url = f"/referrals/{sent.pk}/decline/"
    back = f"/referrals/{sent.pk}/"
    # Without the reason: an error on the page, nothing saved.
    assert _post(client, url, {"decline-version": sent.version}) == (back, ["error"])
    sent.refresh_from_db()
    assert sent.status == "sent"
    # A version someone else changed meanwhile: refused, nothing saved.
    stale = {"decline-version": sent.version + 1, "decline-reason": "Sin cupo"}
    assert _post(client, url, stale) == (back, ["error"])
    sent.refresh_from_db()
    assert sent.status == "sent"
    good = {"decline-version": sent.version, "decline-reason": "Sin cupo"}
    assert _post(client, url, good) == (back, ["success"])
    sent.refresh_from_db()
    assert (sent.status, sent.decline_reason) == ("declined", "Sin cupo")


def test_page_assign_offers_the_institutions_workers_only(pathway, sent):
    responder = pathway.responders["care"]
    colleague = make_user("case_worker", pathway.receivers["care"])
    outsider = make_user("case_worker", pathway.eri)
    services.referral_accept(actor=responder, referral=sent, version=1)
    sent.refresh_from_db()
    client = sign_in(Client(), responder.user)
    url = f"/referrals/{sent.pk}/assign/"
    refused = {"assign-version": sent.version, "assign-assigned_to": str(outsider.pk)}
    assert _post(client, url, refused)[1] == ["error"]
    sent.refresh_from_db()
    assert sent.assigned_to_id == responder.user.pk
    good = {"assign-version": sent.version, "assign-assigned_to": colleague.pk}
    assert _post(client, url, good)[1] == ["success"]
    sent.refresh_from_db()
    assert sent.assigned_to_id == colleague.pk


def test_transfer_actions_on_their_routes(pathway, proposed):
    receiver = pathway.responders["care"]
    page = sign_in(Client(), receiver.user)
    detail = page.get(f"/referrals/transfers/{proposed.pk}/").content.decode()
    for action in ("accept", "decline"):
        assert f'action="/referrals/transfers/{proposed.pk}/{action}/"' in detail, action
    # The receiver cannot withdraw what the owner proposed.
    assert f"/referrals/transfers/{proposed.pk}/withdraw/" not in detail
    withdraw = _api(receiver).post(
        f"/api/v1/transfers/{proposed.pk}/withdraw/", {"version": proposed.version}, format="json"
    )
    assert withdraw.status_code == 404
    declined = _post(
        page,
        f"/referrals/transfers/{proposed.pk}/decline/",
        {"decline-version": proposed.version, "decline-reason": "Sin cupo"},
    )
    assert declined == (f"/referrals/transfers/{proposed.pk}/", ["success"])
    proposed.refresh_from_db()
    assert (proposed.status, proposed.decline_reason) == ("declined", "Sin cupo")


def test_api_transfer_accept_answers_the_transfer(pathway, proposed):
    api = _api(pathway.responders["care"])
    stray = api.post(
        f"/api/v1/transfers/{proposed.pk}/accept/",
        {"version": proposed.version, "reason": "x"},
        format="json",
    )
    assert stray.status_code == 400  # accepting takes no reason
    response = api.post(
        f"/api/v1/transfers/{proposed.pk}/accept/", {"version": proposed.version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == "accepted"
    proposed.refresh_from_db()
    assert proposed.status == "accepted"
