"""Certificate pages and API: the eligibility list and issuing, a certificate's page, the PDF
and the credential, revoking, the holder's own list, and the public check of a code."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.prevention import badges, services
from ruta.prevention.certificate_pdf import render_certificate_pdf, verify_url
from ruta.prevention.models import Certificate, Enrolment, Participant
from tests.factories import actor_of, make_user, sign_in
from tests.prevention.certificates_world import certificates_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings, tmp_path):
    settings.RUTA_BADGE_KEY = ""
    settings.DATA_DIR = tmp_path
    return certificates_world()


def browser(user) -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)


def api_for(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def _issue_url(w) -> str:
    return reverse("prevention:certificate-issue", kwargs={"session_id": w["session"].pk})


# --- a session's certificates ------------------------------------------------------------------
def test_the_eligibility_page_lists_everyone_and_says_why_not(w):
    Enrolment.objects.filter(pk=w["enrolment"].pk).update(days_present=1)
    response = browser(w["trainer"]).get(_issue_url(w))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Marta Lidia Zelaya Cruz" in page
    assert "Attended 50% of the days; 80% are needed." in page
    assert w["certificate"].code in page
    assert AuditEvent.objects.filter(action="prevention.session.certificates_viewed").exists()


def test_issuing_from_the_page(w):
    client = browser(w["trainer"])
    response = client.post(_issue_url(w), {"enrolments": [str(w["enrolment"].pk)]})
    assert response.status_code == 302
    certificate = Certificate.objects.get(enrolment=w["enrolment"])
    page = client.get(response["Location"]).content.decode()
    assert "1 certificate issued." in page
    assert certificate.code in page


def test_a_refused_issue_shows_why_and_saves_nothing(w):
    response = browser(w["trainer"]).post(
        _issue_url(w), {"enrolments": [str(w["enrolment"].pk), str(w["other_enrolment"].pk)]}
    )
    assert response.status_code == 400
    assert "Already certified." in response.content.decode()
    assert not Certificate.objects.filter(enrolment=w["enrolment"]).exists()


def test_the_eligibility_page_runs_a_fixed_number_of_queries(w):
    client = browser(w["trainer"])
    client.get(_issue_url(w))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(_issue_url(w))
    for i in range(6):
        p = Participant.objects.create(
            institution=w["home"],
            given_names=f"Ana {i}",
            family_names="Prueba",
            sex="female",
            recorded_by=w["home"],
        )
        Enrolment.objects.create(session=w["session"], participant=p, days_present=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(_issue_url(w))
    assert response.content.decode().count("Prueba") >= 6
    assert len(many) == len(few)


# --- one certificate ---------------------------------------------------------------------------
def test_the_detail_page_is_audited(w):
    response = browser(w["other_admin"]).get(
        reverse("prevention:certificate-detail", kwargs={"certificate_id": w["certificate"].pk})
    )
    assert response.status_code == 200
    assert "Ramón Aguilar Soto" in response.content.decode()
    assert AuditEvent.objects.filter(action="prevention.certificate.viewed").exists()


def test_the_pdf_is_a_certificate_with_the_code_and_the_verification_link(w):
    response = browser(w["trainer"]).get(
        reverse("prevention:certificate-pdf", kwargs={"certificate_id": w["certificate"].pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"%PDF")
    assert b"RUTA-TEST-0001" in body
    assert b"/verify/RUTA-TEST-0001/" in body
    event = AuditEvent.objects.get(action="prevention.certificate.downloaded")
    assert event.data["format"] == "pdf"


def test_the_qr_code_holds_the_absolute_verification_address(w, settings):
    settings.RUTA_BASE_URL = "https://ruta.example.org"
    assert verify_url(w["certificate"]) == "https://ruta.example.org/verify/RUTA-TEST-0001/"
    pdf = render_certificate_pdf(w["certificate"])
    assert b"https://ruta.example.org/verify/RUTA-TEST-0001/" in pdf


def test_the_credential_download_verifies(w):
    response = browser(w["other_admin"]).get(
        reverse("prevention:certificate-credential", kwargs={"certificate_id": w["certificate"].pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert badges.verify(json.loads(response.content))


def test_a_revoked_certificate_is_not_downloaded(w):
    services.certificate_revoke(
        actor=actor_of(w["trainer"]), certificate=w["certificate"], reason="Duplicado"
    )
    client = browser(w["trainer"])
    for name in ("prevention:certificate-pdf", "prevention:certificate-credential"):
        response = client.get(reverse(name, kwargs={"certificate_id": w["certificate"].pk}))
        assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="prevention.certificate.downloaded").exists()


def test_revoking_from_the_page(w):
    url = reverse("prevention:certificate-revoke", kwargs={"certificate_id": w["certificate"].pk})
    client = browser(w["trainer"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert Certificate.objects.get(pk=w["certificate"].pk).revoked_at is None
    response = client.post(url, {"reason": "Duplicado"})
    assert response.status_code == 302
    assert Certificate.objects.get(pk=w["certificate"].pk).revoked_at is not None
    # Revoked: the form is gone (404), and posting again changes nothing.
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Otra vez"}).status_code == 400
    assert AuditEvent.objects.filter(action="prevention.certificate.revoked").count() == 1


def test_the_holder_sees_their_own_certificates(w):
    holder = make_user("case_worker", w["other"])
    Participant.objects.filter(pk=w["other_participant"].pk).update(user=holder)
    client = browser(holder)
    page = client.get(reverse("prevention:my-certificates")).content.decode()
    assert w["certificate"].code in page
    assert w["academy_certificate"].code not in page
    detail = reverse(
        "prevention:certificate-detail", kwargs={"certificate_id": w["certificate"].pk}
    )
    assert client.get(detail).status_code == 200
    other = reverse(
        "prevention:certificate-detail", kwargs={"certificate_id": w["academy_certificate"].pk}
    )
    assert client.get(other).status_code == 404
    # A user who is nobody's participant holds nothing.
    page = browser(w["admin"]).get(reverse("prevention:my-certificates")).content.decode()
    assert w["certificate"].code not in page


# --- the public check --------------------------------------------------------------------------
def _verify(client: Client, code: str):
    return client.get(reverse("prevention_public:verify", kwargs={"code": code}))


def test_the_public_check_shows_only_five_facts(w):
    before = AuditEvent.objects.count()
    response = _verify(Client(HTTP_ACCEPT_LANGUAGE="en"), "ruta-test-0001")
    assert response.status_code == 200
    page = response.content.decode()
    certificate = w["certificate"]
    assert "Valid certificate" in page
    for shown in (certificate.holder_name, certificate.course_title, certificate.issuer_name):
        assert shown in page
    assert re.search(r"<dd>8</dd>", page)
    participant = w["other_participant"]
    for hidden in (
        participant.email,
        str(participant.pk),
        str(certificate.pk),
        str(certificate.enrolment_id),
        w["session"].reference,
        participant.rank_or_role,
        certificate.course_code,
    ):
        assert hidden not in page, hidden
    assert AuditEvent.objects.count() == before  # nothing recorded about the visitor


def test_an_unknown_code_is_not_found(w):
    response = _verify(Client(HTTP_ACCEPT_LANGUAGE="en"), "RUTA-ZZZZ-ZZZZ")
    assert response.status_code == 404
    assert "No certificate has this code." in response.content.decode()


def test_a_revoked_certificate_says_so_and_when_not_why(w):
    services.certificate_revoke(
        actor=actor_of(w["trainer"]), certificate=w["certificate"], reason="Firma falsificada"
    )
    response = _verify(Client(HTTP_ACCEPT_LANGUAGE="en"), w["certificate"].code)
    page = response.content.decode()
    assert "This certificate was revoked on" in page
    assert "Valid certificate" not in page
    assert "Firma falsificada" not in page


def test_the_form_sends_a_typed_code_to_its_page(w):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.get(reverse("prevention_public:verify-form"), {"code": " ruta test 0001"})
    assert response.status_code == 302
    assert response["Location"] == "/verify/RUTA-TEST-0001/"
    response = client.get(reverse("prevention_public:verify-form"), {"code": "hola"})
    assert response.status_code == 400
    assert "This is not a certificate code" in response.content.decode()


def test_checks_are_rate_limited_per_address(w, settings):
    settings.RUTA_CERTIFICATE_CHECKS_PER_IP_HOUR = 3
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    statuses = [_verify(client, f"RUTA-AAAA-000{i}").status_code for i in range(3)]
    assert statuses == [404, 404, 404]
    response = _verify(client, w["certificate"].code)
    assert response.status_code == 429
    assert w["certificate"].holder_name not in response.content.decode()
    other = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.9")
    assert _verify(other, w["certificate"].code).status_code == 200


# --- API ---------------------------------------------------------------------------------------
def test_api_issue_and_revoke(w):
    api = api_for(w["trainer"])
    url = reverse("api:certificate-issue", kwargs={"session_id": w["session"].pk})
    response = api.post(url, {}, format="json")
    assert response.status_code == 201, response.content
    (issued,) = response.json()["certificates"]
    assert issued["enrolment"] == str(w["enrolment"].pk)
    again = api.post(url, {"enrolments": [str(w["enrolment"].pk)]}, format="json")
    assert again.status_code == 422
    revoke = reverse("api:certificate-revoke", kwargs={"certificate_id": issued["id"]})
    assert api.post(revoke, {"reason": ""}, format="json").status_code == 400
    response = api.post(revoke, {"reason": "Duplicado"}, format="json")
    assert response.status_code == 200
    assert response.json()["revoked"] is True
    assert "Duplicado" not in response.content.decode()
    assert api.post(revoke, {"reason": "Otra vez"}, format="json").status_code == 422


def test_api_unknown_fields_and_bad_filters_are_400(w):
    api = api_for(w["trainer"])
    url = reverse("api:certificate-issue", kwargs={"session_id": w["session"].pk})
    assert api.post(url, {"everyone": True}, format="json").status_code == 400
    assert api.get(reverse("api:certificate-list"), {"session": "x"}).status_code == 400
    assert api.get(reverse("api:certificate-list"), {"revoked": "maybe"}).status_code == 400


def test_api_list_in_scope_and_filters(w):
    api = api_for(w["trainer"])
    codes = [c["code"] for c in api.get(reverse("api:certificate-list")).json()["results"]]
    assert codes == [w["certificate"].code]
    filtered = api.get(reverse("api:certificate-list"), {"revoked": "true"}).json()["results"]
    assert filtered == []
    other = api.get(
        reverse("api:certificate-list"), {"session": str(w["academy_session"].pk)}
    ).json()["results"]
    assert other == []  # schema-valid, out of scope: empty


def test_api_credential_verifies(w):
    api = api_for(w["other_admin"])
    response = api.get(
        reverse("api:certificate-credential", kwargs={"certificate_id": w["certificate"].pk})
    )
    assert response.status_code == 200
    assert badges.verify(response.json())


def test_api_list_runs_a_fixed_number_of_queries(w):
    api = api_for(w["trainer"])
    api.get(reverse("api:certificate-list"))
    with CaptureQueriesContext(connection) as few:
        api.get(reverse("api:certificate-list"))
    actor = actor_of(w["trainer"])
    Enrolment.objects.filter(pk=w["enrolment"].pk).update(days_present=2)
    services.certificates_issue(actor=actor, session=w["session"])
    with CaptureQueriesContext(connection) as many:
        body = api.get(reverse("api:certificate-list")).json()
    assert len(body["results"]) == 2
    assert len(many) <= len(few)


def test_my_certificates_runs_a_fixed_number_of_queries(w):
    holder = make_user("case_worker", w["other"])
    Participant.objects.filter(pk=w["other_participant"].pk).update(user=holder)
    client = browser(holder)
    url = reverse("prevention:my-certificates")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # A second certificate of the same holder, in the academy's session.
    academy_enrolment = Enrolment.objects.create(
        session=w["academy_open_session"], participant=w["other_participant"], days_present=2
    )
    Certificate.objects.create(
        enrolment=academy_enrolment,
        code="RUTA-TEST-0003",
        issued_on=w["certificate"].issued_on,
        holder_name="Ramón Aguilar Soto",
        course_title="Curso POL-201",
        course_code="pol-201",
        hours=8,
        issuer_name=w["academy"].name,
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "RUTA-TEST-0003" in page
    assert len(many) == len(few)


def test_the_drawn_qr_modules_are_those_of_the_verification_address():
    """No QR decoder is installed: rebuild the drawn squares into a matrix and compare it
    with segno's encoding of the address."""
    import segno

    from ruta.prevention.certificate_pdf import _draw_qr

    class Recorder:
        def __init__(self):
            self.rects = []

        def setFillColor(self, colour):  # noqa: N802 (ReportLab's name)
            self.dark = getattr(colour, "red", 1) == 0

        def rect(self, x, y, w, h, stroke=0, fill=1):
            if self.dark:
                self.rects.append((x, y, w, h))

    url = "https://ruta.example.org/verify/RUTA-7K2M-Q9XD/"
    recorder = Recorder()
    _draw_qr(recorder, url, 0, 0, 100)
    expected = [list(row) for row in segno.make(url, error="m").matrix_iter(border=2)]
    n = len(expected)
    module = 100 / n
    drawn = [[0] * n for _ in range(n)]
    for x, y, w, _h in recorder.rects:
        row = n - 1 - round(y / module)
        start, length = round(x / module), round((w - 0.05) / module)
        for c in range(start, start + length):
            drawn[row][c] = 1
    assert drawn == expected


