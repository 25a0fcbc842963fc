"""Nothing of prosecution reaches an institution without a file: a shelter holding a care
grant on the same case answers 404 on every route of the people of the file; a prosecutor
holding the legal grant reads the survivor's identity and never a health note of the case."""

from __future__ import annotations

import pytest

from ruta.prosecution import services as pros
from ruta.prosecution.models import Defendant, Offence
from tests.prosecution.people_world import (
    HEALTH_NOTE,
    SURVIVOR,
    clients,
    days_ago,
    indict,
    world_fixture,  # noqa: F401 (the fixture "world")
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_file(world):
    """A file with a defendant, a charge with its verdict, an appeal, a victim through the
    case and a protection measure: every record the routes name."""
    indict(world, trial=True)
    p = world.prosecutor
    defendant = pros.defendant_add(
        actor=p, file=world.file, identity={"given_names": "Eusebio", "first_surname": "Lara"}
    )
    charge = pros.charge_add(
        actor=p,
        defendant=defendant,
        offence=Offence.objects.get(code="trata_personas_ley_especial"),
        charged_on=days_ago(140),
    )
    pros.verdict_record(
        actor=p, charge=charge, decided_on=days_ago(30), outcome="convicted", sentence_years=9
    )
    appeal = pros.appeal_file(
        actor=p,
        file=world.file,
        kind="appeal",
        appealed_by="defence",
        filed_on=days_ago(20),
        court="Corte",
    )
    victim = pros.victim_link_case(actor=p, file=world.file, case=world.case)
    measure = pros.measure_request(
        actor=p, victim=victim, type="support_person", requested_on=days_ago(10)
    )
    ids = {
        "file": world.file.pk,
        "defendant": defendant.pk,
        "charge": charge.pk,
        "appeal": appeal.pk,
        "victim": victim.pk,
        "measure": measure.pk,
    }
    return world, ids


def _routes(ids):
    f, d, c = ids["file"], ids["defendant"], ids["charge"]
    a, v, m = ids["appeal"], ids["victim"], ids["measure"]
    pages = [
        ("get", f"/prosecution/files/{f}/people/"),
        ("post", f"/prosecution/files/{f}/defendants/add/"),
        ("post", f"/prosecution/defendants/{d}/update/"),
        ("post", f"/prosecution/defendants/{d}/charges/add/"),
        ("post", f"/prosecution/defendants/{d}/payments/add/"),
        ("post", f"/prosecution/defendants/{d}/assets/add/"),
        ("post", f"/prosecution/charges/{c}/verdict/"),
        ("post", f"/prosecution/files/{f}/appeals/add/"),
        ("post", f"/prosecution/appeals/{a}/decide/"),
        ("post", f"/prosecution/files/{f}/victims/link-case/"),
        ("post", f"/prosecution/files/{f}/victims/record/"),
        ("post", f"/prosecution/file-victims/{v}/update/"),
        ("post", f"/prosecution/file-victims/{v}/measures/add/"),
        ("post", f"/prosecution/protection-measures/{m}/decide/"),
    ]
    api = [
        ("get", f"/api/v1/criminal-files/{f}/defendants/"),
        ("post", f"/api/v1/criminal-files/{f}/defendants/"),
        ("get", f"/api/v1/defendants/{d}/"),
        ("post", f"/api/v1/defendants/{d}/update/"),
        ("post", f"/api/v1/defendants/{d}/charges/"),
        ("post", f"/api/v1/defendants/{d}/payments/"),
        ("post", f"/api/v1/defendants/{d}/assets/"),
        ("post", f"/api/v1/charges/{c}/verdict/"),
        ("post", f"/api/v1/criminal-files/{f}/appeals/"),
        ("post", f"/api/v1/appeals/{a}/decide/"),
        ("get", f"/api/v1/criminal-files/{f}/victims/"),
        ("post", f"/api/v1/criminal-files/{f}/victims/link-case/"),
        ("post", f"/api/v1/criminal-files/{f}/victims/record/"),
        ("post", f"/api/v1/file-victims/{v}/update/"),
        ("post", f"/api/v1/file-victims/{v}/measures/"),
        ("post", f"/api/v1/protection-measures/{m}/decide/"),
    ]
    return pages, api


def test_a_shelter_with_a_care_grant_sees_nothing_of_prosecution(full_file):
    world, ids = full_file
    page, api = clients(world.shelter)
    pages, api_routes = _routes(ids)
    before = Defendant.objects.count()
    for method, url in pages:
        assert getattr(page, method)(url).status_code == 404, url
    for method, url in api_routes:
        response = (
            getattr(api, method)(url, {}, format="json") if method == "post" else api.get(url)
        )
        assert response.status_code == 404, url
    assert Defendant.objects.count() == before
    # The shelter still reaches the case through its own grant: the 404s are prosecution's.
    assert page.get(f"/cases/{world.case.pk}/").status_code == 200


def test_a_prosecutor_with_a_legal_grant_never_reads_a_health_note(full_file):
    world, ids = full_file
    page, api = clients(world.prosecutor)
    pages, api_routes = _routes(ids)
    seen = []
    for method, url in pages + api_routes:
        if method == "get":
            client = page if url.startswith("/prosecution/") else api
            response = client.get(url)
            assert response.status_code == 200, url
            seen.append(response.content.decode())
    assert any(SURVIVOR in body for body in seen)  # the identity the grant names
    assert not any(HEALTH_NOTE in body for body in seen)
    # Following the link to the case page shows the legal section, never the health one.
    html = page.get(f"/cases/{world.case.pk}/").content.decode()
    assert HEALTH_NOTE not in html
