"""Meetings: numbering per committee and year, quorum by hand, the attendance register,
closed minutes that refuse every change, attachments recognised by their bytes, the minutes'
PDF, and the locked query counts of the committee's list and the meeting's page."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.coordination.choices import MeetingStatus, QuorumRule
from ruta.coordination.minutes_pdf import render_minutes_pdf
from ruta.coordination.models import (
    ActionItem,
    Agreement,
    Committee,
    CommitteeMember,
    Meeting,
    MeetingAttachment,
)
from ruta.coordination.quorum import members_needed, quorum_status
from ruta.coordination.selectors_meetings import meeting_get
from ruta.coordination.services import meetings as services
from ruta.core.choices import InstitutionType as T
from ruta.core.errors import ConflictError, DomainError, NotPermitted
from tests.factories import actor_of, make_institution, make_user, sign_in

pytestmark = pytest.mark.django_db

NOW = timezone.now()
PDF = b"%PDF-1.4 orden del dia"


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.RUTA_ATTACHMENT_DIR = str(tmp_path)


@pytest.fixture
def home():
    return make_institution("Secretaría", T.RESPONSE_TEAM)


@pytest.fixture
def others():
    return [make_institution(f"Miembro {i}", T.PROSECUTION) for i in range(1, 6)]


@pytest.fixture
def secretary(home):
    return make_user("committee_secretary", home)


@pytest.fixture
def member_secretary(others):
    return make_user("committee_secretary", others[0])


@pytest.fixture
def committee(home, others):
    committee = Committee.objects.create(
        kind="plenary", name="Pleno", acronym="PLN", secretariat=home, language="es"
    )
    CommitteeMember.objects.create(committee=committee, institution=home)
    for inst in others[:3]:
        CommitteeMember.objects.create(committee=committee, institution=inst)
    # An observer: attends, never counts for quorum.
    CommitteeMember.objects.create(committee=committee, institution=others[3], role="observer")
    return committee


def _schedule(secretary, committee, when=None, **kw) -> Meeting:
    return services.meeting_schedule(
        actor=actor_of(secretary),
        committee=committee,
        title=kw.pop("title", "Sesión"),
        starts_at=when or NOW - timedelta(hours=2),
        place=kw.pop("place", "Tegucigalpa"),
        **kw,
    )


def _lines(committee, present=(), person="Licda. Ana Torres") -> list[dict]:
    return [
        {
            "institution": m.institution_id,
            "presence": "present" if m.institution_id in present else "absent",
            "person": person if m.institution_id in present else "",
        }
        for m in committee.members.all()
    ]


def _attend(secretary, meeting, present) -> Meeting:
    meeting.refresh_from_db()
    return services.attendance_record(
        actor=actor_of(secretary),
        meeting=meeting,
        version=meeting.version,
        lines=_lines(meeting.committee, present),
    )


class TestNumbering:
    def test_numbers_run_per_committee_and_year(self, secretary, committee, home):
        a = _schedule(secretary, committee)
        b = _schedule(secretary, committee, NOW + timedelta(days=1))
        next_year = NOW.replace(year=NOW.year + 1)
        c = _schedule(secretary, committee, next_year)
        other = Committee.objects.create(
            kind="local", name="Local", acronym="LOC", secretariat=home, language="es"
        )
        d = _schedule(secretary, other)
        assert (a.number, a.year) == (1, NOW.year)
        assert (b.number, b.year) == (2, NOW.year)
        assert (c.number, c.year) == (1, NOW.year + 1)
        assert d.number == 1
        assert a.status == MeetingStatus.SCHEDULED
        assert AuditEvent.objects.filter(action="coordination.meeting.scheduled").count() == 4

    def test_place_or_link_is_required(self, secretary, committee):
        with pytest.raises(ValidationError) as exc:
            _schedule(secretary, committee, place="")
        assert "place" in exc.value.error_dict
        meeting = _schedule(secretary, committee, place="", online_link="https://meet.example/x")
        assert meeting.online_link

    def test_a_member_cannot_schedule(self, member_secretary, committee):
        with pytest.raises(NotPermitted):
            _schedule(member_secretary, committee)
        assert not Meeting.objects.exists()

    def test_stale_version_is_a_conflict(self, secretary, committee):
        meeting = _schedule(secretary, committee)
        services.meeting_update(
            actor=actor_of(secretary), meeting=meeting, version=meeting.version, title="Nueva"
        )
        with pytest.raises(ConflictError):
            services.meeting_update(
                actor=actor_of(secretary), meeting=meeting, version=1, title="Otra"
            )

    def test_cancel_only_a_scheduled_meeting(self, secretary, committee, home):
        meeting = _schedule(secretary, committee)
        held = _attend(secretary, meeting, {home.pk})
        with pytest.raises(ValidationError):
            services.meeting_cancel(
                actor=actor_of(secretary), meeting=held, version=held.version, reason="x"
            )
        other = _schedule(secretary, committee, NOW + timedelta(days=3))
        other = services.meeting_cancel(
            actor=actor_of(secretary), meeting=other, version=other.version, reason="Feriado"
        )
        assert other.status == MeetingStatus.CANCELLED
        event = AuditEvent.objects.get(action="coordination.meeting.cancelled")
        assert event.changed_fields == ["status"]


class TestQuorum:
    # Four voting members (home + 3) and one observer.
    @pytest.mark.parametrize(
        ("rule", "fixed", "needed"),
        [
            (QuorumRule.MAJORITY, None, 3),
            (QuorumRule.TWO_THIRDS, None, 3),
            (QuorumRule.FIXED, 2, 2),
        ],
    )
    def test_needed_by_rule(self, committee, rule, fixed, needed):
        committee.quorum_rule, committee.quorum_fixed = rule, fixed
        committee.save()
        assert members_needed(committee) == needed

    def test_two_thirds_of_six_and_majority_of_six(self, committee, others):
        for inst in others[4:]:
            CommitteeMember.objects.create(committee=committee, institution=inst)
        CommitteeMember.objects.create(
            committee=committee, institution=make_institution("Sexto", T.POLICE)
        )
        assert members_needed(committee) == 4  # majority of 6: 6//2+1
        committee.quorum_rule = QuorumRule.TWO_THIRDS
        assert members_needed(committee) == 4  # ceil(12/3)
        committee.save()

    def test_observers_do_not_count(self, secretary, committee, home, others):
        meeting = _schedule(secretary, committee)
        # Home, one member and the observer present: 2 voting members, majority needs 3.
        meeting = _attend(secretary, meeting, {home.pk, others[0].pk, others[3].pk})
        assert quorum_status(meeting) == (2, 3, False)
        meeting = _attend(secretary, meeting, {home.pk, others[0].pk, others[1].pk})
        assert quorum_status(meeting) == (3, 3, True)
        committee.quorum_rule, committee.quorum_fixed = QuorumRule.FIXED, 4
        committee.save()
        assert quorum_status(Meeting.objects.get(pk=meeting.pk)) == (3, 4, False)


class TestAttendance:
    def test_the_register_marks_the_meeting_held(self, secretary, committee, home):
        meeting = _attend(secretary, _schedule(secretary, committee), {home.pk})
        assert meeting.status == MeetingStatus.HELD
        assert meeting.attendance.count() == committee.members.count()

    def test_refuses_a_non_member(self, secretary, committee, others):
        meeting = _schedule(secretary, committee)
        lines = _lines(committee)
        lines.append({"institution": others[4].pk, "presence": "present", "person": "X"})
        with pytest.raises(ValidationError) as exc:
            services.attendance_record(
                actor=actor_of(secretary), meeting=meeting, version=meeting.version, lines=lines
            )
        assert "lines" in exc.value.error_dict
        assert not meeting.attendance.exists()

    def test_refuses_an_incomplete_register(self, secretary, committee):
        meeting = _schedule(secretary, committee)
        with pytest.raises(ValidationError):
            services.attendance_record(
                actor=actor_of(secretary),
                meeting=meeting,
                version=meeting.version,
                lines=_lines(committee)[:2],
            )

    def test_refused_for_a_future_meeting(self, secretary, committee):
        meeting = _schedule(secretary, committee, NOW + timedelta(days=2))
        with pytest.raises(ValidationError):
            services.attendance_record(
                actor=actor_of(secretary),
                meeting=meeting,
                version=meeting.version,
                lines=_lines(committee),
            )
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.SCHEDULED


class TestClosedMinutes:
    def test_closing_freezes_everything(self, secretary, committee, home):
        actor = actor_of(secretary)
        meeting = _attend(secretary, _schedule(secretary, committee), {home.pk})
        item = services.agenda_item_add(actor=actor, meeting=meeting, title="Informe")
        meeting = services.minutes_save(
            actor=actor, meeting=meeting, version=meeting.version, minutes="Se aprobó."
        )
        meeting = services.minutes_close(actor=actor, meeting=meeting, version=meeting.version)
        assert meeting.minutes_closed_at is not None
        for call in (
            lambda: services.minutes_save(
                actor=actor, meeting=meeting, version=meeting.version, minutes="Otra"
            ),
            lambda: services.meeting_update(
                actor=actor, meeting=meeting, version=meeting.version, title="Otra"
            ),
            lambda: services.agenda_item_add(actor=actor, meeting=meeting, title="Otro"),
            lambda: services.agenda_item_remove(actor=actor, item=item),
            lambda: _attend(secretary, meeting, set()),
            lambda: services.attachment_upload(
                actor=actor, meeting=meeting, title="", filename="a.pdf", content=PDF
            ),
        ):
            with pytest.raises(NotPermitted):
                call()
        meeting.refresh_from_db()
        assert meeting.minutes == "Se aprobó."
        assert meeting.agenda.count() == 1

    def test_close_needs_attendance_and_minutes(self, secretary, committee):
        meeting = _schedule(secretary, committee)
        with pytest.raises(ValidationError):
            services.minutes_close(
                actor=actor_of(secretary), meeting=meeting, version=meeting.version
            )

    def test_a_cancelled_meeting_does_not_change(self, secretary, committee):
        meeting = _schedule(secretary, committee, NOW + timedelta(days=1))
        meeting = services.meeting_cancel(
            actor=actor_of(secretary), meeting=meeting, version=meeting.version, reason="r"
        )
        with pytest.raises(DomainError):
            services.agenda_item_add(actor=actor_of(secretary), meeting=meeting, title="x")


class TestAgenda:
    def test_add_remove_and_reorder_keep_the_numbers(self, secretary, committee):
        actor = actor_of(secretary)
        meeting = _schedule(secretary, committee)
        a, b, c = (services.agenda_item_add(actor=actor, meeting=meeting, title=t) for t in "ABC")
        services.agenda_reorder(actor=actor, meeting=meeting, item_ids=[c.pk, a.pk, b.pk])
        assert list(meeting.agenda.order_by("order").values_list("title", flat=True)) == [
            "C",
            "A",
            "B",
        ]
        services.agenda_item_remove(actor=actor, item=a)
        assert list(meeting.agenda.order_by("order").values_list("order", "title")) == [
            (1, "C"),
            (2, "B"),
        ]
        with pytest.raises(ValidationError):
            services.agenda_reorder(actor=actor, meeting=meeting, item_ids=[c.pk])


class TestAttachments:
    def test_type_comes_from_the_bytes(self, secretary, committee):
        actor = actor_of(secretary)
        meeting = _schedule(secretary, committee)
        with pytest.raises(ValidationError) as exc:
            services.attachment_upload(
                actor=actor, meeting=meeting, title="", filename="acta.pdf", content=b"MZ\x90\x00"
            )
        assert "file" in exc.value.error_dict
        with pytest.raises(ValidationError):
            services.attachment_upload(
                actor=actor, meeting=meeting, title="", filename="x.exe", content=PDF
            )
        attachment = services.attachment_upload(
            actor=actor, meeting=meeting, title="", filename="orden.pdf", content=PDF
        )
        assert attachment.content_type == "application/pdf"
        assert attachment.title == "orden.pdf"
        assert services.attachment_content(attachment) == PDF
        docx = services.attachment_upload(
            actor=actor,
            meeting=meeting,
            title="Informe",
            filename="i.docx",
            content=b"PK\x03\x04xx",
        )
        assert docx.content_type.endswith("wordprocessingml.document")

    def test_size_limit(self, secretary, committee, settings):
        settings.RUTA_ATTACHMENT_MAX_BYTES = 10
        meeting = _schedule(secretary, committee)
        with pytest.raises(ValidationError):
            services.attachment_upload(
                actor=actor_of(secretary),
                meeting=meeting,
                title="",
                filename="a.pdf",
                content=PDF,
            )
        assert not MeetingAttachment.objects.exists()


def _held_meeting_with_agreement(secretary, committee, home, others) -> Meeting:
    actor = actor_of(secretary)
    meeting = _schedule(secretary, committee)
    services.agenda_item_add(actor=actor, meeting=meeting, title="Protocolo de frontera")
    meeting = _attend(secretary, meeting, {home.pk, others[0].pk, others[1].pk})
    meeting = services.minutes_save(
        actor=actor, meeting=meeting, version=meeting.version, minutes="Se discutió el protocolo."
    )
    agreement = Agreement.objects.create(
        committee=committee,
        meeting=meeting,
        year=meeting.year,
        number=1,
        reference=f"PLN-ACU-{meeting.year}-001",
        text="Aprobar el protocolo.",
    )
    ActionItem.objects.create(
        agreement=agreement,
        committee=committee,
        owner_institution=others[0],
        description="Difundir el protocolo.",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    return meeting


class TestMinutesPdf:
    def test_pdf_names_who_came(self, secretary, committee, home, others, tmp_path):
        meeting = _held_meeting_with_agreement(secretary, committee, home, others)
        pdf = render_minutes_pdf(meeting_get(actor=actor_of(secretary), meeting_id=meeting.pk))
        path = tmp_path / "acta.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            [shutil.which("pdftotext") or "pdftotext", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Licda. Ana Torres" in text
        assert "Miembro 1" in text
        assert "Difundir el protocolo." in text
        assert "Protocolo de frontera" in text
        assert "Asistencia" in text or "Attendance" in text  # Spanish once translated


def _browser(user) -> Client:
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)


def _api(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


class TestPages:
    def test_schedule_from_the_committee(self, secretary, committee):
        url = reverse("coordination:meeting-new", kwargs={"committee_id": committee.pk})
        client = _browser(secretary)
        assert client.get(url).status_code == 200
        when = (NOW + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
        bad = client.post(url, {"title": "Sesión", "starts_at": when})
        assert bad.status_code == 400
        assert b"online link" in bad.content
        response = client.post(url, {"title": "Sesión", "starts_at": when, "place": "Sala 1"})
        assert response.status_code == 302
        assert Meeting.objects.get().place == "Sala 1"

    def test_attendance_page(self, secretary, committee, home, others):
        meeting = _schedule(secretary, committee)
        url = reverse("coordination:meeting-attendance", kwargs={"meeting_id": meeting.pk})
        client = _browser(secretary)
        page = client.get(url)
        assert page.status_code == 200
        assert b"Miembro 3" in page.content
        data = {"version": meeting.version}
        for m in committee.members.all():
            data[f"presence_{m.institution_id}"] = "present"
            data[f"person_{m.institution_id}"] = ""
        refused = client.post(url, data)
        assert refused.status_code == 400
        for m in committee.members.all():
            data[f"person_{m.institution_id}"] = "Delegada"
        assert client.post(url, data).status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD

    def test_member_sees_but_cannot_edit(self, secretary, member_secretary, committee):
        meeting = _schedule(secretary, committee)
        client = _browser(member_secretary)
        detail = reverse("coordination:meeting-detail", kwargs={"meeting_id": meeting.pk})
        assert client.get(detail).status_code == 200
        edit = reverse("coordination:meeting-edit", kwargs={"meeting_id": meeting.pk})
        assert client.get(edit).status_code == 404

    def test_outsider_gets_404(self, secretary, committee):
        meeting = _schedule(secretary, committee)
        stranger = make_user("committee_secretary", make_institution("Ajena", T.POLICE))
        detail = reverse("coordination:meeting-detail", kwargs={"meeting_id": meeting.pk})
        assert _browser(stranger).get(detail).status_code == 404

    def test_pdf_route(self, secretary, committee, home, others):
        meeting = _held_meeting_with_agreement(secretary, committee, home, others)
        url = reverse("coordination:meeting-minutes-pdf", kwargs={"meeting_id": meeting.pk})
        response = _browser(secretary).get(url)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")


class TestApi:
    def test_schedule_and_bad_input(self, secretary, committee):
        client = _api(secretary)
        url = reverse("api:coordination-meeting-list", kwargs={"committee_id": committee.pk})
        assert client.post(url, {"title": "x"}, format="json").status_code == 400
        response = client.post(
            url,
            {"title": "Sesión", "starts_at": NOW.isoformat(), "online_link": "https://m.example/1"},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["number"] == 1
        assert client.get(url).json()["count"] == 1  # paginated, as the schema says

    def test_attendance_and_quorum(self, secretary, committee, home, others):
        meeting = _schedule(secretary, committee)
        client = _api(secretary)
        url = reverse("api:coordination-meeting-attendance", kwargs={"meeting_id": meeting.pk})
        lines = [
            {**line, "institution": str(line["institution"])}
            for line in _lines(committee, {home.pk, others[0].pk, others[1].pk})
        ]
        response = client.post(url, {"version": meeting.version, "lines": lines}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["quorum"] == {"present": 3, "needed": 3, "reached": True}
        stale = client.post(url, {"version": meeting.version, "lines": lines}, format="json")
        assert stale.status_code == 409

    def test_outsider_404(self, secretary, member_secretary, committee):
        meeting = _schedule(secretary, committee)
        url = reverse("api:coordination-meeting-minutes", kwargs={"meeting_id": meeting.pk})
        response = _api(member_secretary).post(
            url, {"version": meeting.version, "minutes": "x"}, format="json"
        )
        assert response.status_code == 404


class TestQueryCounts:
    def test_committee_list_is_constant(self, secretary, committee, home, others):
        from ruta.coordination.selectors_meetings import committee_meetings

        for _ in range(3):
            meeting = _schedule(secretary, committee)
            _attend(secretary, meeting, {home.pk})
        actor = actor_of(secretary)
        with CaptureQueriesContext(connection) as ctx:
            meetings = committee_meetings(actor=actor, committee=committee)
            assert all(m.quorum for m in meetings)
        assert len(ctx.captured_queries) == 3

    def test_detail_page_is_constant(self, secretary, committee, home, others):
        meeting = _held_meeting_with_agreement(secretary, committee, home, others)
        services.attachment_upload(
            actor=actor_of(secretary), meeting=meeting, title="", filename="a.pdf", content=PDF
        )
        client = _browser(secretary)
        url = reverse("coordination:meeting-detail", kwargs={"meeting_id": meeting.pk})
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        first = len(ctx.captured_queries)
        services.agenda_item_add(actor=actor_of(secretary), meeting=meeting, title="Otro")
        services.attachment_upload(
            actor=actor_of(secretary), meeting=meeting, title="", filename="b.pdf", content=PDF
        )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        assert len(ctx.captured_queries) == first


class TestCommitteePartial:
    def test_lists_the_meetings_with_quorum(self, secretary, member_secretary, committee, home):
        from django.template.loader import render_to_string
        from django.test import RequestFactory

        meeting = _attend(secretary, _schedule(secretary, committee, title="Primera"), {home.pk})
        _schedule(secretary, committee, NOW + timedelta(days=5), title="Segunda")
        request = RequestFactory().get("/")
        request.actor = actor_of(secretary)
        html = render_to_string(
            "coordination/committees/_meetings.html", {"committee": committee}, request=request
        )
        assert "Primera" in html and "Segunda" in html
        assert f"{meeting.number}/{meeting.year}" in html
        assert "(1/3)" in html  # one voting member present of the three needed
        assert reverse("coordination:meeting-new", kwargs={"committee_id": committee.pk}) in html
        request.actor = actor_of(member_secretary)
        html = render_to_string(
            "coordination/committees/_meetings.html", {"committee": committee}, request=request
        )
        assert "Primera" in html
        assert "/meetings/new/" not in html

    def test_empty_state(self, secretary, committee):
        from django.template.loader import render_to_string
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        request.actor = actor_of(secretary)
        html = render_to_string(
            "coordination/committees/_meetings.html", {"committee": committee}, request=request
        )
        assert "Aún no hay reuniones." in html  # the default language


class TestMorePages:
    def test_cancel_and_agenda_pages(self, secretary, committee):
        meeting = _schedule(secretary, committee, NOW + timedelta(days=2))
        client = _browser(secretary)
        add = reverse("coordination:meeting-agenda-add", kwargs={"meeting_id": meeting.pk})
        assert client.post(add, {"title": ""}).status_code == 400
        assert client.post(add, {"title": "Informe"}).status_code == 302
        item = meeting.agenda.get()
        edit = reverse("coordination:meeting-agenda-edit", kwargs={"item_id": item.pk})
        assert client.get(edit).status_code == 200
        assert client.post(edit, {"title": "Informe anual"}).status_code == 302
        cancel = reverse("coordination:meeting-cancel", kwargs={"meeting_id": meeting.pk})
        assert client.get(cancel).status_code == 200
        assert client.post(cancel, {"version": meeting.version, "reason": ""}).status_code == 400
        response = client.post(cancel, {"version": meeting.version, "reason": "Feriado"})
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CANCELLED
        detail = client.get(
            reverse("coordination:meeting-detail", kwargs={"meeting_id": meeting.pk})
        )
        assert b"Informe anual" in detail.content

    def test_closed_minutes_page_offers_nothing(self, secretary, committee, home):
        actor = actor_of(secretary)
        meeting = _attend(secretary, _schedule(secretary, committee), {home.pk})
        meeting = services.minutes_save(
            actor=actor, meeting=meeting, version=meeting.version, minutes="Texto."
        )
        client = _browser(secretary)
        close = reverse("coordination:meeting-minutes-close", kwargs={"meeting_id": meeting.pk})
        assert client.post(close, {"version": meeting.version}).status_code == 302
        detail = client.get(
            reverse("coordination:meeting-detail", kwargs={"meeting_id": meeting.pk})
        )
        assert detail.status_code == 200
        assert b"/minutes/close/" not in detail.content
        minutes = reverse("coordination:meeting-minutes", kwargs={"meeting_id": meeting.pk})
        assert client.get(minutes).status_code == 404


def test_an_absurd_date_is_refused(secretary, committee):
    with pytest.raises(ValidationError) as exc:
        _schedule(secretary, committee, NOW.replace(year=1))
    assert "starts_at" in exc.value.error_dict
    client = _api(secretary)
    url = reverse("api:coordination-meeting-list", kwargs={"committee_id": committee.pk})
    response = client.post(
        url, {"title": "x", "starts_at": "9999-12-31T23:59:00Z", "place": "x"}, format="json"
    )
    assert response.status_code in (400, 422)
    assert not Meeting.objects.exists()
