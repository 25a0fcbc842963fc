"""Committees: the secretariat is the acting institution, a local committee has a territory,
a fixed quorum its number, acronyms are unique; members once only and not removed while they
owe open action items; one principal and one alternate at a time; every write audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from ruta.audit.models import AuditEvent
from ruta.coordination.choices import ActionStatus, MemberRole
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
from ruta.core.errors import ConflictError, DomainError, NotPermitted
from ruta.core.models import Department
from tests.factories import actor_of, make_institution, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def home():
    return make_institution("Secretaría técnica", T.RESPONSE_TEAM)


@pytest.fixture
def fiscalia():
    return make_institution("Fiscalía", T.PROSECUTION)


@pytest.fixture
def secretary(home):
    return make_user("committee_secretary", home)


@pytest.fixture
def actor(secretary):
    return actor_of(secretary)


@pytest.fixture
def committee(actor):
    return services.committee_create(
        actor=actor, kind="plenary", name="Pleno", acronym="CICESCT", language="es"
    )


@pytest.fixture
def member(actor, committee, fiscalia):
    return services.member_add(actor=actor, committee=committee, institution=fiscalia)


def _events(verb: str) -> int:
    return AuditEvent.objects.filter(action=f"coordination.committee.{verb}").count()


def _open_action(committee, institution, status=ActionStatus.PENDING) -> ActionItem:
    meeting = Meeting.objects.create(
        committee=committee, year=2026, number=1, title="S1", starts_at=timezone.now()
    )
    agreement = Agreement.objects.create(
        committee=committee, meeting=meeting, year=2026, number=1, reference="X-1", text="A"
    )
    return ActionItem.objects.create(
        agreement=agreement,
        committee=committee,
        owner_institution=institution,
        description="Hacer",
        due_on=TODAY,
        status=status,
    )


class TestCommitteeCreate:
    def test_the_acting_institution_is_the_secretariat_and_it_is_audited(self, actor, home):
        committee = services.committee_create(
            actor=actor,
            kind="local",
            name="Comité local de Cortés",
            acronym="CL-CORTES",
            language="fr",
            departments=[Department.objects.get(pk="HN-CR")],
            quorum_rule="fixed",
            quorum_fixed=4,
        )
        committee.refresh_from_db()
        assert committee.secretariat == home
        assert committee.quorum_fixed == 4
        assert [d.pk for d in committee.departments.all()] == ["HN-CR"]
        event = AuditEvent.objects.get(action="coordination.committee.created")
        assert event.data["departments"] == ["HN-CR"]
        assert "Cortés" not in str(event.data)

    def test_a_local_committee_needs_a_territory(self, actor):
        with pytest.raises(ValidationError) as exc:
            services.committee_create(
                actor=actor, kind="local", name="Local", acronym="L1", language="es"
            )
        assert set(exc.value.message_dict) == {"departments"}
        assert not Committee.objects.exists()
        assert _events("created") == 0

    def test_only_a_local_committee_has_a_territory(self, actor):
        with pytest.raises(ValidationError) as exc:
            services.committee_create(
                actor=actor,
                kind="plenary",
                name="Pleno",
                acronym="P1",
                language="es",
                departments=[Department.objects.get(pk="HN-CR")],
            )
        assert set(exc.value.message_dict) == {"departments"}

    def test_a_fixed_quorum_needs_its_number_and_others_keep_none(self, actor):
        with pytest.raises(ValidationError) as exc:
            services.committee_create(
                actor=actor,
                kind="plenary",
                name="Pleno",
                acronym="P1",
                language="es",
                quorum_rule="fixed",
            )
        assert set(exc.value.message_dict) == {"quorum_fixed"}
        committee = services.committee_create(
            actor=actor, kind="plenary", name="Pleno", acronym="P1", language="es", quorum_fixed=5
        )
        assert committee.quorum_fixed is None

    def test_the_acronym_is_unique_whatever_the_case(self, actor, committee):
        with pytest.raises(ValidationError) as exc:
            services.committee_create(
                actor=actor, kind="steering", name="Otro", acronym="cicesct", language="es"
            )
        assert set(exc.value.message_dict) == {"acronym"}

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("kind", "club"),
            ("language", "de"),
            ("quorum_rule", "all"),
            ("acronym", "A B"),
            ("name", " "),
            ("acronym", ""),
        ],
    )
    def test_bad_values_are_refused_field_by_field(self, actor, field, value):
        values = {"kind": "plenary", "name": "Pleno", "acronym": "P1", "language": "es"}
        values[field] = value
        with pytest.raises(ValidationError) as exc:
            services.committee_create(actor=actor, **values)
        assert field in exc.value.message_dict
        assert not Committee.objects.exists()

    def test_without_the_capability_it_is_refused(self, home):
        with pytest.raises(NotPermitted):
            services.committee_create(
                actor=actor_of(make_user("eri_coordinator", home)),
                kind="plenary",
                name="Pleno",
                acronym="P1",
                language="es",
            )


class TestCommitteeUpdate:
    def test_changes_are_versioned_and_audited_by_field_name(self, actor, committee):
        updated = services.committee_update(
            actor=actor,
            committee=committee,
            version=committee.version,
            name="Pleno de la comisión",
            quorum_rule="two_thirds",
        )
        assert updated.version == 2
        event = AuditEvent.objects.get(action="coordination.committee.updated")
        assert sorted(event.changed_fields) == ["name", "quorum_rule"]

    def test_a_stale_version_is_refused(self, actor, committee):
        services.committee_update(actor=actor, committee=committee, version=1, name="Uno")
        with pytest.raises(ConflictError):
            services.committee_update(actor=actor, committee=committee, version=1, name="Dos")
        assert Committee.objects.get().name == "Uno"

    def test_becoming_local_needs_a_territory(self, actor, committee):
        with pytest.raises(ValidationError) as exc:
            services.committee_update(actor=actor, committee=committee, version=1, kind="local")
        assert set(exc.value.message_dict) == {"departments"}
        services.committee_update(
            actor=actor,
            committee=committee,
            version=1,
            kind="local",
            departments=[Department.objects.get(pk="HN-CR")],
        )
        assert Committee.objects.get().kind == "local"

    def test_its_own_acronym_is_no_clash(self, actor, committee):
        services.committee_update(
            actor=actor, committee=committee, version=1, acronym="CICESCT", name="Otro"
        )
        assert Committee.objects.get().name == "Otro"

    def test_another_secretariat_cannot_change_it(self, committee, fiscalia):
        other = actor_of(make_user("committee_secretary", fiscalia))
        with pytest.raises(NotPermitted):
            services.committee_update(actor=other, committee=committee, version=1, name="X")


class TestMembers:
    def test_an_institution_joins_once(self, actor, committee, member, fiscalia):
        assert member.role == MemberRole.MEMBER
        assert _events("member_added") == 1
        with pytest.raises(ValidationError) as exc:
            services.member_add(actor=actor, committee=committee, institution=fiscalia)
        assert set(exc.value.message_dict) == {"institution"}
        assert CommitteeMember.objects.count() == 1

    def test_an_inactive_institution_and_a_future_date_are_refused(self, actor, committee):
        closed = make_institution("Cerrada", is_active=False)
        with pytest.raises(ValidationError) as exc:
            services.member_add(
                actor=actor,
                committee=committee,
                institution=closed,
                role="chair",
                joined_on=TODAY + timedelta(days=3),
            )
        assert set(exc.value.message_dict) == {"institution", "role", "joined_on"}

    def test_the_secretariat_may_be_a_member_too(self, actor, committee, home):
        services.member_add(actor=actor, committee=committee, institution=home, role="observer")
        assert committee.members.get().role == "observer"

    def test_removal_is_refused_while_it_owns_open_action_items(self, actor, committee, member):
        item = _open_action(committee, member.institution, ActionStatus.IN_PROGRESS)
        with translation.override("en"), pytest.raises(DomainError, match="1 open action item"):
            services.member_remove(actor=actor, member=member)
        assert CommitteeMember.objects.filter(pk=member.pk).exists()
        assert _events("member_removed") == 0
        ActionItem.objects.filter(pk=item.pk).update(status=ActionStatus.DONE)
        services.member_remove(actor=actor, member=member)
        assert not CommitteeMember.objects.filter(pk=member.pk).exists()
        assert _events("member_removed") == 1

    def test_open_items_of_another_committee_do_not_hold_it(self, actor, committee, member):
        other = services.committee_create(
            actor=actor, kind="steering", name="Comité directivo", acronym="CD", language="es"
        )
        _open_action(other, member.institution)
        services.member_remove(actor=actor, member=member)
        assert not CommitteeMember.objects.filter(pk=member.pk).exists()

    def test_a_member_cannot_manage_the_committee(self, committee, member, fiscalia):
        other = actor_of(make_user("committee_secretary", fiscalia))
        with pytest.raises(NotPermitted):
            services.member_add(
                actor=other, committee=committee, institution=make_institution("Nueva")
            )
        with pytest.raises(NotPermitted):
            services.member_remove(actor=other, member=member)


def _principal(actor, member, **kw) -> Representative:
    values = {"kind": "principal", "name": "Fiscal General", "term_starts_on": TODAY}
    values.update(kw)
    return services.representative_add(actor=actor, member=member, **values)


class TestRepresentatives:
    def test_add_with_contact_details_never_audited(self, actor, member):
        rep = _principal(actor, member, email="fiscal@example.org", phone="2222-0000")
        assert rep.member == member
        event = AuditEvent.objects.get(action="coordination.committee.representative_added")
        assert "Fiscal" not in str(event.data)
        assert "fiscal@example.org" not in str(event.data)

    def test_a_term_cannot_end_before_it_starts(self, actor, member):
        with pytest.raises(ValidationError) as exc:
            _principal(actor, member, term_ends_on=TODAY - timedelta(days=1))
        assert set(exc.value.message_dict) == {"term_ends_on"}
        assert not Representative.objects.exists()

    def test_a_bad_email_is_refused(self, actor, member):
        with pytest.raises(ValidationError) as exc:
            _principal(actor, member, email="no es correo")
        assert set(exc.value.message_dict) == {"email"}

    def test_one_principal_at_a_time(self, actor, member):
        first = _principal(actor, member, term_starts_on=TODAY - timedelta(days=100))
        with pytest.raises(ValidationError) as exc:
            _principal(actor, member, name="Otro", term_starts_on=TODAY + timedelta(days=400))
        assert "term_starts_on" in exc.value.message_dict  # the first term is open-ended
        services.representative_update(
            actor=actor, representative=first, term_ends_on=TODAY + timedelta(days=10)
        )
        _principal(actor, member, name="Otro", term_starts_on=TODAY + timedelta(days=11))
        with pytest.raises(ValidationError):
            _principal(
                actor,
                member,
                name="Tercero",
                term_starts_on=TODAY - timedelta(days=200),
                term_ends_on=TODAY - timedelta(days=100),  # the first term's first day
            )
        _principal(
            actor,
            member,
            name="Anterior",
            term_starts_on=TODAY - timedelta(days=200),
            term_ends_on=TODAY - timedelta(days=101),
        )
        assert Representative.objects.filter(kind="principal").count() == 3

    def test_a_principal_and_an_alternate_and_focal_points_coexist(self, actor, member):
        _principal(actor, member)
        _principal(actor, member, kind="alternate", name="Suplente")
        _principal(actor, member, kind="focal_point", name="Enlace 1")
        _principal(actor, member, kind="focal_point", name="Enlace 2")
        with pytest.raises(ValidationError):
            _principal(actor, member, kind="alternate", name="Otro suplente")
        assert member.representatives.count() == 4

    def test_changing_the_kind_checks_the_overlap_too(self, actor, member):
        _principal(actor, member)
        alternate = _principal(actor, member, kind="alternate", name="Suplente")
        with pytest.raises(ValidationError):
            services.representative_update(actor=actor, representative=alternate, kind="principal")
        assert Representative.objects.get(pk=alternate.pk).kind == "alternate"

    def test_update_audits_field_names_and_remove(self, actor, member):
        rep = _principal(actor, member)
        services.representative_update(
            actor=actor, representative=rep, position="Fiscal adjunto", name="Fiscal General"
        )
        event = AuditEvent.objects.get(action="coordination.committee.representative_updated")
        assert event.changed_fields == ["position"]
        services.representative_remove(actor=actor, representative=rep)
        assert not Representative.objects.exists()
        assert _events("representative_removed") == 1

    def test_removing_a_member_removes_its_representatives(self, actor, member):
        _principal(actor, member)
        services.member_remove(actor=actor, member=member)
        assert not Representative.objects.exists()
