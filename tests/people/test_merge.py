"""The duplicate search over the database, the review queue's scope, merge and undo."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404

from ruta.audit.models import AuditEvent
from ruta.cases import services as cases
from ruta.cases.models import Case
from ruta.core.errors import ConflictError
from ruta.people import selectors_linkage, services, services_linkage
from ruta.people.choices import LinkageStatus, PairStatus
from ruta.people.models import DuplicatePair, LinkageRun, Person, PersonDocument
from tests.factories import actor_of, make_institution, make_unit, make_user

pytestmark = pytest.mark.django_db


def _person(actor, given, first, second="", **extra):
    return services.person_create(
        actor=actor, given_names=given, first_surname=first, second_surname=second, **extra
    )


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


@pytest.fixture
def people(coordinator):
    """Two records of one girl (a nickname, the second surname missing, the date written
    with day and month swapped), and others who only look alike."""
    first = _person(
        coordinator, "Rosario", "Velásquez", "Hernández", date_of_birth=date(2010, 4, 11)
    )
    again = _person(coordinator, "Chayo", "Velasquez", "", date_of_birth=date(2010, 11, 4))
    sister = _person(coordinator, "Marta", "Velásquez", "Hernández", date_of_birth=date(2006, 1, 3))
    stranger = _person(coordinator, "José", "Pérez", "Cruz", date_of_birth=date(1990, 7, 7))
    return {"first": first, "again": again, "sister": sister, "stranger": stranger}


@pytest.fixture
def run_search(django_capture_on_commit_callbacks):
    """Start a search as the schedule does; the task runs when the transaction commits."""

    def run() -> LinkageRun:
        with django_capture_on_commit_callbacks(execute=True):
            started = services_linkage.linkage_start(actor=None)
        return LinkageRun.objects.get(pk=started.pk)

    return run


def _pair(a, b):
    return DuplicatePair.objects.get(person_a__in=[a, b], person_b__in=[a, b])


def test_the_search_proposes_the_same_girl_and_explains_why(people, coordinator, run_search):
    run = run_search()
    assert run.status == LinkageStatus.DONE and run.persons == 4
    pair = _pair(people["first"], people["again"])
    assert pair.probability >= 0.5 and pair.person_a == people["first"]
    levels = {e["field"]: e["level"] for e in pair.explanation}
    assert levels["given_name"] == "nickname" and levels["birth"] == "date_slip"
    assert levels["surnames"] == "one_known"
    proposed = {frozenset((p.person_a_id, p.person_b_id)) for p in DuplicatePair.objects.all()}
    assert frozenset((people["first"].pk, people["sister"].pk)) not in proposed
    assert run.pairs_proposed == len(proposed)
    assert list(selectors_linkage.pair_queue(actor=coordinator)) == [pair]


def test_a_second_run_keeps_decisions_and_does_not_repeat_a_pair(people, coordinator, run_search):
    run_search()
    pair = _pair(people["first"], people["again"])
    second = run_search()
    again = _pair(people["first"], people["again"])  # still open: the same pair, rescored
    assert again.pk == pair.pk and again.run_id == second.pk
    assert again.version == pair.version + 1 and again.status == PairStatus.OPEN
    pair = again
    services_linkage.pair_dismiss(actor=coordinator, pair=pair, version=pair.version)
    run_search()
    assert (
        DuplicatePair.objects.filter(person_a=people["first"], person_b=people["again"]).count()
        == 1
    )
    assert _pair(people["first"], people["again"]).status == PairStatus.DISMISSED
    assert list(selectors_linkage.pair_queue(actor=coordinator)) == []


def test_one_search_runs_at_a_time(coordinator):
    # The test's transaction never commits: the first run stays queued.
    first = services_linkage.linkage_start(actor=coordinator)
    assert services_linkage.linkage_start(actor=coordinator).pk == first.pk
    assert LinkageRun.objects.count() == 1


def test_a_failed_search_is_marked_failed_and_proposes_nothing(people, monkeypatch, run_search):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("ruta.people.linkage.link", broken)
    run = run_search()
    assert run.status == LinkageStatus.FAILED
    assert not DuplicatePair.objects.exists()


def test_merge_moves_cases_and_documents_and_undo_puts_back_exactly_those(
    people, coordinator, run_search
):
    run_search()
    first, again = people["first"], people["again"]
    PersonDocument.objects.create(
        person=again, type="passport", number="HN123", number_normalised="hn123"
    )
    case = cases.case_open(actor=coordinator, person=again)
    pair = _pair(first, again)

    merge = services_linkage.persons_merge(
        actor=coordinator, pair=pair, keep=first.pk, version=pair.version
    )

    case.refresh_from_db()
    again.refresh_from_db()
    assert case.person_id == first.pk
    assert again.merged_into_id == first.pk
    assert PersonDocument.objects.get(number="HN123").person_id == first.pk
    assert _pair(first, again).status == PairStatus.MERGED
    assert merge.moved["cases.case.person"] == [str(case.pk)]
    event = AuditEvent.objects.get(action="people.person.merged")
    assert event.data["merged"] == str(again.pk) and event.data["moved"]["cases.case.person"] == 1
    # The merged record is found through the one kept, no longer by itself.
    assert again.pk not in {c.person.pk for c in _find(coordinator, "Chayo Velásquez")}

    later = cases.case_open(actor=coordinator, person=first)  # opened after the merge
    services_linkage.merge_undo(actor=coordinator, merge=merge)

    case.refresh_from_db()
    later.refresh_from_db()
    again.refresh_from_db()
    assert case.person_id == again.pk
    assert later.person_id == first.pk  # not moved by the merge: stays
    assert again.merged_into_id is None
    assert PersonDocument.objects.get(number="HN123").person_id == again.pk
    assert _pair(first, again).status == PairStatus.OPEN
    assert AuditEvent.objects.filter(action="people.person.merge_undone").count() == 1
    with pytest.raises(ConflictError):
        services_linkage.merge_undo(actor=coordinator, merge=merge)


def _find(actor, text):
    from ruta.people import selectors

    return selectors.person_find(actor=actor, text=text)


def test_a_stale_version_or_a_decided_pair_changes_nothing(people, coordinator, run_search):
    run_search()
    first, again = people["first"], people["again"]
    case = cases.case_open(actor=coordinator, person=again)
    pair = _pair(first, again)
    with pytest.raises(ConflictError):
        services_linkage.persons_merge(
            actor=coordinator, pair=pair, keep=first.pk, version=pair.version - 1
        )
    with pytest.raises(ValidationError):
        services_linkage.persons_merge(
            actor=coordinator, pair=pair, keep=people["stranger"].pk, version=pair.version
        )
    case.refresh_from_db()
    assert case.person_id == again.pk and Person.objects.get(pk=again.pk).merged_into_id is None
    services_linkage.pair_dismiss(actor=coordinator, pair=pair, version=pair.version)
    with pytest.raises(services_linkage.AlreadyDecided):
        services_linkage.persons_merge(
            actor=coordinator, pair=pair, keep=first.pk, version=pair.version + 1
        )
    assert Case.objects.get(pk=case.pk).person_id == again.pk


def test_a_reviewer_sees_and_merges_only_pairs_whose_two_records_are_in_scope(
    home_institution, run_search
):
    unit, elsewhere = make_unit(home_institution, "Norte"), make_unit(home_institution, "Sur")
    mine = actor_of(make_user("case_worker", home_institution, unit=unit))
    theirs = actor_of(make_user("case_worker", home_institution, unit=elsewhere))
    supervisor = actor_of(make_user("supervisor", home_institution, unit=unit))
    a = _person(mine, "Rosario", "Velásquez", "Hernández", date_of_birth=date(2010, 4, 11))
    b = _person(mine, "Rosario", "Velásquez", "Hernández", date_of_birth=date(2010, 4, 11))
    c = _person(theirs, "Rosario", "Velásquez", "Hernández", date_of_birth=date(2010, 4, 11))
    run_search()
    inside, across = _pair(a, b), _pair(a, c)
    assert list(selectors_linkage.pair_queue(actor=supervisor)) == [inside]
    with pytest.raises(Http404):
        selectors_linkage.pair_get(actor=supervisor, pair_id=across.pk)
    with pytest.raises(Http404):
        services_linkage.persons_merge(
            actor=supervisor, pair=across, keep=a.pk, version=across.version
        )
    with pytest.raises(Http404):  # a case worker does not review duplicates
        selectors_linkage.pair_queue(actor=mine)
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_pairs_across_institutions_are_counted_and_shown_to_nobody(home_institution, run_search):
    other = make_institution("Casa Alianza")
    here = actor_of(make_user("eri_coordinator", home_institution))
    there = actor_of(make_user("eri_coordinator", other))
    a = _person(here, "Rosario", "Velásquez", "Hernández", date_of_birth=date(2010, 4, 11))
    b = _person(there, "Rosario", "Velásquez", "Hernández", date_of_birth=date(2010, 4, 11))
    run = run_search()
    pair = _pair(a, b)
    assert pair.same_institution is False and run.pairs_proposed == 1
    assert list(selectors_linkage.pair_queue(actor=here)) == []
    assert list(selectors_linkage.pair_queue(actor=there)) == []


def test_the_nightly_command_runs_the_search(people, capsys):
    call_command("find_duplicates", "--now")
    out = capsys.readouterr().out
    assert "done; 4 persons" in out
    assert DuplicatePair.objects.filter(person_a=people["first"], person_b=people["again"]).exists()


def test_no_case_is_opened_on_a_record_merged_away(people, coordinator, run_search):
    run_search()
    first, again = people["first"], people["again"]
    pair = _pair(first, again)
    services_linkage.persons_merge(
        actor=coordinator, pair=pair, keep=first.pk, version=pair.version
    )
    again.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        cases.case_open(actor=coordinator, person=again)
    assert "person" in refused.value.message_dict
    assert not Case.objects.filter(person=again).exists()
