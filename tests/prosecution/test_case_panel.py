"""The protection case's side: its owner sees that the survivor takes part in a criminal
proceeding and its stage, nothing of the file; a shelter sees no such card; closing the case
lists each open proceeding, not blocking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from ruta.cases import services as cases
from ruta.core.models import Department
from ruta.prosecution import services as pros
from ruta.prosecution.closure import closure_check
from ruta.prosecution.models import Offence
from ruta.prosecution.panels import case_panel
from ruta.referrals import services as referrals
from tests.factories import actor_of, make_user, sign_in
from tests.referrals.conftest import open_case, pathway  # noqa: F401  (the fixture)

TODAY = timezone.localdate()


@pytest.fixture
def proceeding(pathway):  # noqa: F811
    fiscalia = pathway.receivers["legal"]
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[fiscalia, shelter])
    for kind, institution in (("legal", fiscalia), ("care", shelter)):
        referral = referrals.referral_send(
            actor=pathway.coordinator,
            case=case,
            to_institution=institution,
            type=kind,
            services=[{"legal": "CriminalJustice", "care": "Shelter"}[kind]],
        )
        referrals.referral_accept(
            actor=pathway.responders[kind], referral=referral, version=referral.version
        )
    prosecutor_user = make_user("prosecutor", fiscalia)
    prosecutor = actor_of(prosecutor_user)
    file = pros.file_create(
        actor=prosecutor,
        complaint_on=TODAY - timedelta(days=60),
        offence=Offence.objects.filter(classification="trafficking").first(),
        department=Department.objects.order_by("code").first(),
        prosecutor_number="MP-SECRETO-77",
    )
    file = pros.stage_advance(
        actor=prosecutor,
        file=file,
        version=file.version,
        stage="investigation",
        on=TODAY - timedelta(days=30),
    )
    pros.defendant_add(
        actor=prosecutor,
        file=file,
        identity={"given_names": "Rigoberto", "first_surname": "Imputadísimo"},
    )
    pros.victim_link_case(actor=prosecutor, file=file, case=case)
    case.refresh_from_db()
    return {
        "case": case,
        "file": file,
        "prosecutor": prosecutor,
        "coordinator": pathway.coordinator,
        "shelter": pathway.responders["care"],
    }


def test_owner_sees_the_stage_and_nothing_of_the_file(proceeding):
    panel = case_panel(proceeding["coordinator"], proceeding["case"])
    assert panel is not None
    assert panel["participations"] == [
        {
            "stage": "Investigación",  # the default language, Spanish
            "open": True,
            "closed_early": False,
            "institution": "Fiscalía Especial",
        }
    ]
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), proceeding["coordinator"].user)
    url = reverse("cases:case-detail", kwargs={"case_id": proceeding["case"].pk})
    html = client.get(url).content.decode()
    assert "The survivor takes part in 1 criminal proceeding" in html
    assert "Investigation" in html
    for secret in (
        proceeding["file"].reference,
        "MP-SECRETO-77",
        "Imputadísimo",
        str(proceeding["file"].pk),
    ):
        assert secret not in html


def test_a_shelter_and_the_prosecutor_see_no_panel(proceeding):
    assert case_panel(proceeding["shelter"], proceeding["case"]) is None
    # The prosecutor reaches the case through its legal grant: not the owner, no card.
    assert case_panel(proceeding["prosecutor"], proceeding["case"]) is None
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), proceeding["shelter"].user)
    url = reverse("cases:case-detail", kwargs={"case_id": proceeding["case"].pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "criminal proceeding" not in response.content.decode()


def test_no_panel_without_a_proceeding(pathway):  # noqa: F811
    case = open_case(pathway)
    assert case_panel(pathway.coordinator, case) is None


def test_closure_lists_the_open_proceeding_without_blocking(proceeding):
    with translation.override("en"):
        [item] = closure_check(proceeding["case"], "objectives_met")
    assert item.key == f"criminal_file:{proceeding['file'].pk}"
    assert not item.blocking
    assert "investigation" in item.label
    assert proceeding["file"].reference not in item.label
    items = cases.closure_items(proceeding["case"], "moved")
    assert item.key in [i.key for i in items]
    # A file closed early no longer holds the case.
    file = proceeding["file"]
    file.refresh_from_db()
    pros.file_close_early(
        actor=proceeding["prosecutor"],
        file=file,
        version=file.version,
        reason="archived",
        on=TODAY,
    )
    assert closure_check(proceeding["case"], "moved") == []
    panel = case_panel(proceeding["coordinator"], proceeding["case"])
    assert panel["participations"][0]["closed_early"] is True
