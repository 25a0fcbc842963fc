"""Protection cases: opening, the child rule, identification, time limits, closure."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.cases import selectors, services
from ruta.cases.choices import CaseStatus, TaskKind
from ruta.core.errors import ConflictError
from ruta.intake import services as intake
from ruta.people import services as people
from tests.factories import actor_of, carried_all, make_unit, make_user
from tests.validation import refused_on

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


@pytest.fixture
def unit(home_institution):
    return make_unit(home_institution)


@pytest.fixture
def coordinator(home_institution, unit):
    # Cases are opened in the coordinator's unit, which the supervisors' unit scope reaches.
    return actor_of(make_user("eri_coordinator", home_institution, unit=unit))


@pytest.fixture
def supervisor(home_institution, unit):
    return actor_of(make_user("supervisor", home_institution, unit=unit))


def _person(actor, **kw):
    return people.person_create(actor=actor, **{"given_names": "Ana", "first_surname": "Paz", **kw})


def _case(actor, **kw):
    return services.case_open(actor=actor, person=_person(actor, **kw))


def test_a_childs_case_creates_the_notification_task_due_the_same_day(coordinator):
    morning = datetime(2026, 3, 10, 9, 0, tzinfo=TZ)
    with time_machine.travel(morning, tick=False):
        case = _case(coordinator, date_of_birth=date(2012, 1, 1))
    assert case.is_child
    task = case.tasks.get(kind=TaskKind.CHILD_PROTECTION_NOTIFICATION)
    assert timezone.localtime(task.due_at).date() == date(2026, 3, 10)
    with time_machine.travel(datetime(2026, 3, 10, 23, 0, tzinfo=TZ), tick=False):
        assert task not in selectors.work_queues(actor=coordinator)["overdue"]
    with time_machine.travel(datetime(2026, 3, 11, 8, 0, tzinfo=TZ), tick=False):
        assert task in selectors.work_queues(actor=coordinator)["overdue"]
        services.task_complete(actor=coordinator, task=task, note="Oficio enviado a SENAF")
        assert task not in selectors.work_queues(actor=coordinator)["overdue"]


def test_an_adults_case_has_no_child_task(coordinator):
    case = _case(coordinator, date_of_birth=date(1990, 1, 1))
    assert not case.is_child
    assert not case.tasks.filter(kind=TaskKind.CHILD_PROTECTION_NOTIFICATION).exists()


def test_child_flag_follows_age_at_identification(coordinator):
    # Seventeen at identification, adult when the case is opened years later.
    case = _case(coordinator, date_of_birth=date(2005, 6, 1))
    assert not case.is_child
    services.identification_decide(
        actor=coordinator,
        case=case,
        version=case.version,
        status="presumed",
        decided_on=date(2023, 1, 15),
        basis="Indicadores fuertes de explotación",
    )
    case.refresh_from_db()
    assert case.is_child
    assert case.tasks.filter(kind=TaskKind.CHILD_PROTECTION_NOTIFICATION).exists()


def test_first_contact_is_due_24_hours_after_the_report(coordinator, home_institution):
    home_institution.first_contact_hours = 24
    home_institution.save(update_fields=["first_contact_hours"])
    start = datetime(2026, 4, 1, 10, 0, tzinfo=TZ)
    with time_machine.travel(start, tick=False):
        report = intake.report_create(actor=coordinator, channel="hotline", narrative="x")
        intake.report_accept(actor=coordinator, report=report, version=1)
    with time_machine.travel(start + timedelta(hours=5), tick=False):
        report.refresh_from_db()
        case = services.case_open(actor=coordinator, person=_person(coordinator), report=report)
        task = case.tasks.get(kind=TaskKind.FIRST_CONTACT)
        assert task.due_at == start + timedelta(hours=24)
    with time_machine.travel(start + timedelta(hours=25), tick=False):
        assert task in selectors.work_queues(actor=coordinator)["overdue"]
        services.case_record_first_contact(actor=coordinator, case=case, version=case.version)
        assert task not in selectors.work_queues(actor=coordinator)["overdue"]


def test_impossible_dates_are_refused(coordinator):
    case = _case(coordinator, date_of_birth=date(2000, 1, 1))
    for decided_on in (date(1999, 1, 1), timezone.localdate() + timedelta(days=3)):
        with refused_on("decided_on"):
            services.identification_decide(
                actor=coordinator,
                case=case,
                version=case.version,
                status="identified",
                decided_on=decided_on,
                basis="x",
            )
    with refused_on("started_on"):
        services.event_add(
            actor=coordinator,
            case=case,
            type="exploitation",
            country="HND",
            started_on=timezone.localdate() + timedelta(days=1),
        )
    with refused_on("country"):
        services.event_add(actor=coordinator, case=case, type="transit", country="ZZZ")
    with refused_on("forms_of_exploitation"):
        services.case_update_facts(
            actor=coordinator,
            case=case,
            version=case.version,
            forms_of_exploitation=["dancing"],
            means_of_control=[],
            recruitment_methods=[],
            recruitment_apps=[],
            exploitation_apps=[],
            relationship_to_recruiter="unknown",
        )
    case.refresh_from_db()
    assert case.version == 1 and not case.identifications.exists() and not case.events.exists()


def test_closure_needs_another_persons_approval_and_a_closed_case_is_read_only(
    coordinator, supervisor, home_institution
):
    case = _case(coordinator)
    own_supervisor_case = services.case_request_closure(
        actor=supervisor,
        case=case,
        version=1,
        reason="moved",
        note="Se mudó",
        carried=carried_all(case),
    )
    # Nobody approves their own request.
    with pytest.raises(Http404):
        services.case_decide_closure(
            actor=supervisor, case=own_supervisor_case, version=2, approve=True, comment=""
        )
    other_supervisor = actor_of(
        make_user("supervisor", home_institution, unit=supervisor.membership.unit)
    )
    with refused_on("comment"):
        services.case_decide_closure(
            actor=other_supervisor, case=case, version=2, approve=False, comment=""
        )
    case = services.case_decide_closure(
        actor=other_supervisor, case=case, version=2, approve=True, comment="De acuerdo"
    )
    assert case.status == CaseStatus.CLOSED and case.closed_at
    # Open tasks end with the case, with the reason the request carried them with.
    assert not case.tasks.filter(done_at__isnull=True).exists()
    ended = case.tasks.get(kind="first_contact")
    assert ended.ended_as == "case_closed" and ended.note == "Sigue a cargo de la institución"
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        overdue = selectors.work_queues(actor=coordinator)["overdue"]
    assert not [t for t in overdue if t.case_id == case.pk]
    with pytest.raises(services.CaseClosed):
        services.case_record_first_contact(actor=coordinator, case=case, version=case.version)
    with refused_on("justification"):
        services.case_reopen(
            actor=other_supervisor, case=case, version=case.version, justification=""
        )
    case = services.case_reopen(
        actor=other_supervisor, case=case, version=case.version, justification="Nueva amenaza"
    )
    assert case.status == CaseStatus.OPEN
    kinds = [a.kind for a in selectors.case_timeline(case=case)]
    assert kinds[:4] == ["reopened", "closure_approved", "closure_requested", "opened"]


def test_transferred_closure_is_closed_referred(coordinator, supervisor, home_institution):
    case = _case(coordinator)
    requester = actor_of(make_user("supervisor", home_institution, unit=supervisor.membership.unit))
    services.case_request_closure(
        actor=requester,
        case=case,
        version=1,
        reason="transferred",
        note="",
        carried=carried_all(case, "transferred"),
    )
    case = services.case_decide_closure(
        actor=supervisor, case=case, version=2, approve=True, comment=""
    )
    assert case.status == CaseStatus.CLOSED_REFERRED


def test_stale_version_conflicts_and_changes_nothing(coordinator):
    case = _case(coordinator)
    services.case_record_first_contact(actor=coordinator, case=case, version=1)
    with pytest.raises(ConflictError):
        services.case_request_closure(
            actor=coordinator, case=case, version=1, reason="moved", note=""
        )
    case.refresh_from_db()
    assert case.closure_requested_at is None


def test_case_workers_see_their_own_cases_only(coordinator, home_institution, other_institution):
    worker_user = make_user("case_worker", home_institution)
    worker = actor_of(worker_user)
    case = _case(coordinator)
    assert case not in selectors.case_list(actor=worker)
    services.case_assign(actor=coordinator, case=case, version=1, assignee=worker_user)
    assert case in selectors.case_list(actor=worker)
    stranger = actor_of(make_user("eri_coordinator", other_institution))
    with pytest.raises(Http404):
        selectors.case_get(actor=stranger, case_id=case.pk)
    assert case not in selectors.case_list(actor=stranger, status="all")


def test_case_reads_are_audited(coordinator):
    case = _case(coordinator)
    selectors.case_get(actor=coordinator, case_id=case.pk)
    assert AuditEvent.objects.filter(action="cases.case.viewed", target_id=str(case.pk)).exists()


def test_a_case_needs_a_person_in_scope(coordinator, other_institution):
    stranger = actor_of(make_user("eri_coordinator", other_institution))
    person = _person(stranger)
    with pytest.raises(Http404):
        services.case_open(actor=coordinator, person=person)


def test_assignment_and_closure_requests_notify_once_committed(
    home_institution, django_capture_on_commit_callbacks
):
    from ruta.notifications.models import Notification

    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    worker = make_user("case_worker", home_institution)
    supervisor = make_user("supervisor", home_institution)
    person = people.person_create(actor=coordinator, given_names="Eva")
    case = services.case_open(actor=coordinator, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_assign(actor=coordinator, case=case, version=case.version, assignee=worker)
        # Nobody hears of a write before it commits.
        assert not Notification.objects.filter(user=worker).exists()
    note = Notification.objects.get(user=worker, kind="cases.assigned")
    assert note.url == f"/cases/{case.pk}/" and "Eva" not in note.title
    case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_request_closure(
            actor=actor_of(worker),
            case=case,
            version=case.version,
            reason="moved",
            note="",
            carried=carried_all(case),
        )
        assert not Notification.objects.filter(user=supervisor).exists()
    assert Notification.objects.filter(user=supervisor, kind="cases.closure_requested").exists()


def test_long_forms_load_when_opened(home_institution):
    from django.test import Client

    from tests.factories import sign_in

    coordinator = make_user("eri_coordinator", home_institution)
    actor = actor_of(coordinator)
    case = services.case_open(
        actor=actor, person=people.person_create(actor=actor, given_names="Eva")
    )
    client = sign_in(Client(), coordinator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="country"' not in page and f"/cases/{case.pk}/events/form/" in page
    partial = client.get(f"/cases/{case.pk}/events/form/", HTTP_HX_REQUEST="true")
    assert 'name="country"' in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert f'action="/cases/{case.pk}/events/"' in partial.content.decode()
    full = client.get(f"/cases/{case.pk}/facts/form/")
    assert "<html" in full.content.decode() and 'name="means_of_control"' in full.content.decode()
    assert f'action="/cases/{case.pk}/facts/"' in full.content.decode()
    assert client.get(f"/cases/{case.pk}/other/form/").status_code == 404