def test_the_forms_are_labelled_and_ids_unique(w):
    from tests.html_check import duplicate_ids, unlabelled_controls

    trainer = browser(w["trainer"])
    pages = [
        trainer.get(_issue_url(w)),
        trainer.get(
            reverse("prevention:certificate-revoke", kwargs={"certificate_id": w["certificate"].pk})
        ),
        Client().get(reverse("prevention_public:verify-form")),
        Client().get(reverse("prevention_public:verify", kwargs={"code": w["certificate"].code})),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert not duplicate_ids(html)
        assert not unlabelled_controls(html)
    assert 'name="enrolments"' in pages[0].content.decode()


def test_the_session_page_card(w):
    from django.template.loader import render_to_string
    from django.utils import translation

    from ruta.prevention.selectors_certificates import session_certificates_panel

    panel = session_certificates_panel(actor=actor_of(w["trainer"]), session=w["session"])
    with translation.override("en"):
        html = render_to_string(
            "prevention/certificates/_session_certificates.html", {"certificates": panel}
        )
    assert "1 issued, 1 more eligible, of 2 enrolments." in html
    assert w["certificate"].code in html
    assert "Issue certificates" in html
    # Not the organiser: no card at all.
    assert (
        session_certificates_panel(actor=actor_of(w["other_admin"]), session=w["session"]) is None
    )
    assert not render_to_string(
        "prevention/certificates/_session_certificates.html", {"certificates": None}
    ).strip()
