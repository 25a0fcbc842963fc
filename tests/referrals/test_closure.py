"""Closing a case on the referral pathway (issue 10, section 1): what is open is listed and
resolved or carried with a reason; a child's case waits for the child-protection agency's
answer; closing ends the referrals (their grants, a word to the receivers), services, the
plan and the tasks; the child-protection task is done by the mandatory referral."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ruta.accounts.models import Membership
from ruta.audit.models import AuditEvent
from ruta.care import services as care
from ruta.care.models import CarePlan
from ruta.cases import selectors
from ruta.cases import services as cases
from ruta.cases.choices import CaseStatus, TaskKind
from ruta.cases.models import AccessGrant, Case, Task
from ruta.core.errors import ConflictError
from ruta.notifications.models import Notification
from ruta.referrals import services as referrals
from ruta.referrals.choices import Outcome, ReferralStatus
from ruta.referrals.models import Referral
from tests.factories import actor_of, carried_all, carried_fields, make_user, sign_in
from tests.referrals.conftest import open_case

pytestmark = pytest.mark.django_db


def _keys(case, reason="moved"):
    case.refresh_from_db()
    return {item.key: item for item in cases.closure_items(case, reason)}


def _requester(pathway):
    """A second supervisor of the unit: coordinators do not request closures, and nobody
    decides on their own request."""
    unit = pathway.supervisor.membership.unit
    user = make_user("supervisor", pathway.eri, unit=unit)
    return actor_of(user)


def _request(pathway, case, reason="moved", carried=None):
    case.refresh_from_db()
    return cases.case_request_closure(
        actor=_requester(pathway),
        case=case,
        version=case.version,
        reason=reason,
        note="",
        carried=carried_all(case, reason) if carried is None else carried,
    )


def _approve(pathway, case):
    case.refresh_from_db()
    return cases.case_decide_closure(
        actor=pathway.supervisor, case=case, version=case.version, approve=True, comment=""
    )


def _refer(pathway, case, kind):
    return referrals.referral_send(
        actor=pathway.coordinator,
        case=case,
        to_institution=pathway.receivers[kind],
        type=kind,
        services=[
            {
                "care": "Shelter",
                "health": "Medical",
                "legal": "CriminalJustice",
                "child_protection": "ChildProtection",
                "consular": "ConsularRepatriation",
            }[kind]
        ],
    )


def _case(pathway, child=False):
    """A case whose survivor consented to sharing with every receiver."""
    return open_case(pathway, child=child, sharing_with=list(pathway.receivers.values()))


def _accept(pathway, referral, kind):
    referral.refresh_from_db()
    return referrals.referral_accept(
        actor=pathway.responders[kind], referral=referral, version=referral.version
    )


def test_a_childs_case_cannot_close_while_the_agency_has_not_answered(pathway):
    case = _case(pathway, child=True)
    mandatory = Referral.objects.get(case=case, mandatory=True)
    assert mandatory.status == ReferralStatus.SENT
    items = _keys(case)
    assert items[f"referral:{mandatory.pk}"].blocking
    # Carrying it with a reason does not help: it must be answered.
    with pytest.raises(ValidationError) as refused:
        _request(pathway, case, carried=dict.fromkeys(items, "Luego"))
    assert "DINAF" in str(refused.value)
    case.refresh_from_db()
    assert case.closure_requested_at is None and case.closure_carried == ""
    _accept(pathway, mandatory, "child_protection")
    items = _keys(case)
    assert not items[f"referral:{mandatory.pk}"].blocking
    _request(pathway, case)
    assert _approve(pathway, case).status == CaseStatus.CLOSED


def test_a_childs_case_without_any_referral_to_the_agency_cannot_close(pathway):
    case = _case(pathway, child=True)
    mandatory = Referral.objects.get(case=case, mandatory=True)
    referrals.referral_withdraw(
        actor=pathway.supervisor, referral=mandatory, version=mandatory.version, reason="Error"
    )
    items = _keys(case)
    assert items["referral:child-protection"].blocking
    with pytest.raises(ValidationError):
        _request(pathway, case)


def test_the_mandatory_referral_is_the_child_protection_notification(pathway):
    case = _case(pathway, child=True)
    task = Task.objects.get(case=case, kind=TaskKind.CHILD_PROTECTION_NOTIFICATION)
    assert task.done_at is not None and task.ended_as == "by_record"
    assert AuditEvent.objects.filter(action="cases.task.ended_by_record").exists()


def test_without_an_agency_the_child_task_stays_open_on_the_teams_home_while_unassigned(pathway):
    for institution in [pathway.receivers["child_protection"]]:
        institution.is_active = False
        institution.save(update_fields=["is_active"])
    case = _case(pathway, child=True)
    assert case.assigned_to_id is None
    task = Task.objects.get(case=case, kind=TaskKind.CHILD_PROTECTION_NOTIFICATION)
    assert task.done_at is None
    queues = selectors.work_queues(actor=pathway.coordinator)
    assert task in queues["unassigned_tasks"]
    # Once the case has a case worker, it is theirs: it leaves the unassigned list.
    case.assigned_to = pathway.coordinator.user
    case.save(update_fields=["assigned_to"])
    assert task not in selectors.work_queues(actor=pathway.coordinator)["unassigned_tasks"]


def test_every_open_item_needs_a_reason_and_nothing_is_saved_without(pathway):
    case = _case(pathway)
    shelter = _refer(pathway, case, "care")
    items = _keys(case)
    assert {i.kind for i in items.values()} >= {"referral", "plan", "task"}
    partial = carried_all(case)
    partial.pop(f"referral:{shelter.pk}")
    with pytest.raises(ValidationError) as refused:
        _request(pathway, case, carried=partial)
    assert shelter.reference in str(refused.value)
    case.refresh_from_db()
    assert case.closure_requested_at is None


def test_objectives_met_needs_the_plans_goals_achieved(pathway):
    case = _case(pathway)
    plan = CarePlan.objects.get(case=case)
    with pytest.raises(ValidationError):  # no goal achieved at all
        _request(pathway, case, reason="objectives_met")
    goal = care.goal_add(actor=pathway.coordinator, plan=plan, area="Shelter", description="Casa")
    other = care.goal_add(actor=pathway.coordinator, plan=plan, area="Health", description="Salud")
    care.goal_set_status(
        actor=pathway.coordinator, goal=goal, version=goal.version, status="achieved"
    )
    items = _keys(case, "objectives_met")
    assert items[f"goal:{other.pk}"].blocking and f"goal:{goal.pk}" not in items
    with pytest.raises(ValidationError):
        _request(pathway, case, reason="objectives_met")
    other.refresh_from_db()
    care.goal_set_status(
        actor=pathway.coordinator, goal=other, version=other.version, status="dropped"
    )
    _request(pathway, case, reason="objectives_met")
    case.refresh_from_db()
    assert case.closure_pending


def test_closing_ends_referrals_grants_services_plan_and_tasks_and_tells_the_receivers(
    pathway, django_capture_on_commit_callbacks
):
    case = _case(pathway)
    shelter = _accept(pathway, _refer(pathway, case, "care"), "care")
    waiting = _refer(pathway, case, "health")
    grant = AccessGrant.objects.get(source_id=shelter.pk, valid_until__isnull=True)
    plan = CarePlan.objects.get(case=case)
    service = care.service_add(
        actor=pathway.coordinator,
        plan=plan,
        type="Shelter",
        responsible=pathway.receivers["care"],
        due_on=timezone.localdate(),
    )
    carried = carried_all(case, why="La persona se mudó a otro país")
    _request(pathway, case, carried=carried)
    with django_capture_on_commit_callbacks(execute=True):
        closed = _approve(pathway, case)
    assert closed.status == CaseStatus.CLOSED
    shelter.refresh_from_db()
    waiting.refresh_from_db()
    assert shelter.status == ReferralStatus.COMPLETED and shelter.outcome == Outcome.CASE_CLOSED
    assert shelter.outcome_note == "La persona se mudó a otro país"
    assert waiting.status == ReferralStatus.WITHDRAWN
    grant.refresh_from_db()
    assert grant.valid_until is not None
    service.refresh_from_db()
    plan.refresh_from_db()
    assert (
        service.status == "cancelled" and service.status_reason == "La persona se mudó a otro país"
    )
    assert plan.status == "completed"
    assert not Task.objects.filter(case=case, done_at__isnull=True).exists()
    assert set(Task.objects.filter(case=case).values_list("ended_as", flat=True)) <= {
        "case_closed",
        "by_record",
    }
    for kind in ("care", "health"):
        responder = pathway.responders[kind].user
        assert Notification.objects.filter(
            user=responder, kind="referrals.ended_with_case"
        ).exists()
    assert AuditEvent.objects.filter(action="referrals.referral.ended_with_case").count() == 2
    # The shelter no longer reads the survivor's identity.
    shelter_actor = pathway.responders["care"]
    from ruta.cases import policies

    assert "identity" not in policies.sections_for(shelter_actor, Case.objects.get(pk=case.pk))


def test_the_decision_is_refused_when_something_opened_since_the_request(pathway):
    case = _case(pathway)
    _request(pathway, case)
    _refer(pathway, case, "consular")
    with pytest.raises(ConflictError):
        _approve(pathway, case)
    case.refresh_from_db()
    assert not case.is_closed


def _eri_client(client, pathway, actor):
    Membership.objects.filter(user=actor.user).update(is_active=True)
    return sign_in(client, actor.user)


def test_the_closure_page_lists_open_items_and_keeps_what_was_typed(client, pathway):
    case = _case(pathway)
    shelter = _refer(pathway, case, "care")
    _eri_client(client, pathway, _requester(pathway))
    page = client.get(f"/cases/{case.pk}/close-request/")
    assert page.status_code == 200
    html = page.content.decode()
    assert shelter.reference in html and 'data-item="referral:' in html
    fields = carried_fields(case)
    missing = next(name for name in fields if "referral" in name)
    fields.pop(missing)
    answer = client.post(
        f"/cases/{case.pk}/close-request/",
        {"version": case.version, "reason": "moved", "note": "NOTA-PARA-SUPERVISORA", **fields},
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "NOTA-PARA-SUPERVISORA" in html and "Sigue a cargo de la institución" in html
    assert shelter.reference in html and 'role="alert"' in html
    case.refresh_from_db()
    assert case.closure_requested_at is None
    done = client.post(
        f"/cases/{case.pk}/close-request/",
        {"version": case.version, "reason": "moved", "note": "", **carried_fields(case)},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.closure_pending
    # The supervisor sees the same list with the reasons.
    _eri_client(client, pathway, pathway.supervisor)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert shelter.reference in html and "Sigue a cargo de la institución" in html


def test_a_closed_case_page_offers_no_action_but_reopening(client, pathway):
    case = _case(pathway)
    _refer(pathway, case, "care")
    _request(pathway, case)
    _approve(pathway, case)
    _eri_client(client, pathway, pathway.supervisor)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    import re

    actions = set(re.findall(r'<form[^>]*action="([^"]+)"', html))
    actions -= {"/accounts/sign-out/", "/i18n/setlang/"}  # the page's frame
    actions -= {f"/cases/{case.pk}/summary/"}  # printing the summary changes nothing
    assert actions == {f"/cases/{case.pk}/reopen/"}, actions
    for link in ("/close-request/", f"/referrals/cases/{case.pk}/new/", "/reviews/"):
        assert link not in html, link


def test_a_refused_decision_keeps_the_comment_and_says_what_opened(client, pathway):
    case = _case(pathway)
    _request(pathway, case)
    late = _refer(pathway, case, "consular")
    case.refresh_from_db()
    _eri_client(client, pathway, pathway.supervisor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    # The referral sent since the request is named in the supervisor's warning.
    warning = page.split('class="message message-warning closure-new"', 1)[1].split("</div>")[0]
    assert late.reference in warning
    answer = client.post(
        f"/cases/{case.pk}/close-decision/",
        {"version": case.version, "decision": "approve", "comment": "COMENTARIO-TECLEADO"},
    )
    assert answer.status_code == 409
    html = answer.content.decode()
    assert "COMENTARIO-TECLEADO" in html and 'role="alert"' in html
    case.refresh_from_db()
    assert not case.is_closed
