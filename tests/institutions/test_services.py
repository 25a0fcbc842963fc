"""Institutions: platform administrators shape them; an institution's administrator keeps its
own units, contacts and description."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404

from ruta.audit.models import AuditEvent
from ruta.core.errors import ConflictError
from ruta.core.models import Department, Municipality
from ruta.institutions import selectors, services
from tests.factories import actor_of, make_user
from tests.validation import refused_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform(home_institution):
    return actor_of(make_user("platform_admin", home_institution))


def test_honduras_departments_ship_as_reference_data(db):
    assert Department.objects.filter(country="HN").count() == 18
    assert Department.objects.get(code="HN-FM").name == "Francisco Morazán"


def test_platform_admin_creates_an_institution_with_territories(platform):
    cortes, yoro = Department.objects.filter(code__in=["HN-CR", "HN-YO"])
    institution = services.institution_create(
        actor=platform, name="Casa Refugio", type="shelter", territories=[cortes, yoro]
    )
    assert set(institution.territories.values_list("code", flat=True)) == {"HN-CR", "HN-YO"}
    event = AuditEvent.objects.get(action="institutions.institution.created")
    assert event.data["territories"] == ["HN-CR", "HN-YO"]


def test_institution_admin_edits_only_details_of_their_own(home_institution, other_institution):
    admin = actor_of(make_user("institution_admin", home_institution))
    services.institution_update(
        actor=admin, institution=home_institution, version=1, description="Atención 24 horas"
    )
    with pytest.raises(Http404):
        services.institution_update(
            actor=admin, institution=home_institution, version=2, name="Nuevo nombre"
        )
    with pytest.raises(Http404):
        services.unit_create(actor=admin, institution=other_institution, name="Oficina")
    home_institution.refresh_from_db()
    assert home_institution.description == "Atención 24 horas"
    assert home_institution.name == "Equipo de Respuesta Inmediata"


def test_stale_institution_edit_conflicts(platform, home_institution):
    services.institution_update(
        actor=platform, institution=home_institution, version=1, acronym="ERI"
    )
    with pytest.raises(ConflictError):
        services.institution_update(
            actor=platform, institution=home_institution, version=1, acronym="XX"
        )


def test_an_institution_cannot_be_part_of_itself(platform, home_institution, other_institution):
    services.institution_update(
        actor=platform, institution=other_institution, version=1, parent=home_institution
    )
    with refused_on("parent"):
        services.institution_update(
            actor=platform, institution=home_institution, version=1, parent=other_institution
        )


def test_duplicate_unit_names_are_refused(platform, home_institution):
    services.unit_create(actor=platform, institution=home_institution, name="Oficina central")
    with refused_on("name"):
        services.unit_create(actor=platform, institution=home_institution, name="oficina CENTRAL")


def test_inactive_institutions_are_hidden_from_others(
    home_institution, other_institution, platform
):
    services.institution_update(
        actor=platform, institution=other_institution, version=1, is_active=False
    )
    worker = actor_of(make_user("case_worker", home_institution))
    assert other_institution not in selectors.institution_list(actor=worker)
    assert other_institution in selectors.institution_list(actor=platform)


def test_municipalities_load_all_or_nothing(tmp_path, db):
    good = tmp_path / "good.csv"
    good.write_text(
        "code,department,name\n0801,HN-FM,Distrito Central\n0501,HN-CR,San Pedro Sula\n"
    )
    call_command("load_municipalities", str(good))
    assert Municipality.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("code,department,name\n0101,HN-AT,La Ceiba\n9999,HN-XX,Nowhere\n")
    with pytest.raises(CommandError, match="HN-XX"):
        call_command("load_municipalities", str(bad))
    assert not Municipality.objects.filter(code="0101").exists()


def test_an_institution_sets_its_care_plan_review_schedule(home_institution):
    admin = actor_of(make_user("institution_admin", home_institution))
    assert home_institution.plan_review_days == [30, 90, 180]
    for bad in ([], [0, 30], [30, 30], [1000], ["30"], list(range(1, 12))):
        with pytest.raises(ValidationError) as exc:
            services.institution_update(
                actor=admin, institution=home_institution, version=1, plan_review_days=bad
            )
        assert "plan_review_days" in exc.value.message_dict
    updated = services.institution_update(
        actor=admin, institution=home_institution, version=1, plan_review_days=[60, 15]
    )
    assert updated.plan_review_days == [15, 60] and updated.version == 2


def test_the_review_schedule_is_edited_on_the_institution_page(home_institution):
    from django.test import Client

    from tests.factories import sign_in

    admin = make_user("institution_admin", home_institution)
    client = sign_in(Client(), admin)
    url = f"/institutions/{home_institution.pk}/details/"
    data = {
        "details-version": 1,
        "details-first_contact_hours": 24,
        "details-referral_answer_days": 2,
        "details-referral_urgent_hours": 24,
    }
    client.post(url, {**data, "details-plan_review_days": "treinta"})
    home_institution.refresh_from_db()
    assert home_institution.plan_review_days == [30, 90, 180]
    client.post(url, {**data, "details-plan_review_days": "30, 60, 120"})
    home_institution.refresh_from_db()
    assert home_institution.plan_review_days == [30, 60, 120]
