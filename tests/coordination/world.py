"""The partnership part of the permission matrix's world (coordination and results), also used
by the coordination and results tests.

The home institution of the matrix ("Equipo propio") is the secretariat of a committee and
the owner of a results framework and of a data set. Three more actors, tried on the
partnership routes only:

- ``miembro:committee_secretary`` (``C_MEM``): the secretary of a member institution of the
  home's committee (sees it, manages nothing of it, owns ``member_action``, reads the
  framework the committee follows).
- ``secretaria:committee_secretary`` (``C_SEC``): the secretary of another committee's
  secretariat (``foreign_committee``: the home is no member of it).
- ``reportante:investigator`` (``R_INV``): staff of the police institution that must report
  the home's data set (``returns.submit``).

Records (keys of the world dict):

- ``member_inst``, ``foreign_inst``, ``reporter_inst``: the three institutions above.
- ``committee``: the home's plenary (members: home and ``member_inst``; ``representative``
  of ``member_inst``). ``foreign_committee``: ``foreign_inst``'s local committee (member:
  ``foreign_inst`` only).
- ``meeting``: 1/<year> of ``committee``, held yesterday, minutes open; ``agenda_item``; an
  attendance line per member (home present, member excused). ``closed_meeting``: 2/<year>,
  minutes closed. ``foreign_meeting`` of ``foreign_committee``.
- ``agreement``: number 1 of ``meeting``. ``action_item``: owner the home, pending, due
  yesterday (overdue). ``member_action``: owner ``member_inst``, in progress, due in 30 days.
  ``done_action``: owner the home, done with evidence. ``foreign_agreement`` and
  ``foreign_action`` (owner ``foreign_inst``).
- ``cooperation``: recorded by the home, parties home and ``member_inst``, in force, renewal
  in 20 days. ``foreign_cooperation``: recorded by ``foreign_inst``, its only party.
- (results) see ``tests/results/world.py``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from ruta.coordination.choices import ActionStatus, CommitteeKind, MeetingStatus
from ruta.coordination.models import (
    ActionItem,
    AgendaItem,
    Agreement,
    Committee,
    CommitteeMember,
    CooperationAgreement,
    Meeting,
    MeetingAttendance,
    Representative,
)
from ruta.core.choices import InstitutionType as T
from tests.factories import make_institution, make_user

C_MEM = "miembro:committee_secretary"
C_SEC = "secretaria:committee_secretary"
R_INV = "reportante:investigator"
PARTNERSHIP_ACTORS_EXTRA = (C_MEM, C_SEC, R_INV)
PLACES: dict = {}


def _meeting(committee, number, starts_at, **kw) -> Meeting:
    return Meeting.objects.create(
        committee=committee,
        year=starts_at.year,
        number=number,
        title=f"Sesión ordinaria {number}",
        starts_at=starts_at,
        place="Tegucigalpa",
        **kw,
    )


def _agreement(committee, meeting, number) -> Agreement:
    return Agreement.objects.create(
        committee=committee,
        meeting=meeting,
        year=meeting.year,
        number=number,
        reference=f"{committee.acronym}-ACU-{meeting.year}-{number:03d}",
        text="Elaborar el protocolo de atención a víctimas en frontera.",
    )


def build(*, users: dict, home) -> dict:
    """Create the partnership actors (added to ``users``) and the coordination records."""
    today = timezone.localdate()
    member_inst = make_institution("Fiscalía miembro", T.PROSECUTION)
    foreign_inst = make_institution("Comité local ajeno", T.LOCAL_COMMITTEE)
    reporter_inst = make_institution("Policía reportante", T.POLICE)
    for actor, inst in ((C_MEM, member_inst), (C_SEC, foreign_inst), (R_INV, reporter_inst)):
        users[actor] = make_user(actor.split(":")[1], inst)
        PLACES[actor] = inst

    committee = Committee.objects.create(
        kind=CommitteeKind.PLENARY,
        name="Pleno de la comisión de prueba",
        acronym="PLENO",
        secretariat=home,
        language="es",
    )
    CommitteeMember.objects.create(committee=committee, institution=home)
    member = CommitteeMember.objects.create(committee=committee, institution=member_inst)
    representative = Representative.objects.create(
        member=member,
        kind="principal",
        name="Fiscal Representante",
        position="Fiscal jefe",
        email="representante@example.org",
        term_starts_on=today - timedelta(days=365),
    )
    foreign_committee = Committee.objects.create(
        kind=CommitteeKind.LOCAL,
        name="Comité local ajeno",
        acronym="CLA",
        secretariat=foreign_inst,
        language="es",
    )
    CommitteeMember.objects.create(committee=foreign_committee, institution=foreign_inst)

    yesterday = timezone.make_aware(datetime.combine(today - timedelta(days=1), time(9)))
    meeting = _meeting(committee, 1, yesterday, status=MeetingStatus.HELD, minutes="Acta.")
    agenda_item = AgendaItem.objects.create(meeting=meeting, order=1, title="Protocolo")
    MeetingAttendance.objects.create(
        meeting=meeting, institution=home, presence="present", person="Coordinadora"
    )
    MeetingAttendance.objects.create(meeting=meeting, institution=member_inst, presence="excused")
    closed_meeting = _meeting(
        committee,
        2,
        yesterday - timedelta(days=30),
        status=MeetingStatus.HELD,
        minutes="Acta cerrada.",
        minutes_closed_at=timezone.now() - timedelta(days=20),
    )
    foreign_meeting = _meeting(foreign_committee, 1, yesterday, status=MeetingStatus.HELD)

    agreement = _agreement(committee, meeting, 1)
    action_item = ActionItem.objects.create(
        agreement=agreement,
        committee=committee,
        owner_institution=home,
        responsible="Coordinadora",
        description="Redactar el borrador del protocolo.",
        due_on=today - timedelta(days=1),
    )
    member_action = ActionItem.objects.create(
        agreement=agreement,
        committee=committee,
        owner_institution=member_inst,
        description="Revisar el borrador desde la fiscalía.",
        due_on=today + timedelta(days=30),
        status=ActionStatus.IN_PROGRESS,
    )
    done_action = ActionItem.objects.create(
        agreement=agreement,
        committee=committee,
        owner_institution=home,
        description="Convocar a las instituciones.",
        due_on=today - timedelta(days=10),
        status=ActionStatus.DONE,
        evidence="Convocatoria enviada el día 3.",
        done_on=today - timedelta(days=12),
    )
    foreign_agreement = _agreement(foreign_committee, foreign_meeting, 1)
    foreign_action = ActionItem.objects.create(
        agreement=foreign_agreement,
        committee=foreign_committee,
        owner_institution=foreign_inst,
        description="Mapear los servicios locales.",
        due_on=today + timedelta(days=5),
    )

    cooperation = CooperationAgreement.objects.create(
        institution=home,
        kind="agreement",
        reference="CONV-2026-01",
        title="Convenio de atención inmediata",
        scope="Derivación y albergue.",
        signed_on=today - timedelta(days=300),
        starts_on=today - timedelta(days=300),
        ends_on=today + timedelta(days=65),
        renewal_on=today + timedelta(days=20),
        status="in_force",
    )
    cooperation.parties.add(home, member_inst)
    foreign_cooperation = CooperationAgreement.objects.create(
        institution=foreign_inst, kind="memorandum", title="Memorando local ajeno"
    )
    foreign_cooperation.parties.add(foreign_inst)
    return {
        "member_inst": member_inst,
        "foreign_inst": foreign_inst,
        "reporter_inst": reporter_inst,
        "committee": committee,
        "representative": representative,
        "foreign_committee": foreign_committee,
        "meeting": meeting,
        "agenda_item": agenda_item,
        "closed_meeting": closed_meeting,
        "foreign_meeting": foreign_meeting,
        "agreement": agreement,
        "action_item": action_item,
        "member_action": member_action,
        "done_action": done_action,
        "foreign_agreement": foreign_agreement,
        "foreign_action": foreign_action,
        "cooperation": cooperation,
        "foreign_cooperation": foreign_cooperation,
    }
