"""Cooperation agreements: parties and dates, who manages them, the signed document recognised
by its bytes, and the renewal reminder sent once a day."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.coordination.services import cooperation as services
from ruta.core.choices import InstitutionType as T
from ruta.core.errors import ConflictError, NotPermitted
from tests.factories import actor_of, make_institution, make_user, sign_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PDF = b"%PDF-1.4 convenio"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.RUTA_ATTACHMENT_DIR = str(tmp_path)


@pytest.fixture
def w():
    home = make_institution("Propia", T.RESPONSE_TEAM)
    party = make_institution("Parte", T.PROSECUTION)
    out = make_institution("Ajena", T.POLICE)
    return {
        "home": home,
        "party": party,
        "out": out,
        "manager": make_user("committee_secretary", home),
        "party_user": make_user("committee_secretary", party),
        "outsider": make_user("committee_secretary", out),
    }


def _create(w, **kw):
    values = {
        "kind": "agreement",
        "title": "Convenio de derivación",
        "parties": [w["home"], w["party"]],
        "signed_on": TODAY - timedelta(days=100),
        "starts_on": TODAY - timedelta(days=100),
        "ends_on": TODAY + timedelta(days=200),
        "renewal_on": TODAY + timedelta(days=10),
        "status": "in_force",
    }
    values.update(kw)
    return services.cooperation_create(actor=actor_of(w["manager"]), **values)


def test_parties_and_dates_are_checked(w):
    with pytest.raises(ValidationError) as exc:
        _create(
            w,
            parties=[w["party"], w["out"]],
            starts_on=TODAY - timedelta(days=200),
            ends_on=TODAY - timedelta(days=300),
        )
    assert set(exc.value.message_dict) >= {"parties", "starts_on", "ends_on"}
    with pytest.raises(ValidationError) as exc:
        _create(w, parties=[w["home"]], signed_on=None)
    assert set(exc.value.message_dict) == {"parties", "signed_on"}
    agreement = _create(w)
    assert AuditEvent.objects.filter(action="coordination.cooperation.created").exists()
    assert sorted(p.name for p in agreement.parties.all()) == ["Parte", "Propia"]


def test_only_the_recorder_manages_it_and_updates_are_versioned(w):
    agreement = _create(w)
    for key in ("party_user", "outsider"):
        with pytest.raises(NotPermitted):
            services.cooperation_update(
                actor=actor_of(w[key]), agreement=agreement, version=1, title="x"
            )
    manager = actor_of(w["manager"])
    agreement = services.cooperation_update(
        actor=manager, agreement=agreement, version=1, title="Convenio renovado"
    )
    assert agreement.version == 2
    with pytest.raises(ConflictError):
        services.cooperation_update(actor=manager, agreement=agreement, version=1, title="y")


def test_document_is_recognised_by_its_bytes_and_kept_encrypted(w, tmp_path, client: Client):
    agreement = _create(w)
    manager = actor_of(w["manager"])
    with pytest.raises(ValidationError):
        services.cooperation_document_upload(
            actor=manager, agreement=agreement, filename="convenio.pdf", content=b"MZ\x90\x00"
        )
    with pytest.raises(ValidationError):
        services.cooperation_document_upload(
            actor=manager, agreement=agreement, filename="convenio.docx", content=PDF
        )
    agreement = services.cooperation_document_upload(
        actor=manager, agreement=agreement, filename="convenio.docx", content=_docx()
    )
    assert agreement.document_type == services.DOCX
    stored = list((tmp_path / "cooperation-documents").iterdir())
    assert len(stored) == 1 and b"word/document.xml" not in stored[0].read_bytes()
    sign_in(client, w["party_user"])
    url = reverse(
        "coordination:cooperation-document-download", kwargs={"cooperation_id": agreement.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _docx()
    upload = reverse(
        "coordination:cooperation-document-upload", kwargs={"cooperation_id": agreement.pk}
    )
    response = client.post(upload, {"file": SimpleUploadedFile("c.pdf", PDF)})
    assert response.status_code == 404
    sign_in(client, w["outsider"])
    assert client.get(url).status_code == 404


def test_renewal_reminder_once_a_day_to_the_recorder(w, django_capture_on_commit_callbacks):
    _create(w)
    _create(w, title="Lejano", renewal_on=TODAY + timedelta(days=90))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cooperation_reminders_send() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [w["manager"].email]
    assert "Convenio de derivación" in mail.outbox[0].body
    assert "Lejano" not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cooperation_reminders_send() == 0
    assert len(mail.outbox) == 1


def test_list_and_pages(w, client: Client):
    _create(w)
    _create(w, title="Sin renovación", renewal_on=None)
    sign_in(client, w["party_user"])
    response = client.get(reverse("coordination:cooperation-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Convenio de derivación") < body.index("Sin renovación")
    sign_in(client, w["manager"])
    response = client.post(
        reverse("coordination:cooperation-new"),
        {"kind": "agreement", "status": "draft", "title": "T"},
    )
    assert response.status_code == 400


def test_list_query_count_does_not_grow_with_rows(w, client: Client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _create(w)
    sign_in(client, w["manager"])
    url = reverse("coordination:cooperation-list")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    before = len(ctx)
    _create(w, title="Segundo")
    _create(w, title="Tercero")
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx) == before
