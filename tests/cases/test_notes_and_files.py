"""Notes and attachments: encrypted at rest, sections by sensitivity, audited downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from rest_framework.test import APIClient

from ruta.accounts.models import Membership, Role
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.cases import selectors, services
from ruta.cases.models import Case
from ruta.people import services as people
from tests.factories import actor_of, carried_all, make_unit, make_user, sign_in
from tests.validation import refused_on

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n secreto del caso"


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


@pytest.fixture
def case(coordinator):
    person = people.person_create(actor=coordinator, given_names="Ana")
    return services.case_open(actor=coordinator, person=person)


def _limited_actor(institution, levels):
    role = Role.objects.create(
        code="limited_" + "_".join(levels),
        capabilities=["cases.view", "cases.edit"],
        scope="institution",
        read_sensitivities=levels,
        write_sensitivities=levels,
    )
    user = make_user(None)
    Membership.objects.create(user=user, institution=institution, role=role)
    return user


def test_note_body_is_encrypted_and_hidden_from_roles_without_its_level(
    coordinator, case, home_institution
):
    services.note_add(actor=coordinator, case=case, sensitivity="health", body="Diagnóstico X")
    services.note_add(actor=coordinator, case=case, sensitivity="general", body="Llamada hecha")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM cases_note")
        stored = [row[0] for row in cursor.fetchall()]
    assert all("Diagnóstico" not in s and "Llamada" not in s for s in stored)
    facts_only = actor_of(_limited_actor(home_institution, ["identity", "facts"]))
    visible = [n.body for n in selectors.notes_visible(actor=facts_only, case=case)]
    assert visible == ["Llamada hecha"]
    with pytest.raises(Http404):
        services.note_add(actor=facts_only, case=case, sensitivity="health", body="x")


def test_attachment_is_encrypted_on_disk_and_downloads_are_audited(coordinator, case, settings):
    attachment = services.attachment_add(
        actor=coordinator, case=case, sensitivity="general", filename="../../acta.pdf", content=PDF
    )
    assert attachment.filename == "acta.pdf" and attachment.content_type == "application/pdf"
    stored = (Path(settings.RUTA_ATTACHMENT_DIR) / f"{attachment.pk}.bin").read_bytes()
    assert b"secreto" not in stored
    client = sign_in(Client(), coordinator.user)
    response = client.get(f"/cases/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="cases.attachment.downloaded", target_id=str(attachment.pk)
    ).exists()


def test_disguised_oversized_and_empty_files_are_refused(coordinator, case, settings):
    settings.RUTA_ATTACHMENT_MAX_BYTES = 100
    for filename, content in (
        ("foto.jpg", b"MZ\x90\x00 this is a program"),
        ("nota.txt", b"plain text"),
        ("grande.pdf", b"%PDF-" + b"x" * 200),
        ("vacio.pdf", b""),
    ):
        with refused_on("file"):
            services.attachment_add(
                actor=coordinator,
                case=case,
                sensitivity="general",
                filename=filename,
                content=content,
            )
    assert not case.attachments.exists()
    assert not list(Path(settings.RUTA_ATTACHMENT_DIR).glob("*.bin"))


def test_upload_through_the_page_and_the_api(coordinator, case):
    client = sign_in(Client(), coordinator.user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/cases/{case.pk}/attachments/",
        {"sensitivity": "legal", "file": SimpleUploadedFile("denuncia.pdf", PDF)},
    )
    assert response.status_code == 302
    assert case.attachments.get().sensitivity == "legal"
    _t, key = auth.token_create(
        user=coordinator.user, membership=coordinator.membership, second_factor=True
    )
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    bad = api.post(
        f"/api/v1/cases/{case.pk}/attachments/",
        {"sensitivity": "general", "file": SimpleUploadedFile("x.png", b"not a png")},
        format="multipart",
    )
    assert bad.status_code == 422
    note = api.post(
        f"/api/v1/cases/{case.pk}/notes/", {"sensitivity": "general", "body": "Hola"}, format="json"
    )
    assert note.status_code == 201
    listed = api.get(f"/api/v1/cases/{case.pk}/notes/").json()
    assert [n["body"] for n in listed] == ["Hola"]


def test_closed_case_refuses_notes(coordinator, case, home_institution):
    # Supervisors reach the case through its unit (a unit scope without a unit sees nothing).
    unit = make_unit(home_institution)
    Case.objects.filter(pk=case.pk).update(unit=unit)
    case.refresh_from_db()
    supervisor = actor_of(make_user("supervisor", home_institution, unit=unit))
    other = actor_of(make_user("supervisor", home_institution, unit=unit))
    services.case_request_closure(
        actor=supervisor, case=case, version=1, reason="moved", note="", carried=carried_all(case)
    )
    services.case_decide_closure(actor=other, case=case, version=2, approve=True, comment="")
    with pytest.raises(services.CaseClosed):
        services.note_add(actor=coordinator, case=case, sensitivity="general", body="tarde")
