"""Intake pages: the public form's defences, the staff form, sections by sensitivity."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.intake import services
from ruta.intake.models import Report
from tests.factories import actor_of, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiving(home_institution):
    home_institution.receives_public_reports = True
    home_institution.save(update_fields=["receives_public_reports"])
    return home_institution


def _public(client, **data):
    return client.post("/intake/public/", {"narrative": "Hay menores trabajando de noche.", **data})


def test_public_form_gives_a_code_once(receiving):
    client = Client()
    response = _public(client)
    assert response.status_code == 302
    page = client.get("/intake/public/thanks/")
    assert page.status_code == 200 and b"follow-up-code" in page.content
    assert Report.objects.get().untrusted
    # Shown once: a reload goes back to the form.
    assert client.get("/intake/public/thanks/").status_code == 302


def test_honeypot_pretends_and_keeps_nothing(receiving):
    client = Client()
    response = _public(client, website="http://spam.example")
    assert response.status_code == 302
    assert client.get("/intake/public/thanks/").status_code == 200
    assert not Report.objects.exists()


def test_flood_from_one_address_is_limited(settings, receiving):
    settings.RUTA_PUBLIC_REPORTS_PER_IP_HOUR = 3
    client = Client()
    statuses = [_public(client).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Report.objects.count() == 3


def test_oversized_public_narrative_is_refused(receiving):
    response = _public(Client(), narrative="Hay menores. " + "x" * 6000)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'maxlength="5000"' in body  # the browser knows the limit, and the counter shows it
    assert "Hay menores. xxxx" in body  # the text is kept, to be shortened
    assert 'aria-describedby="id_narrative_helptext id_narrative_error"' in body
    assert not Report.objects.exists()


def test_a_body_over_the_server_limit_gets_a_page_that_says_so(settings, receiving):
    """Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE: the reporter gets a
    page in their language saying it was too large and nothing was saved, never a bare 400."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        "/intake/public/",
        {"narrative": "y" * 3000},
        HTTP_REFERER="http://testserver/intake/public/",
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "What you sent is too large" in body and "Nothing was saved" in body
    assert "Back button" in body and 'href="http://testserver/intake/public/"' in body
    assert not Report.objects.exists()
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").post("/intake/public/", {"narrative": "y" * 3000})
    assert spanish.status_code == 413 and 'lang="es"' in spanish.content.decode()
    foreign = Client().post(
        "/intake/public/", {"narrative": "y" * 3000}, HTTP_REFERER="https://evil.example/"
    )
    assert 'href="https://evil.example/"' not in foreign.content.decode()


