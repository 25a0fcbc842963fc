"""Committee pages and API: the detail page shows members, representatives, the quorum and
the open action items by institution; bad input keeps what was typed; out of scope is 404;
the list runs a fixed number of queries with several committees present."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.coordination.choices import ActionStatus
from ruta.coordination.models import (
    ActionItem,
    Agreement,
    Committee,
    CommitteeMember,
    Meeting,
    Representative,
)
from ruta.coordination.services import committees as services
from ruta.core.choices import InstitutionType as T
from tests.factories import actor_of, make_institution, make_user, sign_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def home():
    return make_institution("Secretaría técnica", T.RESPONSE_TEAM)


@pytest.fixture
def fiscalia():
    return make_institution("Fiscalía especial", T.PROSECUTION)


@pytest.fixture
def secretary(home):
    return make_user("committee_secretary", home)


@pytest.fixture
def prosecutor(fiscalia):
    return make_user("prosecutor", fiscalia)


@pytest.fixture
def committee(secretary, home, fiscalia):
    actor = actor_of(secretary)
    committee = services.committee_create(
        actor=actor,
        kind="plenary",
        name="Pleno CICESCT",
        acronym="CICESCT",
        language="es",
        quorum_rule="two_thirds",
    )
    services.member_add(actor=actor, committee=committee, institution=home)
    member = services.member_add(actor=actor, committee=committee, institution=fiscalia)
    services.member_add(
        actor=actor,
        committee=committee,
        institution=make_institution("ONG observadora", T.NGO),
        role="observer",
    )
    services.representative_add(
        actor=actor,
        member=member,
        kind="principal",
        name="Fiscal Actual",
        term_starts_on=TODAY - timedelta(days=30),
    )
    services.representative_add(
        actor=actor,
        member=member,
        kind="principal",
        name="Fiscal Anterior",
        term_starts_on=TODAY - timedelta(days=400),
        term_ends_on=TODAY - timedelta(days=31),
    )
    services.representative_add(
        actor=actor, member=member, kind="alternate", name="Fiscal Suplente", term_starts_on=TODAY
    )
    meeting = Meeting.objects.create(
        committee=committee, year=2026, number=1, title="S1", starts_at=timezone.now()
    )
    agreement = Agreement.objects.create(
        committee=committee,
        meeting=meeting,
        year=2026,
        number=1,
        reference="CICESCT-ACU-2026-001",
        text="Protocolo",
    )
    for owner, due, status, text in (
        (fiscalia, TODAY - timedelta(days=2), ActionStatus.PENDING, "Tarea vencida"),
        (home, TODAY + timedelta(days=9), ActionStatus.IN_PROGRESS, "Tarea en curso"),
        (home, TODAY, ActionStatus.DONE, "Tarea terminada"),
    ):
        ActionItem.objects.create(
            agreement=agreement,
            committee=committee,
            owner_institution=owner,
            description=text,
            due_on=due,
            status=status,
        )
    return committee


def _browser(user) -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)


def _api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def _detail(committee) -> str:
    return reverse("coordination:committee-detail", kwargs={"committee_id": committee.pk})


class TestDetailPage:
    def test_a_member_sees_members_terms_quorum_and_open_actions(self, prosecutor, committee):
        response = _browser(prosecutor).get(_detail(committee))
        assert response.status_code == 200
        html = response.content.decode()
        # 2 voting members (the observer does not count): ceil(4/3) = 2.
        assert "2 members needed" in html
        assert "Fiscal Actual" in html and "Fiscal Suplente" in html
        # Current terms first: the former principal comes after the current one.
        assert html.index("Fiscal Actual") < html.index("Fiscal Anterior")
        assert "Tarea vencida" in html and "Tarea en curso" in html
        assert "Tarea terminada" not in html
        assert "CICESCT-ACU-2026-001" in html
        assert html.count("overdue</span>") == 1
        # A member manages nothing.
        assert (
            reverse("coordination:committee-edit", kwargs={"committee_id": committee.pk})
            not in html
        )

    def test_another_institution_gets_404(self, committee):
        stranger = make_user("committee_secretary", make_institution("Ajena"))
        assert _browser(stranger).get(_detail(committee)).status_code == 404
        url = reverse("api:coordination-committee-detail", kwargs={"committee_id": committee.pk})
        assert _api(stranger).get(url).status_code == 404

    def test_removing_a_busy_member_says_why(self, secretary, committee, fiscalia):
        member = CommitteeMember.objects.get(committee=committee, institution=fiscalia)
        client = _browser(secretary)
        url = reverse("coordination:member-remove", kwargs={"member_id": member.pk})
        response = client.post(url, follow=True)
        assert "open action item" in response.content.decode()
        assert CommitteeMember.objects.filter(pk=member.pk).exists()


class TestForms:
    def test_a_new_committee_with_a_bad_territory_keeps_the_input(self, secretary):
        response = _browser(secretary).post(
            reverse("coordination:committee-new"),
            {
                "kind": "local",
                "name": "Comité de Cortés",
                "acronym": "CLC",
                "language": "es",
                "quorum_rule": "majority",
            },
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "A local committee covers at least one department." in html
        assert 'value="Comité de Cortés"' in html
        assert not Committee.objects.exists()

    def test_a_new_committee_is_recorded(self, secretary, home):
        response = _browser(secretary).post(
            reverse("coordination:committee-new"),
            {
                "kind": "local",
                "name": "Comité de Cortés",
                "acronym": "CLC",
                "language": "es",
                "quorum_rule": "fixed",
                "quorum_fixed": "3",
                "departments": ["HN-CR"],
            },
        )
        committee = Committee.objects.get()
        assert response.status_code == 302
        assert response["Location"] == _detail(committee)
        assert committee.secretariat == home and committee.quorum_fixed == 3

    def test_a_stale_edit_is_a_conflict(self, secretary, committee):
        url = reverse("coordination:committee-edit", kwargs={"committee_id": committee.pk})
        data = {
            "version": committee.version,
            "kind": "plenary",
            "name": "Pleno nuevo",
            "acronym": "CICESCT",
            "language": "es",
            "quorum_rule": "majority",
        }
        client = _browser(secretary)
        assert client.post(url, data).status_code == 302
        response = client.post(url, {**data, "name": "Otro"})
        assert response.status_code == 409
        assert Committee.objects.get().name == "Pleno nuevo"

    def test_an_overlapping_principal_is_refused_on_the_form(self, secretary, committee, fiscalia):
        member = CommitteeMember.objects.get(committee=committee, institution=fiscalia)
        url = reverse("coordination:representative-add", kwargs={"member_id": member.pk})
        response = _browser(secretary).post(
            url, {"kind": "principal", "name": "Otra Fiscal", "term_starts_on": TODAY.isoformat()}
        )
        assert response.status_code == 400
        assert "already has a principal representative" in response.content.decode()
        assert not Representative.objects.filter(name="Otra Fiscal").exists()

    def test_a_member_added_twice_is_refused_on_the_page(self, secretary, committee, fiscalia):
        url = reverse("coordination:member-add", kwargs={"committee_id": committee.pk})
        response = _browser(secretary).post(url, {"institution": fiscalia.pk, "role": "member"})
        assert response.status_code == 400
        assert "already a member" in response.content.decode()


class TestApi:
    def test_create_then_detail(self, secretary):
        client = _api(secretary)
        response = client.post(
            reverse("api:coordination-committee-create"),
            {
                "kind": "local",
                "name": "Comité de Cortés",
                "acronym": "CLC",
                "language": "fr",
                "departments": ["HN-CR"],
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["departments"] == ["HN-CR"]
        assert body["quorum_needed"] == 1
        assert body["members"] == []

    def test_an_unknown_department_is_422_and_a_bad_type_400(self, secretary):
        client = _api(secretary)
        url = reverse("api:coordination-committee-create")
        base = {"kind": "local", "name": "Local", "acronym": "L1", "language": "es"}
        assert (
            client.post(url, {**base, "departments": ["XX-00"]}, format="json").status_code == 422
        )
        assert client.post(url, {**base, "quorum_fixed": "tres"}, format="json").status_code == 400
        assert client.post(url, {**base, "colour": "red"}, format="json").status_code == 400
        assert not Committee.objects.exists()

    def test_detail_lists_members_with_representatives(self, prosecutor, committee):
        url = reverse("api:coordination-committee-detail", kwargs={"committee_id": committee.pk})
        body = _api(prosecutor).get(url).json()
        assert body["quorum_needed"] == 2
        fiscalia = next(m for m in body["members"] if m["institution_name"] == "Fiscalía especial")
        names = [r["name"] for r in fiscalia["representatives"]]
        assert names[0] == "Fiscal Actual" and names[-1] == "Fiscal Anterior"

    def test_member_remove_refused_then_update_conflict(self, secretary, committee, fiscalia):
        client = _api(secretary)
        member = CommitteeMember.objects.get(committee=committee, institution=fiscalia)
        url = reverse("api:coordination-member-remove", kwargs={"member_id": member.pk})
        response = client.post(url)
        assert response.status_code == 422
        assert "open action item" in response.json()["detail"]
        update = reverse("api:coordination-committee-update", kwargs={"committee_id": committee.pk})
        assert client.post(update, {"version": 99, "name": "X"}, format="json").status_code == 409

    def test_a_member_cannot_update(self, prosecutor, committee):
        update = reverse("api:coordination-committee-update", kwargs={"committee_id": committee.pk})
        response = _api(prosecutor).post(update, {"version": 1, "name": "X"}, format="json")
        assert response.status_code == 404
        assert Committee.objects.get().name == "Pleno CICESCT"

    def test_representative_update_end_before_start_is_422(self, secretary, committee):
        rep = Representative.objects.get(name="Fiscal Actual")
        url = reverse(
            "api:coordination-representative-update", kwargs={"representative_id": rep.pk}
        )
        response = _api(secretary).post(
            url, {"term_ends_on": (TODAY - timedelta(days=365)).isoformat()}, format="json"
        )
        assert response.status_code == 422
        assert "term_ends_on" in response.json()["errors"]


LOCKED = {"page": 7, "api": 3}


def _populate(secretary, n: int) -> None:
    actor = actor_of(secretary)
    start = Committee.objects.count()
    for i in range(start, start + n):
        committee = services.committee_create(
            actor=actor, kind="working_group", name=f"Mesa {i}", acronym=f"M{i}", language="es"
        )
        for j in range(2):
            services.member_add(
                actor=actor, committee=committee, institution=make_institution(f"I{i}-{j}")
            )


@pytest.mark.parametrize("kind", ["page", "api"])
def test_the_list_runs_a_fixed_number_of_queries(kind, secretary):
    if kind == "page":
        client, url = _browser(secretary), reverse("coordination:committee-list")
    else:
        client, url = _api(secretary), reverse("api:coordination-committee-list")
    client.get(url)  # warm up (session, token use)
    counts = []
    for n in (2, 6):
        _populate(secretary, n)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        assert "Mesa 0" in response.content.decode()
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] == LOCKED[kind], counts
