"""The audit trail is append-only by construction and any tampering is detected.

Events are appended unsealed (no lock) and chained by the sealer; the tests seal explicitly
(the on-commit sealing of non-production settings never runs inside a test's transaction).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ruta.audit import services as audit
from ruta.audit.models import AuditChainHead, AuditEvent
from ruta.audit.services import GENESIS, chain_seal, chain_verify, event_hash

pytestmark = pytest.mark.django_db


def _events(n: int) -> list[AuditEvent]:
    """``n`` events, appended then sealed, as read back from the database."""
    pks = [
        audit.record(action="tests.thing.done", data={"n": i}, reason=f"r{i}").pk for i in range(n)
    ]
    chain_seal()
    by_pk = AuditEvent.objects.in_bulk(pks)
    return [by_pk[pk] for pk in pks]


def test_events_are_chained_in_order():
    first, second, third = _events(3)
    assert first.seq + 1 == second.seq
    assert second.seq + 1 == third.seq
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (third.seq, third.hash)
    report = chain_verify()
    assert report.ok
    assert report.checked == AuditEvent.objects.count()


def test_first_event_links_to_genesis():
    chain_seal()
    AuditEvent.objects.all().delete()  # the test database starts empty; be explicit
    AuditChainHead.objects.update(last_seq=0, last_hash=GENESIS)
    (event,) = _events(1)
    assert event.seq == 1
    assert event.prev_hash == GENESIS


def test_altered_event_is_named():
    events = _events(5)
    AuditEvent.objects.filter(pk=events[2].pk).update(reason="nothing happened")
    report = chain_verify()
    assert not report.ok
    assert (report.broken_seq, report.problem) == (events[2].seq, "altered")


def test_altered_and_rehashed_event_breaks_the_next_link():
    events = _events(4)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.action = "tests.thing.undone"
    AuditEvent.objects.filter(pk=forged.pk).update(action=forged.action, hash=event_hash(forged))
    report = chain_verify()
    assert not report.ok
    assert report.broken_seq == events[2].seq
    assert report.problem == "link"


def test_deleted_event_is_detected():
    events = _events(4)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    report = chain_verify()
    assert not report.ok
    assert report.broken_seq == events[1].seq
    assert report.problem == "missing"


def test_deleted_tail_is_detected():
    events = _events(3)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    report = chain_verify()
    assert not report.ok
    assert report.problem == "truncated"


def test_inserted_event_is_detected():
    events = _events(3)
    # Shift the last event up and slip a forged one into its place.
    last = events[-1]
    AuditEvent.objects.filter(pk=last.pk).update(seq=last.seq + 1)
    AuditEvent.objects.create(
        appended=last.appended + 1000,
        seq=last.seq,
        occurred_at=last.occurred_at,
        action="tests.thing.forged",
        prev_hash=events[-2].hash,
        hash="f" * 64,
    )
    report = chain_verify()
    assert not report.ok
    assert report.broken_seq == last.seq


def test_verify_command_exits_non_zero_and_names_the_link(capsys):
    events = _events(3)
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
    AuditEvent.objects.filter(pk=events[0].pk).update(data={"n": 99})
    with pytest.raises(CommandError, match=f"#{events[0].seq}.*altered"):
        call_command("audit", "verify")


def test_record_keeps_codes_not_values(home_institution):
    event = audit.record(
        action="institutions.institution.updated",
        target=home_institution,
        changed_fields=["name", "acronym"],
    )
    assert event.target_type == "institutions.institution"
    assert event.target_institution_id == home_institution.pk
    assert event.changed_fields == ["acronym", "name"]
    assert home_institution.name not in str(event.data)


def _person_in_two(home_institution, other_institution):
    from ruta.accounts.models import Membership, Role
    from tests.factories import make_user

    user = make_user("case_worker", home_institution)
    Membership.objects.create(
        user=user, institution=other_institution, role=Role.objects.get(code="case_worker")
    )
    return user


def test_event_about_an_account_concerns_every_institution_of_its_person(
    home_institution, other_institution
):
    from ruta.accounts.models import TOTPDevice

    user = _person_in_two(home_institution, other_institution)
    expected = {home_institution.pk, other_institution.pk}
    events = [
        audit.record(action="accounts.user.updated", target=user),
        audit.record(action="accounts.membership.updated", target=user.memberships.first()),
        audit.record(
            action="accounts.totp.confirmed",
            target=TOTPDevice.objects.create(user=user, secret="X" * 32),
        ),
    ]
    for event in events:
        assert set(event.institutions.values_list("institution_id", flat=True)) == expected
    # An event about another kind of record concerns no further institution.
    assert not audit.record(action="tests.x.done", target=home_institution).institutions.exists()
    assert chain_verify().ok


def test_removing_or_adding_a_concerned_institution_is_detected(
    home_institution, other_institution
):
    from ruta.audit.models import AuditEventInstitution

    user = _person_in_two(home_institution, other_institution)
    event = audit.record(action="accounts.user.updated", target=user)
    plain = audit.record(action="tests.x.done", target=home_institution)
    audit.record(action="tests.x.done")
    assert chain_verify().ok
    event.refresh_from_db()
    plain.refresh_from_db()
    # Hide the event from one institution's auditor:
    AuditEventInstitution.objects.filter(event=event, institution_id=other_institution.pk).delete()
    report = chain_verify()
    assert (report.ok, report.broken_seq, report.problem) == (False, event.seq, "altered")
    AuditEventInstitution.objects.create(event=event, institution_id=other_institution.pk)
    assert chain_verify().ok
    # Show an unrelated event to another institution's auditor:
    AuditEventInstitution.objects.create(event=plain, institution_id=other_institution.pk)
    report = chain_verify()
    assert (report.ok, report.broken_seq, report.problem) == (False, plain.seq, "altered")


def test_events_without_concerned_institutions_keep_the_old_hash():
    (event,) = _events(1)
    legacy = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
    assert event.hash == event_hash(AuditEvent(**legacy))
