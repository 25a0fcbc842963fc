"""The referral lifecycle, consent and its audited override, time limits, the mandatory
child-protection referral and transfers of ownership."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404

from ruta.audit.models import AuditEvent
from ruta.cases import policies as case_policies
from ruta.cases import selectors as case_selectors
from ruta.cases.models import AccessGrant
from ruta.core.choices import InstitutionType as T
from ruta.core.errors import ConflictError
from ruta.notifications.models import Notification
from ruta.referrals import services
from ruta.referrals.models import Referral
from tests.factories import actor_of, make_institution, make_user
from tests.referrals.conftest import open_case
from tests.validation import refused_on

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/Tegucigalpa")


def _send(pathway, case, kind="care", **kw):
    return services.referral_send(
        actor=pathway.coordinator,
        case=case,
        to_institution=pathway.receivers[kind],
        type=kind,
        services=kw.pop("services", [_service(kind)]),
        **kw,
    )


def _service(kind):
    from tests.referrals.conftest import RECEIVERS

    return RECEIVERS[kind][2]


def test_a_referral_needs_a_service_the_receiver_offers(pathway):
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    with pytest.raises(ValidationError) as exc:
        _send(pathway, case, services=["Medical"])
    assert "services" in exc.value.message_dict
    assert "Albergue" in exc.value.message_dict["services"][0]
    with refused_on("services"):
        _send(pathway, case, services=[])
    assert not Referral.objects.exists()


def test_without_consent_only_an_audited_override_shares(pathway):
    case = open_case(pathway)
    with pytest.raises(services.ConsentRequired):
        _send(pathway, case)
    # A coordinator has no override capability: a reason alone is not enough.
    with pytest.raises(Http404):
        _send(pathway, case, consent_override_reason="Peligro inminente")
    assert not Referral.objects.exists()
    supervisor = pathway.supervisor
    referral = services.referral_send(
        actor=supervisor,
        case=case,
        to_institution=pathway.receivers["care"],
        type="care",
        services=["Shelter"],
        consent_override_reason="Peligro inminente; no puede consentir ahora.",
    )
    event = AuditEvent.objects.get(action="referrals.referral.sent")
    assert event.data["consent_overridden"] is True
    assert event.reason == "Peligro inminente; no puede consentir ahora."
    assert case.activities.filter(kind="consent_overridden").exists()
    assert referral.consent_override_reason


def test_lifecycle_accept_grants_complete_ends(pathway, django_capture_on_commit_callbacks):
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    responder = pathway.responders["care"]
    with django_capture_on_commit_callbacks(execute=True):
        referral = _send(pathway, case, message="Necesita albergue hoy")
        assert not Notification.objects.exists()  # the receivers hear of it once it commits
    assert Notification.objects.filter(user=responder.user, kind="referrals.received").exists()
    with pytest.raises(Http404):  # not shared before acceptance
        case_selectors.case_get(actor=responder, case_id=case.pk)
    with pytest.raises(ConflictError):  # stale version
        services.referral_accept(actor=responder, referral=referral, version=referral.version + 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(actor=responder, referral=referral, version=referral.version)
    with pytest.raises(ConflictError):  # accepting twice
        services.referral_accept(actor=responder, referral=referral, version=2)
    seen = case_selectors.case_get(actor=responder, case_id=case.pk)
    assert case_policies.sections_for(responder, seen) == {"identity", "contact", "care"}
    assert Notification.objects.filter(
        user=pathway.coordinator.user, kind="referrals.accepted"
    ).exists()
    referral.refresh_from_db()
    with refused_on("reason"):
        services.referral_complete(
            actor=responder, referral=referral, version=referral.version, outcome="not_successful"
        )
    services.referral_complete(
        actor=responder, referral=referral, version=referral.version, outcome="successful"
    )
    with pytest.raises(Http404):
        case_selectors.case_get(actor=responder, case_id=case.pk)
    grant = AccessGrant.objects.get()
    assert grant.valid_until is not None  # history kept


def test_decline_and_withdraw(pathway):
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    responder = pathway.responders["care"]
    referral = _send(pathway, case)
    with refused_on("reason"):
        services.referral_decline(actor=responder, referral=referral, version=1, reason="")
    services.referral_decline(actor=responder, referral=referral, version=1, reason="Sin cupo")
    referral.refresh_from_db()
    assert referral.status == "declined"
    with pytest.raises(ConflictError):  # acting on a declined referral
        services.referral_withdraw(
            actor=pathway.coordinator, referral=referral, version=referral.version, reason="x"
        )
    again = _send(pathway, case)
    services.referral_accept(actor=responder, referral=again, version=1)
    again.refresh_from_db()
    services.referral_withdraw(
        actor=pathway.coordinator, referral=again, version=again.version, reason="Ya no aplica"
    )
    again.refresh_from_db()
    with pytest.raises(ConflictError):  # acting on a withdrawn referral
        services.referral_complete(
            actor=responder, referral=again, version=again.version, outcome="successful"
        )
    with pytest.raises(Http404):
        case_selectors.case_get(actor=responder, case_id=case.pk)


def test_answer_due_in_working_days_or_hours_when_urgent(pathway):
    shelter = pathway.receivers["care"]
    friday = datetime(2026, 3, 6, 16, 0, tzinfo=TZ)
    assert services.answer_due(friday, shelter, urgent=False) == datetime(
        2026, 3, 10, 16, 0, tzinfo=TZ
    )  # two working days: Monday, Tuesday
    assert services.answer_due(friday, shelter, urgent=True) == datetime(
        2026, 3, 7, 16, 0, tzinfo=TZ
    )
    shelter.referral_answer_days = 5
    assert services.answer_due(friday, shelter, urgent=False).date().isoformat() == "2026-03-13"


def test_overdue_referrals_are_flagged_and_reminded_once(
    pathway, django_capture_on_commit_callbacks
):
    shelter = pathway.receivers["care"]
    with time_machine.travel(datetime(2026, 3, 6, 16, 0, tzinfo=TZ), tick=False):
        case = open_case(pathway, sharing_with=[shelter])
        referral = _send(pathway, case)
        assert not referral.overdue
    with time_machine.travel(datetime(2026, 3, 10, 15, 59, tzinfo=TZ), tick=False):
        assert not Referral.objects.get().overdue
        assert services.remind_overdue() == 0
    with time_machine.travel(datetime(2026, 3, 10, 16, 1, tzinfo=TZ), tick=False):
        assert Referral.objects.get().overdue
        with django_capture_on_commit_callbacks(execute=True):
            assert services.remind_overdue() == 1
        assert services.remind_overdue() == 0
    assert Notification.objects.filter(kind="referrals.overdue", urgent=True).exists()


def test_a_childs_case_is_referred_to_child_protection_by_law(pathway):
    agency = pathway.receivers["child_protection"]
    case = open_case(pathway, child=True)
    referral = Referral.objects.get(case=case)
    assert (referral.to_institution, referral.type, referral.mandatory) == (
        agency,
        "child_protection",
        True,
    )
    assert referral.urgent and not referral.consent_override_reason
    # The case worker who sent it cannot withdraw it; a supervisor can, with a reason.
    with pytest.raises(Http404):
        services.referral_withdraw(
            actor=pathway.coordinator, referral=referral, version=1, reason="Error"
        )
    with refused_on("reason"):
        services.referral_withdraw(
            actor=pathway.supervisor, referral=referral, version=1, reason=""
        )
    services.referral_withdraw(
        actor=pathway.supervisor, referral=referral, version=1, reason="Es mayor de edad"
    )
    assert Referral.objects.get().status == "withdrawn"


def test_no_child_protection_agency_no_referral(db):
    eri = make_institution("ERI", T.RESPONSE_TEAM)
    coordinator = actor_of(make_user("eri_coordinator", eri))
    from ruta.cases import services as cases
    from ruta.people import services as people

    person = people.person_create(actor=coordinator, given_names="Luz", estimated_age=12)
    case = cases.case_open(actor=coordinator, person=person)
    assert case.is_child and not Referral.objects.exists()


def test_transfer_moves_ownership_and_the_sender_loses_access(pathway):
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    responder = pathway.responders["care"]
    transfer = services.transfer_propose(
        actor=pathway.coordinator, case=case, to_institution=shelter
    )
    with pytest.raises(Http404):
        case_selectors.case_get(actor=responder, case_id=case.pk)
    services.transfer_accept(actor=responder, transfer=transfer, version=1)
    owned = case_selectors.case_get(actor=responder, case_id=case.pk)
    assert owned.institution == shelter
    with pytest.raises(Http404):
        case_selectors.case_get(actor=pathway.coordinator, case_id=case.pk)
    from ruta.referrals import selectors

    assert selectors.transfer_get(actor=pathway.coordinator, transfer_id=transfer.pk)
    with pytest.raises(ConflictError):
        services.transfer_accept(actor=responder, transfer=transfer, version=2)


def test_reminders_command_reports_what_it_did(pathway):
    from io import StringIO

    from django.core.management import call_command

    shelter = pathway.receivers["care"]
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=TZ), tick=False):
        _send(pathway, open_case(pathway, sharing_with=[shelter]), urgent=True)
    out = StringIO()
    with time_machine.travel(datetime(2026, 3, 4, 9, 0, tzinfo=TZ), tick=False):
        call_command("referral_reminders", stdout=out)
    assert out.getvalue().startswith("1 ")


def test_handing_over_moves_the_access_of_own_scope_workers(
    pathway, django_capture_on_commit_callbacks
):
    shelter = pathway.receivers["care"]
    case = open_case(pathway, sharing_with=[shelter])
    responder = pathway.responders["care"]
    worker = actor_of(make_user("case_worker", shelter))  # scope "own"
    referral = _send(pathway, case)
    services.referral_accept(actor=responder, referral=referral, version=1)
    with pytest.raises(Http404):
        case_selectors.case_get(actor=worker, case_id=case.pk)
    referral.refresh_from_db()
    with refused_on("assigned_to"):  # not someone of the shelter
        services.referral_assign(
            actor=responder,
            referral=referral,
            version=referral.version,
            assigned_to=pathway.coordinator.user,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_assign(
            actor=responder, referral=referral, version=referral.version, assigned_to=worker.user
        )
    assert case_selectors.case_get(actor=worker, case_id=case.pk) == case
    assert Notification.objects.filter(user=worker.user, kind="referrals.assigned").exists()
    referral.refresh_from_db()
    with pytest.raises(Http404):  # the worker cannot hand it on: they do not answer referrals
        services.referral_assign(
            actor=worker, referral=referral, version=referral.version, assigned_to=worker.user
        )
