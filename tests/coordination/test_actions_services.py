"""Agreements and action items: numbering per committee and year, who may change what, done
needs evidence, cancel needs a reason, closed items refuse, versions, the reminders sent once
a day to the right people, and the pages' query counts."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.coordination.choices import ActionStatus, CommitteeKind, MeetingStatus
from ruta.coordination.models import ActionItem, Committee, CommitteeMember, Meeting
from ruta.coordination.services import agreements as services
from ruta.core.choices import InstitutionType as T
from ruta.core.errors import ConflictError, NotPermitted
from tests.factories import actor_of, make_institution, make_user, sign_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def w():
    sec = make_institution("Secretaría", T.RESPONSE_TEAM)
    mem = make_institution("Miembro", T.PROSECUTION)
    out = make_institution("Ajena", T.POLICE)
    committee = Committee.objects.create(
        kind=CommitteeKind.PLENARY, name="Pleno", acronym="PLN", secretariat=sec, language="es"
    )
    CommitteeMember.objects.create(committee=committee, institution=sec)
    CommitteeMember.objects.create(committee=committee, institution=mem)
    starts = timezone.make_aware(datetime.combine(TODAY - timedelta(days=2), time(9)))
    meeting = Meeting.objects.create(
        committee=committee,
        year=starts.year,
        number=1,
        title="Sesión 1",
        starts_at=starts,
        status=MeetingStatus.HELD,
    )
    users = {
        "secretary": make_user("committee_secretary", sec),
        "member_lead": make_user("trainer", mem),  # view + update_actions
        "member_other": make_user("labour_inspector", mem),  # no coordination capability
        "outsider": make_user("committee_secretary", out),
    }
    return {"sec": sec, "mem": mem, "out": out, "committee": committee, "meeting": meeting, **users}


def _a(w, key):
    return actor_of(w[key])


def _agreement(w, text="Elaborar el protocolo."):
    return services.agreement_create(actor=_a(w, "secretary"), meeting=w["meeting"], text=text)


def _item(w, agreement, owner=None, due=None):
    return services.action_item_create(
        actor=_a(w, "secretary"),
        agreement=agreement,
        owner_institution=owner or w["mem"],
        responsible="Fiscal Pérez",
        description="Revisar el borrador.",
        due_on=due or TODAY + timedelta(days=10),
    )


def test_agreements_are_numbered_per_committee_and_year(w):
    first, second = _agreement(w), _agreement(w, "Segundo acuerdo.")
    year = w["meeting"].year
    assert (first.number, second.number) == (1, 2)
    assert second.reference == f"PLN-ACU-{year}-002"
    assert AuditEvent.objects.filter(action="coordination.agreement.created").count() == 2


def test_only_the_secretariat_records_agreements_while_minutes_are_open(w):
    for key in ("member_lead", "outsider"):
        with pytest.raises(NotPermitted):
            services.agreement_create(actor=_a(w, key), meeting=w["meeting"], text="x")
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(actor=_a(w, "secretary"), meeting=w["meeting"], text="  ")
    assert "text" in exc.value.message_dict
    w["meeting"].minutes_closed_at = timezone.now()
    w["meeting"].save()
    with pytest.raises(NotPermitted):
        _agreement(w)


def test_agreement_update_is_versioned(w):
    agreement = _agreement(w)
    services.agreement_update(
        actor=_a(w, "secretary"), agreement=agreement, version=1, text="Nuevo texto."
    )
    agreement.refresh_from_db()
    assert (agreement.text, agreement.version) == ("Nuevo texto.", 2)
    with pytest.raises(ConflictError):
        services.agreement_update(
            actor=_a(w, "secretary"), agreement=agreement, version=1, text="Otro."
        )


def test_action_owner_must_sit_on_the_committee_and_due_date_not_before_meeting(w):
    agreement = _agreement(w)
    with pytest.raises(ValidationError) as exc:
        services.action_item_create(
            actor=_a(w, "secretary"),
            agreement=agreement,
            owner_institution=w["out"],
            responsible="X",
            description="Y",
            due_on=TODAY - timedelta(days=5),
        )
    assert set(exc.value.message_dict) == {"owner_institution", "due_on"}
    assert not ActionItem.objects.exists()
    item = _item(w, agreement, owner=w["sec"])
    assert item.committee_id == w["committee"].pk
    with pytest.raises(NotPermitted):
        services.action_item_create(
            actor=_a(w, "member_lead"),
            agreement=agreement,
            owner_institution=w["mem"],
            responsible="X",
            description="Y",
            due_on=TODAY,
        )


def test_owner_reports_progress_other_staff_and_strangers_do_not(w):
    item = _item(w, _agreement(w))
    for key in ("member_other", "outsider"):
        with pytest.raises(NotPermitted):
            services.action_item_progress(actor=_a(w, key), item=item, version=1, note="x")
    with pytest.raises(ValidationError):
        services.action_item_progress(actor=_a(w, "member_lead"), item=item, version=1, note="")
    item = services.action_item_progress(
        actor=_a(w, "member_lead"), item=item, version=1, note="Borrador revisado al 50 %."
    )
    assert item.status == ActionStatus.IN_PROGRESS
    # The owner does not change what is asked, nor cancel it.
    with pytest.raises(NotPermitted):
        services.action_item_update(
            actor=_a(w, "member_lead"), item=item, version=2, description="Otra cosa"
        )
    with pytest.raises(NotPermitted):
        services.action_item_cancel(actor=_a(w, "member_lead"), item=item, version=2, reason="x")


def test_done_needs_evidence_and_a_past_date_then_the_item_is_closed(w):
    item = _item(w, _agreement(w))
    owner = _a(w, "member_lead")
    with pytest.raises(ValidationError) as exc:
        services.action_item_done(actor=owner, item=item, version=1, evidence=" ")
    assert "evidence" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.action_item_done(
            actor=owner,
            item=item,
            version=1,
            evidence="Hecho",
            evidence_url="javascript:alert(1)",
            done_on=TODAY + timedelta(days=1),
        )
    assert set(exc.value.message_dict) == {"evidence_url", "done_on"}
    item.refresh_from_db()
    assert item.status == ActionStatus.PENDING
    item = services.action_item_done(actor=owner, item=item, version=1, evidence="Acta firmada.")
    assert (item.status, item.done_on) == (ActionStatus.DONE, TODAY)
    assert AuditEvent.objects.filter(action="coordination.actionitem.done").exists()
    for call in (
        lambda: services.action_item_progress(actor=owner, item=item, version=2, note="x"),
        lambda: services.action_item_update(
            actor=_a(w, "secretary"), item=item, version=2, responsible="Otra"
        ),
        lambda: services.action_item_cancel(
            actor=_a(w, "secretary"), item=item, version=2, reason="x"
        ),
    ):
        with pytest.raises(NotPermitted):
            call()


def test_cancel_needs_a_reason_and_update_is_versioned(w):
    item = _item(w, _agreement(w))
    sec = _a(w, "secretary")
    item = services.action_item_update(
        actor=sec, item=item, version=1, responsible="Fiscal Gómez", due_on=TODAY
    )
    assert item.version == 2
    with pytest.raises(ConflictError):
        services.action_item_update(actor=sec, item=item, version=1, responsible="Otra")
    with pytest.raises(ValidationError):
        services.action_item_cancel(actor=sec, item=item, version=2, reason="")
    item = services.action_item_cancel(actor=sec, item=item, version=2, reason="Duplicada.")
    assert item.status == ActionStatus.CANCELLED


def test_reminders_once_a_day_to_the_owner_staff_only(w, django_capture_on_commit_callbacks):
    agreement = _agreement(w)
    overdue = _item(w, agreement, due=TODAY - timedelta(days=1))
    _item(w, agreement, owner=w["sec"])  # not overdue: nothing for the secretariat
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_coordination_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [w["member_lead"].email]  # not member_other, nor the secretariat
    assert agreement.reference in message.body
    overdue.refresh_from_db()
    assert overdue.last_reminded_on == TODAY
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_coordination_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_pages_and_query_counts(w, client: Client):
    agreement = _agreement(w)
    for _n in range(3):
        _item(w, agreement)
    sign_in(client, w["member_lead"])
    url = reverse("coordination:action-list")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert "Revisar el borrador." in response.content.decode()
    list_queries = len(ctx)
    _item(w, agreement)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx) == list_queries
    detail = reverse("coordination:agreement-detail", kwargs={"agreement_id": agreement.pk})
    assert client.get(detail).status_code == 200
    assert client.get(url + "?filter=nonsense").status_code == 200
    sign_in(client, w["outsider"])
    assert client.get(detail).status_code == 404


def test_done_page_keeps_input_on_error(w, client: Client):
    item = _item(w, _agreement(w))
    sign_in(client, w["member_lead"])
    url = reverse("coordination:action-done", kwargs={"action_id": item.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": 1, "evidence": "", "evidence_url": "https://x.org"})
    assert response.status_code == 400
    assert "https://x.org" in response.content.decode()
    response = client.post(url, {"version": 1, "evidence": "Acta."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE


def test_api_done_and_bad_input(w):
    from rest_framework.test import APIClient

    from ruta.accounts.services import credentials as auth

    def _api(user) -> APIClient:
        _token, key = auth.token_create(
            user=user, membership=user.memberships.get(), second_factor=True
        )
        return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")

    item = _item(w, _agreement(w))
    api = _api(w["member_lead"])
    url = reverse("api:coordination-action-done", kwargs={"action_id": item.pk})
    assert api.post(url, {"version": 1, "evidence": ""}, format="json").status_code in (400, 422)
    assert api.post(url, {"evidence": "x"}, format="json").status_code == 400
    response = api.post(url, {"version": 1, "evidence": "Acta."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    listing = api.get(reverse("api:coordination-action-list"), {"filter": "bogus"})
    assert listing.status_code == 400
    api = _api(w["outsider"])
    assert api.post(url, {"version": 2, "evidence": "x"}, format="json").status_code == 404


def test_meeting_agreements_partial_and_home_queue(w):
    from django.template.loader import render_to_string

    agreement = _agreement(w)
    _item(w, agreement, due=TODAY - timedelta(days=1))
    actor = _a(w, "secretary")
    html = render_to_string(
        "coordination/meetings/_agreements.html", {"actor": actor, "meeting": w["meeting"]}
    )
    assert agreement.reference in html and "badge-danger" in html
    assert reverse("coordination:agreement-new", kwargs={"meeting_id": w["meeting"].pk}) in html
    from ruta.coordination.selectors_actions import overdue_actions

    def panel(a) -> dict:
        return {"panel": {"rows": list(overdue_actions(a)), "title": "", "urgent": False}}

    queue = render_to_string("coordination/actions/_home_queue.html", panel(_a(w, "member_lead")))
    assert agreement.reference in queue
    empty = render_to_string("coordination/actions/_home_queue.html", panel(actor))
    assert agreement.reference not in empty
