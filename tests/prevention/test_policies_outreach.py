"""The access rules of campaigns and labour inspections, allow and deny (slice outreach).

Named ``test_policies_*`` so that ``scripts/mutate_policies`` runs it against every mutant
of these rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruta.accounts.models import Role
from ruta.core.choices import InstitutionType as T
from ruta.core.models import Department
from ruta.intake import services as intake
from ruta.prevention import policies
from ruta.prevention.models import Campaign, Inspection
from tests.factories import actor_of, make_institution, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def home():
    return make_institution("Propia", T.RESPONSE_TEAM)


@pytest.fixture
def partner():
    return make_institution("Socia", T.RESPONSE_TEAM)


@pytest.fixture
def stranger():
    return make_institution("Ajena", T.RESPONSE_TEAM)


def _role(code: str, capabilities: list[str], scope: str = "institution") -> str:
    Role.objects.create(code=code, capabilities=capabilities, scope=scope)
    return code


@pytest.fixture
def campaign(home, partner):
    c = Campaign.objects.create(institution=home, name="Corazón Azul", starts_on=TODAY)
    c.partners.add(partner)
    return c


class TestCampaigns:
    def test_the_organiser_and_partners_see_it_others_do_not(
        self, home, partner, stranger, campaign
    ):
        assert campaign in policies.scope_campaigns(actor_of(make_user("trainer", home)))
        assert campaign in policies.scope_campaigns(actor_of(make_user("trainer", partner)))
        assert not policies.scope_campaigns(actor_of(make_user("trainer", stranger))).exists()
        assert not policies.scope_campaigns(actor_of(make_user("institution_admin", home))).exists()
        assert not policies.scope_campaigns(actor_of(make_user("me_analyst", home))).exists()

    def test_who_lists_campaigns(self, home):
        assert policies.can_list_campaigns(actor_of(make_user("trainer", home)))
        viewer = _role("prevention_viewer", ["prevention.view"])
        assert policies.can_list_campaigns(actor_of(make_user(viewer, home)))
        assert not policies.can_list_campaigns(actor_of(make_user("institution_admin", home)))
        assert not policies.can_list_campaigns(actor_of(make_user("me_analyst", home)))
        assert not policies.can_list_campaigns(actor_of(make_user("labour_inspector", home)))

    def test_who_creates_campaigns(self, home):
        assert policies.can_create_campaign(actor_of(make_user("trainer", home)))
        viewer = _role("prevention_viewer", ["prevention.view"])
        assert not policies.can_create_campaign(actor_of(make_user(viewer, home)))
        assert not policies.can_create_campaign(actor_of(make_user("me_analyst", home)))

    def test_only_the_organiser_edits(self, home, partner, campaign):
        assert policies.can_edit_campaign(actor_of(make_user("trainer", home)), campaign)
        assert not policies.can_edit_campaign(actor_of(make_user("trainer", partner)), campaign)
        viewer = _role("prevention_viewer", ["prevention.view"])
        assert not policies.can_edit_campaign(actor_of(make_user(viewer, home)), campaign)


@pytest.fixture
def department():
    return Department.objects.order_by("code").first()


def _inspection(home, recorder, department, reference, **kw) -> Inspection:
    inspection = Inspection.objects.create(
        reference=reference,
        institution=home,
        establishment="Finca",
        sector="A",
        department=department,
        inspected_on=TODAY - timedelta(days=1),
        recorded_by=recorder,
        **kw,
    )
    inspection.inspectors.add(recorder)
    return inspection


class TestInspections:
    def test_own_scope(self, home, department):
        lab, colleague = make_user("labour_inspector", home), make_user("labour_inspector", home)
        own = _inspection(home, lab, department, "INS-T-1")
        theirs = _inspection(home, colleague, department, "INS-T-2")
        joint = _inspection(home, colleague, department, "INS-T-3")
        joint.inspectors.add(lab)
        actor = actor_of(lab)
        assert set(policies.scope_inspections(actor)) == {own, joint}
        assert policies.inspection_in_scope(actor, own)
        assert policies.inspection_in_scope(actor, joint)
        assert not policies.inspection_in_scope(actor, theirs)
        assert policies.can_edit_inspection(actor, own)
        assert not policies.can_edit_inspection(actor, theirs)

    def test_institution_scope_and_other_institutions(self, home, stranger, department):
        lab = make_user("labour_inspector", home)
        inspection = _inspection(home, lab, department, "INS-T-1")
        chief = make_user(_role("chief_inspector", ["inspections.record"]), home)
        assert policies.inspection_in_scope(actor_of(chief), inspection)
        assert inspection in policies.scope_inspections(actor_of(chief))
        outsider = actor_of(make_user("labour_inspector", stranger))
        assert not policies.scope_inspections(outsider).exists()
        assert not policies.inspection_in_scope(outsider, inspection)
        assert not policies.can_edit_inspection(outsider, inspection)

    def test_who_records_inspections(self, home):
        assert policies.can_record_inspection(actor_of(make_user("labour_inspector", home)))
        assert not policies.can_record_inspection(actor_of(make_user("trainer", home)))
        assert not policies.can_record_inspection(actor_of(make_user("eri_coordinator", home)))

    def test_who_raises_a_report(self, home, department):
        lab = make_user("labour_inspector", home)
        found = _inspection(home, lab, department, "INS-T-1", indicators_present=2)
        nothing = _inspection(home, lab, department, "INS-T-2", indicators_present=0)
        actor = actor_of(lab)
        assert policies.can_raise_report(actor, found)
        assert not policies.can_raise_report(actor, nothing)
        colleague = actor_of(make_user("labour_inspector", home))
        assert not policies.can_raise_report(colleague, found)  # outside 'own'
        no_intake = make_user(_role("inspector_only", ["inspections.record"], "own"), home)
        found.inspectors.add(no_intake)
        assert policies.can_edit_inspection(actor_of(no_intake), found)
        assert not policies.can_raise_report(actor_of(no_intake), found)
        found.report = intake.report_create(actor=actor, channel="other", narrative="Relato")
        assert not policies.can_raise_report(actor, found)

    def test_who_sees_the_inspection_on_the_report_page(self, home):
        coordinator = actor_of(make_user("eri_coordinator", home))
        report = intake.report_create(actor=coordinator, channel="other", narrative="Relato")
        assert policies.can_see_raising_inspection(coordinator, report)
        operator = actor_of(make_user("hotline_operator", home))
        assert policies.can_see_raising_inspection(operator, report)
        assert not policies.can_see_raising_inspection(actor_of(make_user("trainer", home)), report)
