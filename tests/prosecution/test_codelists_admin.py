"""The platform administrator keeps the code lists: offences stay classified as they were
counted, codes are unique, a time limit's change moves the due dates of the open files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from ruta.core.choices import InstitutionType as T
from ruta.core.errors import ConflictError, NotPermitted
from ruta.core.models import Department
from ruta.prosecution import services as pros
from ruta.prosecution.models import Offence, StageTimeLimit
from ruta.prosecution.services import codelists
from tests.factories import actor_of, make_institution, make_user, sign_in

LABELS = {"es": "Delito", "en": "Offence", "fr": "Infraction"}


@pytest.fixture
def admin(db):
    return actor_of(make_user("platform_admin", make_institution("Plataforma", T.COMMISSION)))


@pytest.fixture
def prosecutor(db):
    return actor_of(make_user("prosecutor", make_institution("Fiscalía", T.PROSECUTION)))


def test_only_the_platform_administrator_edits_the_lists(admin, prosecutor):
    with pytest.raises(NotPermitted):
        codelists.offence_save(actor=prosecutor, code="x", classification="related", labels=LABELS)
    offence = codelists.offence_save(
        actor=admin, code="Nuevo delito", classification="related", labels=LABELS
    )
    assert offence.code == "nuevo_delito"


def test_codes_are_unique_and_labels_are_needed_in_every_language(admin):
    existing = Offence.objects.first()
    with pytest.raises(ValidationError) as error:
        codelists.offence_save(
            actor=admin,
            code=existing.code,
            classification="related",
            labels={"es": "Algo", "en": "", "fr": ""},
        )
    assert {"code", "label_en", "label_fr"} <= set(error.value.message_dict)


def test_a_used_offence_keeps_its_classification(admin, prosecutor):
    offence = Offence.objects.filter(classification="trafficking").first()
    pros.file_create(
        actor=prosecutor,
        complaint_on=timezone.localdate(),
        offence=offence,
        department=Department.objects.first(),
    )
    with pytest.raises(ValidationError) as error:
        codelists.offence_save(
            actor=admin,
            offence=offence,
            version=offence.version,
            code=offence.code,
            classification="related",
            labels=offence.labels,
        )
    assert "classification" in error.value.message_dict
    offence.refresh_from_db()
    assert offence.classification == "trafficking"
    # Retiring it is the way out: files keep it, new ones cannot choose it.
    codelists.offence_save(
        actor=admin,
        offence=offence,
        version=offence.version,
        code=offence.code,
        classification="trafficking",
        labels=offence.labels,
        is_active=False,
    )
    with pytest.raises(ValidationError):
        pros.file_create(
            actor=prosecutor,
            complaint_on=timezone.localdate(),
            offence=offence,
            department=Department.objects.first(),
        )


def test_a_stale_version_is_a_conflict(admin):
    offence = Offence.objects.first()
    with pytest.raises(ConflictError):
        codelists.offence_save(
            actor=admin,
            offence=offence,
            version=offence.version + 1,
            code=offence.code,
            classification=offence.classification,
            labels=offence.labels,
        )


def test_a_new_time_limit_moves_the_open_files_due_dates(admin, prosecutor):
    start = timezone.localdate() - timedelta(days=10)
    offence = Offence.objects.first()
    file = pros.file_create(
        actor=prosecutor, complaint_on=start, offence=offence, department=Department.objects.first()
    )
    assert file.stage_due_on == start + timedelta(days=30)
    limit = StageTimeLimit.objects.get(stage="complaint")
    codelists.time_limit_save(actor=admin, stage="complaint", version=limit.version, days=5)
    file.refresh_from_db()
    assert file.stage_due_on == start + timedelta(days=5)
    with pytest.raises(ValidationError):
        codelists.time_limit_save(actor=admin, stage="complaint", version=2, days=0)


def test_the_page_lists_and_edits(admin):
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="es"), admin.user)
    page = client.get("/prosecution/code-lists/")
    assert page.status_code == 200
    assert "Trata de personas" in page.content.decode()
    response = client.post(
        "/prosecution/code-lists/offences/new/",
        {"code": "", "classification": "related", "label_es": "X", "label_en": "", "label_fr": ""},
    )
    assert response.status_code == 400
    assert "Este campo es obligatorio" in response.content.decode()
    assert not Offence.objects.filter(labels__es="X").exists()