def test_staff_form_records_people_mentioned(home_institution):
    client = sign_in(Client(), make_user("hotline_operator", home_institution))
    data = {
        "channel": "hotline",
        "narrative": "Llamada sobre una finca.",
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "0",
        "people-0-role": "possible_victim",
        "people-0-name": "Juanita",
        "people-0-sex": "female",
        "people-0-approximate_age": "14",
        "people-1-role": "possible_victim",
        "people-1-sex": "unknown",
    }
    response = client.post("/intake/reports/new/", data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert [p.name for p in report.people.all()] == ["Juanita"]


def test_detail_sections_follow_the_role(home_institution):
    operator = actor_of(make_user("hotline_operator", home_institution))
    report = services.report_create(
        actor=operator,
        channel="walk_in",
        narrative="Relato reservado",
        reporter_name="Doña Marta",
        reporter_contact="9999-0000",
    )
    coordinator = sign_in(Client(), make_user("eri_coordinator", home_institution))
    page = coordinator.get(f"/intake/reports/{report.pk}/").content.decode()
    assert "Relato reservado" in page and "Doña Marta" in page
    assert AuditEvent.objects.filter(
        action="intake.report.viewed", target_id=str(report.pk)
    ).exists()
    # An investigator of the same institution reads facts but not the reporter's identity?
    # The investigator template reads identity, contact and facts; a custom role without
    # contact must not see the reporter.
    from ruta.accounts.models import Role

    role = Role.objects.create(
        code="facts_only",
        capabilities=["intake.triage"],
        scope="institution",
        read_sensitivities=["facts"],
    )
    limited = make_user(None)
    from ruta.accounts.models import Membership

    Membership.objects.create(user=limited, institution=home_institution, role=role)
    page = sign_in(Client(), limited).get(f"/intake/reports/{report.pk}/").content.decode()
    assert "Relato reservado" in page and "Doña Marta" not in page


def test_api_create_take_and_close(home_institution):
    user = make_user("eri_coordinator", home_institution)
    _t, key = auth.token_create(user=user, membership=user.memberships.get(), second_factor=True)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    created = api.post(
        "/api/v1/reports/",
        {
            "channel": "consulate",
            "narrative": "Retorno de tres mujeres desde el extranjero.",
            "department": "HN-CR",
            "people": [{"role": "possible_victim", "sex": "female", "approximate_age": 22}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["facts"]["people"][0]["approximate_age"] == 22
    assert body["channel"] == {"code": "consulate", "label": "Consulado"}
    rid = body["id"]
    took = api.post(f"/api/v1/reports/{rid}/take/", {"version": 1}, format="json")
    assert took.status_code == 200
    stale = api.post(f"/api/v1/reports/{rid}/take/", {"version": 1}, format="json")
    assert stale.status_code == 409
    bad = api.post(
        f"/api/v1/reports/{rid}/close/", {"version": 2, "reason": "other"}, format="json"
    )
    assert bad.status_code == 422
    assert "referral_information" in bad.json()["errors"]
    unknown = api.post(
        "/api/v1/reports/",
        {"channel": "hotline", "narrative": "x", "department": "HN-ZZ"},
        format="json",
    )
    assert unknown.status_code == 422  # well-formed, but the code names no place


def test_an_accepted_report_offers_to_open_a_case(home_institution):
    """The link comes from ``cases`` through ``core.registry.report_actions``: intake does not
    import cases."""
    from django.urls import reverse

    from ruta.cases.policies import can_open_case

    coordinator = make_user("eri_coordinator", home_institution)
    actor = actor_of(coordinator)
    assert can_open_case(actor)
    report = services.report_create(actor=actor, channel="walk_in", narrative="Relato")
    link = f'href="{reverse("cases:case-open")}?report={report.pk}"'
    client = sign_in(Client(), coordinator)
    assert link not in client.get(f"/intake/reports/{report.pk}/").content.decode()
    report = services.report_take(actor=actor, report=report, version=report.version)
    report = services.report_accept(actor=actor, report=report, version=report.version)
    page = client.get(f"/intake/reports/{report.pk}/").content.decode()
    assert link in page and "Abrir un caso" in page
    # Who reads the report but may not open cases is not offered the link.
    from ruta.accounts.models import Membership, Role

    role = Role.objects.create(
        code="report_reader", capabilities=["intake.triage"], scope="institution"
    )
    reader = make_user(None)
    Membership.objects.create(user=reader, institution=home_institution, role=role)
    assert not can_open_case(actor_of(reader))
    response = sign_in(Client(), reader).get(f"/intake/reports/{report.pk}/")
    assert response.status_code == 200 and link not in response.content.decode()


def _post(client, url: str, data: dict) -> tuple[str, list[str]]:
    """Post a page form; where it sends the user back, and the messages shown there."""
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], [str(m) for m in response.context["messages"]]


def test_triage_pages_take_accept_and_close_each_on_its_route(home_institution):
    operator = actor_of(make_user("hotline_operator", home_institution))
    coordinator = make_user("eri_coordinator", home_institution, preferred_language="en")
    first = services.report_create(actor=operator, channel="hotline", narrative="Uno")
    second = services.report_create(actor=operator, channel="hotline", narrative="Dos")
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), coordinator)
    back = f"/intake/reports/{first.pk}/"
    page = client.get(back).content.decode()
    assert f'action="/intake/reports/{first.pk}/take/"' in page
    took = _post(client, f"/intake/reports/{first.pk}/take/", {"version": 1})
    assert took == (back, ["You have taken this report."])
    accepted = _post(client, f"/intake/reports/{first.pk}/accept/", {"version": 2})
    assert accepted == (back, ["The report is accepted into the ERI queue."])
    first.refresh_from_db()
    assert first.status == "accepted" and first.taken_by_id == coordinator.pk
    # Closing without the referral information given: an error, nothing saved.
    url = f"/intake/reports/{second.pk}/close/"
    where, shown = _post(client, url, {"version": 1, "reason": "other"})
    assert where == f"/intake/reports/{second.pk}/" and len(shown) == 1
    assert shown[0].startswith("Referral information given:")
    second.refresh_from_db()
    assert second.status == "new"
    closed = _post(
        client, url, {"version": 1, "reason": "other", "referral_information": "Oficina local"}
    )
    assert closed[1] == ["The report is closed as not trafficking."]
    second.refresh_from_db()
    assert (second.status, second.referral_information) == ("closed", "Oficina local")


def test_api_each_triage_step_has_its_own_body(home_institution):
    operator = actor_of(make_user("hotline_operator", home_institution))
    user = make_user("eri_coordinator", home_institution)
    _t, key = auth.token_create(user=user, membership=user.memberships.get(), second_factor=True)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    report = services.report_create(actor=operator, channel="hotline", narrative="Uno")
    # A reason belongs to closing, not to taking.
    stray = api.post(
        f"/api/v1/reports/{report.pk}/take/", {"version": 1, "reason": "other"}, format="json"
    )
    assert stray.status_code == 400
    assert list(stray.json()["errors"]) == ["reason"]
    report.refresh_from_db()
    assert report.status == "new"
    took = api.post(f"/api/v1/reports/{report.pk}/take/", {"version": 1}, format="json")
    assert took.status_code == 200
    accepted = api.post(f"/api/v1/reports/{report.pk}/accept/", {"version": 2}, format="json")
    assert accepted.status_code == 200
    assert accepted.json()["status"]["code"] == "accepted"
    assert "facts" not in accepted.json()  # the answer is the queue row


def test_public_form_places_the_report_in_a_municipality_of_its_department(receiving):
    from ruta.core.models import Department, Municipality

    cortes, fm = Department.objects.get(pk="HN-CR"), Department.objects.get(pk="HN-FM")
    sps = Municipality.objects.create(code="0501", department=cortes, name="San Pedro Sula")
    Municipality.objects.create(code="0801", department=fm, name="Distrito Central")
    form = Client().get("/intake/public/").content.decode()
    # Each municipality names its department, for the script that narrows the list.
    assert 'data-department-field="department"' in form
    assert 'value="0501" data-department="HN-CR"' in form
    assert 'value="0801" data-department="HN-FM"' in form
    refused = _public(Client(), department=fm.pk, municipality=sps.pk)
    assert refused.status_code == 400 and not Report.objects.exists()
    assert "El municipio no pertenece al departamento elegido." in refused.content.decode()
    assert _public(Client(), department=cortes.pk, municipality=sps.pk).status_code == 302
    assert Report.objects.get().municipality == sps


def test_the_report_page_repeats_no_id_and_labels_every_control(home_institution):
    from tests.html_check import duplicate_ids, unlabelled_controls

    operator = actor_of(make_user("eri_coordinator", home_institution))
    report = services.report_create(actor=operator, channel="hotline", narrative="Algo pasa.")
    page = sign_in(Client(), operator.user).get(f"/intake/reports/{report.pk}/")
    body = page.content.decode()
    assert body.count('name="version"') >= 2
    assert duplicate_ids(body) == []
    assert unlabelled_controls(body) == []
