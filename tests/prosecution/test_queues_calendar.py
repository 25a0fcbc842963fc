"""The file owners' queues (overdue stages, hearings this week, verdicts to record), the
hearing calendar (page and API) and the reminders sent the day before, once."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.core.choices import InstitutionType as T
from ruta.core.models import Department
from ruta.notifications.models import Notification
from ruta.prosecution import services as pros
from ruta.prosecution.models import CriminalFile, Hearing, Offence
from ruta.prosecution.reminders import remind_hearings
from ruta.prosecution.selectors_queues import hearing_calendar, prosecution_queues
from tests.factories import actor_of, make_institution, make_user, sign_in

TODAY = timezone.localdate()


def at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def unit(db, django_capture_on_commit_callbacks):
    fiscalia = make_institution("Fiscalía Especial", T.PROSECUTION)
    regional = make_institution("Fiscalía Regional", T.PROSECUTION)
    user = make_user("prosecutor", fiscalia)
    prosecutor = actor_of(user)
    other = actor_of(make_user("prosecutor", regional))
    department = Department.objects.order_by("code").first()
    offence = Offence.objects.filter(classification="trafficking").first()
    start = TODAY - timedelta(days=400)

    def new_file(actor, number, assigned_to=None):
        return pros.file_create(
            actor=actor,
            complaint_on=start,
            offence=offence,
            department=department,
            prosecutor_number=number,
            assigned_to=assigned_to,
        )

    def advance(actor, file, *stages):
        for i, stage in enumerate(stages, start=1):
            file = pros.stage_advance(
                actor=actor,
                file=file,
                version=file.version,
                stage=stage,
                on=start + timedelta(days=20 * i),
            )
        return file

    # Overdue: investigation opened long ago, its time limit passed.
    overdue = advance(prosecutor, new_file(prosecutor, "MP-LATE", user), "investigation")
    # At trial (the trial date passed) with a charge without a verdict.
    trial = advance(
        prosecutor,
        new_file(prosecutor, "MP-TRIAL", user),
        "investigation",
        "indictment",
        "initial_hearing",
        "trial",
    )
    accused = pros.defendant_add(
        actor=prosecutor,
        file=trial,
        identity={"given_names": "Rigoberto", "first_surname": "Imputado"},
    )
    pros.charge_add(
        actor=prosecutor,
        defendant=accused,
        offence=offence,
        charged_on=start + timedelta(days=50),
    )
    # Hearings: tomorrow, in five days, in three weeks, in nine weeks.
    soon = advance(prosecutor, new_file(prosecutor, "MP-SOON", user), "investigation")
    tomorrow = pros.hearing_schedule(
        actor=prosecutor, file=soon, type="initial", starts_at=at(TODAY + timedelta(days=1))
    )
    five = pros.hearing_schedule(
        actor=prosecutor, file=soon, type="other", starts_at=at(TODAY + timedelta(days=5))
    )
    three_weeks = pros.hearing_schedule(
        actor=prosecutor, file=soon, type="other", starts_at=at(TODAY + timedelta(days=21))
    )
    nine_weeks = pros.hearing_schedule(
        actor=prosecutor, file=soon, type="other", starts_at=at(TODAY + timedelta(days=63))
    )
    # Another institution's hearing tomorrow: never in our queues or calendar.
    theirs = advance(other, new_file(other, "MP-THEIRS", other.user), "investigation")
    their_hearing = pros.hearing_schedule(
        actor=other, file=theirs, type="initial", starts_at=at(TODAY + timedelta(days=1), 11)
    )
    # A closed file, overdue on paper: not in the queue.
    closed = advance(prosecutor, new_file(prosecutor, "MP-CLOSED", user), "investigation")
    pros.file_close_early(
        actor=prosecutor,
        file=closed,
        version=closed.version,
        reason="archived",
        on=start + timedelta(days=30),
    )
    # Only these two are late (the others' time limits are pushed ahead).
    CriminalFile.objects.update(stage_due_on=TODAY + timedelta(days=30))
    CriminalFile.objects.filter(pk=closed.pk).update(stage_due_on=TODAY - timedelta(days=5))
    CriminalFile.objects.filter(pk=overdue.pk).update(stage_due_on=TODAY - timedelta(days=3))
    return {
        "prosecutor": prosecutor,
        "user": user,
        "other": other,
        "overdue": overdue,
        "trial": trial,
        "soon": soon,
        "closed": closed,
        "hearings": (tomorrow, five, three_weeks, nine_weeks),
        "their_hearing": their_hearing,
        "analyst": make_user("me_analyst", make_institution("Comisión", T.RESPONSE_TEAM)),
    }


def test_queues(unit):
    q = prosecution_queues(actor=unit["prosecutor"])
    assert [f.pk for f in q["overdue"]] == [unit["overdue"].pk]
    assert [f.pk for f in q["verdicts"]] == [unit["trial"].pk]
    tomorrow, five, _three, _nine = unit["hearings"]
    assert [h.pk for h in q["hearings"]] == [tomorrow.pk, five.pk]
    assert (q["overdue_count"], q["hearings_count"], q["verdicts_count"]) == (1, 2, 1)
    theirs = prosecution_queues(actor=unit["other"])
    assert [h.pk for h in theirs["hearings"]] == [unit["their_hearing"].pk]
    assert not theirs["overdue"] and not theirs["verdicts"]


def test_home_page_shows_the_queues_and_the_funnel_card(unit):
    html = sign_in(Client(), unit["user"]).get("/").content.decode()
    assert unit["overdue"].reference in html
    assert unit["trial"].reference in html
    assert unit["closed"].reference not in html
    assert reverse("prosecution:funnel") in html
    # The analyst: the funnel card, no queue, no record.
    html = sign_in(Client(), unit["analyst"]).get("/").content.decode()
    assert reverse("prosecution:funnel") in html
    assert unit["overdue"].reference not in html
    assert reverse("prosecution:queues") not in html


def test_calendar_groups_the_coming_weeks_by_day(unit):
    tomorrow, five, three_weeks, nine_weeks = unit["hearings"]
    days = hearing_calendar(actor=unit["prosecutor"])
    assert [d.day for d in days] == [
        TODAY + timedelta(days=1),
        TODAY + timedelta(days=5),
        TODAY + timedelta(days=21),
    ]
    assert [h.pk for d in days for h in d.hearings] == [tomorrow.pk, five.pk, three_weeks.pk]
    longer = hearing_calendar(actor=unit["prosecutor"], weeks=10)
    assert nine_weeks.pk in [h.pk for d in longer for h in d.hearings]
    client = sign_in(Client(), unit["user"])
    html = client.get(reverse("prosecution:calendar")).content.decode()
    assert html.count(unit["soon"].reference) == 3
    assert "MP-THEIRS" not in html and unit["their_hearing"].file.reference not in html


def test_calendar_api(unit):
    client = sign_in(Client(), unit["user"])
    url = reverse("api:hearing-calendar")
    start = (TODAY + timedelta(days=1)).isoformat()
    end = (TODAY + timedelta(days=5)).isoformat()
    body = client.get(url, {"from": start, "to": end}).json()
    tomorrow, five, _three, _nine = unit["hearings"]
    assert [r["id"] for r in body["results"]] == [str(tomorrow.pk), str(five.pk)]
    assert body["results"][0]["file_reference"] == unit["soon"].reference
    assert client.get(url, {"from": "mañana"}).status_code == 400
    backwards = client.get(url, {"from": end, "to": start})
    assert backwards.status_code == 200 and backwards.json()["results"] == []
    assert client.get(url, {"from": start, "to": "2999-01-01"}).status_code == 200
    assert client.get(url, {"to": ""}).status_code == 400
    analyst = sign_in(Client(), unit["analyst"])
    assert analyst.get(url).status_code == 404
    assert analyst.get(reverse("prosecution:calendar")).status_code == 404


def test_reminders_go_once_to_the_person_in_charge(unit, django_capture_on_commit_callbacks):
    tomorrow = unit["hearings"][0]
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_hearings() == 2  # ours and the other institution's
    notes = Notification.objects.filter(kind="prosecution.hearing_tomorrow")
    assert sorted(n.user_id for n in notes) == sorted([unit["user"].pk, unit["other"].user_id])
    assert Hearing.objects.get(pk=tomorrow.pk).reminded_at is not None
    assert AuditEvent.objects.filter(action="prosecution.hearing.reminded").count() == 2
    # Run again (and through the command): nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_hearings() == 0
        call_command("hearing_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert notes.count() == 2
    # The hearing in five days is not reminded yet.
    assert Hearing.objects.get(pk=unit["hearings"][1].pk).reminded_at is None
