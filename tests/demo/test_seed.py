"""The demo: every role template has a user, it is built through services (audited), twice is
harmless, and production refuses it (see test_settings)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from ruta.accounts.models import Membership, Role, User
from ruta.audit.services import chain_verify
from ruta.cases.models import Case
from ruta.core.choices import InstitutionType
from ruta.demo import seed
from ruta.institutions.models import Institution

pytestmark = pytest.mark.django_db


def test_demo_has_a_user_for_every_role_and_an_intact_audit_chain(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    roles_with_users = set(Membership.objects.values_list("role__code", flat=True))
    assert roles_with_users == set(Role.objects.values_list("code", flat=True))
    assert "coord.eri" in out and "admin.plataforma" in out
    assert User.objects.get(username="coord.eri").check_password(seed.demo_password())
    assert Case.objects.filter(is_child=True).count() == 1
    users, cases = User.objects.count(), Case.objects.count()
    call_command("seed_demo")
    assert (User.objects.count(), Case.objects.count()) == (users, cases)
    assert chain_verify().ok


def test_the_command_prints_the_password_the_demo_really_has(capsys, monkeypatch):
    monkeypatch.setenv("RUTA_DEMO_PASSWORD", "Primera-clave-2026!")
    call_command("seed_demo")
    assert "password of every one: Primera-clave-2026!" in capsys.readouterr().out
    # Seeded again with another password: the users keep the first, and the command says so
    # instead of printing a password that would not work.
    monkeypatch.setenv("RUTA_DEMO_PASSWORD", "Otra-clave-2026!")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Otra-clave-2026!" not in out
    assert "first seeded" in out
    assert User.objects.get(username="coord.eri").check_password("Primera-clave-2026!")


def test_demo_prosecution_files_are_built_through_the_services():
    from ruta.cases.policies import sections_for
    from ruta.prosecution.models import CriminalFile, Hearing, Operation
    from ruta.prosecution.policies import can_read_identity, reserved_for, victim_identity
    from ruta.prosecution.services import current_verdicts
    from ruta.referrals.models import Referral
    from tests.factories import actor_of

    call_command("seed_demo")
    call_command("seed_demo")  # twice: still two files
    prosecution = Institution.objects.get(name=seed.INSTITUTIONS["prosecution"][0])
    assert prosecution.type == InstitutionType.PROSECUTION
    files = list(CriminalFile.objects.order_by("complaint_on"))
    assert len(files) == 2
    assert {f.institution_id for f in files} == {prosecution.pk}
    assert {f.assigned_to.username for f in files} == {"fiscal.trata"}
    trafficking, forced_labour = files

    # The legal referral of the demo case was accepted: the prosecutors hold a legal grant.
    case = Case.objects.get(is_child=True)
    assert Referral.objects.get(case=case, to_institution=prosecution, type="legal").status == (
        "accepted"
    )

    # The police operation is the DPI's, with the prosecutors as partner, and file 1 its own.
    operation = Operation.objects.get()
    assert operation.institution.type == InstitutionType.POLICE
    assert list(operation.partners.all()) == [prosecution]
    assert trafficking.operation_id == operation.pk

    # File 1: final; I-1 convicted at trial and confirmed, I-2 acquitted then convicted on
    # appeal; compensation ordered and partly paid.
    assert trafficking.stage == "final" and trafficking.classification == "trafficking"
    i1, i2 = trafficking.defendants.order_by("code")
    assert [v.outcome for v in current_verdicts(i1)] == ["convicted"]
    assert [(v.outcome, v.appeal_id is None) for v in current_verdicts(i2)] == [
        ("convicted", False)
    ]
    assert i2.charges.get().verdicts.order_by("decided_on").first().outcome == "acquitted"
    assert set(trafficking.appeals.values_list("appealed_by", "result")) == {
        ("defence", "confirmed"),
        ("prosecution", "modified"),
    }
    assert i1.payments.count() == 1
    # The postponed preliminary hearing names the one that was held, not a twin of it.
    postponed = trafficking.hearings.get(result="postponed")
    assert postponed.next_hearing.result == "held"
    assert trafficking.hearings.filter(type="preliminary").count() == 2

    # File 2: a related offence, its defendant acquitted of both charges, a hearing next week.
    assert forced_labour.stage == "verdict" and forced_labour.classification == "related"
    (foreman,) = forced_labour.defendants.all()
    assert {c.offence.classification for c in foreman.charges.all()} == {"related", "trafficking"}
    assert {v.outcome for v in current_verdicts(foreman)} == {"acquitted"}
    assert Hearing.objects.filter(file=forced_labour, starts_at__gt=timezone.now()).count() == 1

    # The survivor takes part through her case, with a Gesell chamber and a reserved identity:
    # the colleague sees the code, the prosecutor in charge the name.
    victim = trafficking.victims.get(case=case)
    assert set(victim.measures.values_list("type", "status")) == {
        ("gesell", "granted"),
        ("reserved_identity", "granted"),
    }
    in_charge = actor_of(User.objects.get(username="fiscal.trata"))
    colleague = actor_of(User.objects.get(username="fiscal.apoyo"))
    assert victim_identity(in_charge, victim) == case.person
    assert victim_identity(colleague, victim) is None
    # ... because of the reserved identity: she reads the file's names and the case's identity.
    assert can_read_identity(colleague, trafficking) and reserved_for(colleague, victim)
    assert "identity" in sections_for(colleague, case)
    assert victim.code == "V-1"
    assert chain_verify().ok


def test_the_demo_persons_recorded_twice_are_found_together():
    from datetime import date

    from ruta.people import matching
    from ruta.people.models import Person
    from ruta.people.selectors import person_find, person_matches
    from tests.factories import actor_of

    call_command("seed_demo")
    call_command("seed_demo")  # twice: the persons once
    assert Person.objects.filter(first_surname="Belásquez").count() == 1
    coordinator = actor_of(User.objects.get(username="coord.eri"))
    found = person_find(
        actor=coordinator, text="Chayo Velasquez", birth=matching.BirthHint(year=2006)
    )
    assert {c.person.first_surname for c in found[:2]} == {"Velásquez", "Belásquez"}
    twins = person_matches(
        actor=coordinator,
        given_names="José",
        first_surname="Turcios",
        date_of_birth=date(1999, 11, 4),
    )
    assert [c.person.given_names for c in twins] == ["José Luis", "Chepe"]
    assert twins[1].reasons[-1] == "birth_close"  # recorded with day and month swapped


def test_the_demo_search_for_duplicates_proposes_pairs_to_each_institutions_reviewer():
    from ruta.people.models import DuplicatePair, LinkageRun
    from ruta.people.selectors_linkage import pair_queue
    from tests.factories import actor_of

    call_command("seed_demo")
    call_command("seed_demo")  # twice: one search
    run = LinkageRun.objects.get()
    assert run.status == "done" and run.pairs_proposed == DuplicatePair.objects.count()
    eri = actor_of(User.objects.get(username="coord.eri"))
    pairs = {(p.person_a.first_surname, p.person_b.first_surname) for p in pair_queue(actor=eri)}
    assert {("Velásquez", "Belásquez"), ("Turcios", "Turcios"), ("Oseguera", "Oseguera")} <= pairs
    shelter = actor_of(User.objects.get(username="coord.albergue"))
    assert [
        (p.person_a.given_names, p.person_b.given_names) for p in pair_queue(actor=shelter)
    ] == [("Keila Suyapa", "Keyla")]
    across = DuplicatePair.objects.filter(same_institution=False)
    assert {p.person_a.first_surname for p in across} >= {"Velásquez", "Banegas"}
