"""Permission-matrix specs of the committee routes (pages and API).

The home institution's secretary (``SEC``) is the secretariat of ``committee``; the home's
leads (``ERI``, ``SUP``, ``PROS``, ``TRN``) and analyst (``MEA``) read it, as does the
secretary of its member institution (``C_MEM``), who manages nothing of it. ``C_SEC`` is the
secretariat of ``foreign_committee``. Anyone with ``coordination.manage`` may record a new
committee (their institution becomes its secretariat). ``member_inst`` owns an open action
item: removing it is refused; ``committees_free_member`` can go."""

from __future__ import annotations

from ruta.coordination.models import Committee, CommitteeMember, Representative
from tests.matrix import Proof
from tests.matrix_spec import (
    C_MEM,
    C_SEC,
    ERI,
    MEA,
    PROS,
    SEC,
    SUP,
    TRN,
    Spec,
    count,
    cspec,
    kw,
    pk,
    today,
    value,
)

COMMITTEE = kw(committee_id=pk("committee"))
FOREIGN = kw(committee_id=pk("foreign_committee"))
FREE_MEMBER = kw(member_id=pk("committees_free_member"))
BUSY_MEMBER = lambda w: {"member_id": w["representative"].member_id}  # noqa: E731
REPRESENTATIVE = kw(representative_id=pk("representative"))
READERS = (ERI, SUP, PROS, TRN, SEC, MEA, C_MEM)
MANAGERS = (SEC, C_MEM, C_SEC)
NAME = "Pleno de la comisión de prueba"

CREATED = Proof(count(Committee), "coordination.committee.created")
UPDATED = Proof(value(Committee, "committee", "name", "version"), "coordination.committee.updated")
MEMBER_ADDED = Proof(
    count(CommitteeMember, committee=pk("committee")), "coordination.committee.member_added"
)
FREE_REMOVED = Proof(
    count(CommitteeMember, pk=pk("committees_free_member")),
    "coordination.committee.member_removed",
)
BUSY_REMOVED = Proof(
    lambda w: CommitteeMember.objects.filter(pk=w["representative"].member_id).count(),
    "coordination.committee.member_removed",
)
REP_ADDED = Proof(
    count(Representative, member=pk("committees_free_member")),
    "coordination.committee.representative_added",
)
REP_UPDATED = Proof(
    value(Representative, "representative", "position"),
    "coordination.committee.representative_updated",
)
REP_REMOVED = Proof(
    count(Representative, pk=pk("representative")),
    "coordination.committee.representative_removed",
)


def _new(w) -> dict:
    return {
        "kind": "working_group",
        "name": "Mesa técnica",
        "acronym": "MT-NEW",
        "language": "es",
        "quorum_rule": "majority",
    }


def _page_edit(w) -> dict:
    committee = Committee.objects.get(pk=w["committee"].pk)
    return {
        "version": committee.version,
        "kind": committee.kind,
        "name": "Pleno renovado",
        "acronym": committee.acronym,
        "language": committee.language,
        "quorum_rule": committee.quorum_rule,
        "is_active": "on",
    }


def _api_edit(w) -> dict:
    return {"version": Committee.objects.get(pk=w["committee"].pk).version, "name": "Pleno 2"}


def _member(w) -> dict:
    return {"institution": str(w["reporter_inst"].pk), "role": "observer"}


def _representative(w) -> dict:
    return {"kind": "principal", "name": "Directora Observadora", "term_starts_on": today()}


def _page_representative_edit(w) -> dict:
    rep = Representative.objects.get(pk=w["representative"].pk)
    return {
        "kind": rep.kind,
        "name": rep.name,
        "position": "Fiscal general adjunto",
        "email": rep.email,
        "term_starts_on": rep.term_starts_on.isoformat(),
    }


SPECS: list[Spec] = [
    # --- pages ---
    cspec(
        "coordination:committee-list",
        "GET",
        (*READERS, C_SEC),
        anywhere=True,
        shows=lambda w: NAME,
        sees=READERS,
    ),
    cspec("coordination:committee-new", "GET", MANAGERS),
    cspec("coordination:committee-new", "POST", MANAGERS, data=_new, proof=CREATED),
    cspec(
        "coordination:committee-detail",
        "GET",
        READERS,
        kwargs=COMMITTEE,
        shows=lambda w: (NAME, "Fiscal Representante", "Redactar el borrador del protocolo."),
    ),
    cspec(
        "coordination:committee-detail",
        "GET",
        (C_SEC,),
        target="foreign",
        kwargs=FOREIGN,
        shows=lambda w: "Comité local ajeno",
    ),
    cspec("coordination:committee-edit", "GET", (SEC,), kwargs=COMMITTEE),
    cspec(
        "coordination:committee-edit",
        "POST",
        (SEC,),
        kwargs=COMMITTEE,
        data=_page_edit,
        proof=UPDATED,
    ),
    cspec(
        "coordination:member-add",
        "POST",
        (SEC,),
        kwargs=COMMITTEE,
        data=_member,
        proof=MEMBER_ADDED,
    ),
    cspec(
        "coordination:member-remove",
        "POST",
        (SEC,),
        kwargs=FREE_MEMBER,
        proof=FREE_REMOVED,
    ),
    # The member institution owns an open action item: refused, back to the page.
    cspec(
        "coordination:member-remove",
        "POST",
        refuse={SEC: 302},
        target="busy",
        kwargs=BUSY_MEMBER,
        proof=BUSY_REMOVED,
    ),
    cspec("coordination:representative-add", "GET", (SEC,), kwargs=FREE_MEMBER),
    cspec(
        "coordination:representative-add",
        "POST",
        (SEC,),
        kwargs=FREE_MEMBER,
        data=_representative,
        proof=REP_ADDED,
    ),
    cspec("coordination:representative-edit", "GET", (SEC,), kwargs=REPRESENTATIVE),
    cspec(
        "coordination:representative-edit",
        "POST",
        (SEC,),
        kwargs=REPRESENTATIVE,
        data=_page_representative_edit,
        proof=REP_UPDATED,
    ),
    cspec(
        "coordination:representative-remove",
        "POST",
        (SEC,),
        kwargs=REPRESENTATIVE,
        proof=REP_REMOVED,
    ),
    # --- API ---
    cspec(
        "api:coordination-committee-list",
        "GET",
        (*READERS, C_SEC),
        anywhere=True,
        shows=lambda w: NAME,
        sees=READERS,
    ),
    cspec(
        "api:coordination-committee-create",
        "POST",
        MANAGERS,
        status=201,
        data=_new,
        proof=CREATED,
    ),
    cspec(
        "api:coordination-committee-detail",
        "GET",
        READERS,
        kwargs=COMMITTEE,
        shows=lambda w: (NAME, "Fiscal Representante"),
    ),
    cspec(
        "api:coordination-committee-detail",
        "GET",
        (C_SEC,),
        target="foreign",
        kwargs=FOREIGN,
        shows=lambda w: "Comité local ajeno",
    ),
    cspec(
        "api:coordination-committee-update",
        "POST",
        (SEC,),
        kwargs=COMMITTEE,
        data=_api_edit,
        proof=UPDATED,
    ),
    cspec(
        "api:coordination-member-add",
        "POST",
        (SEC,),
        status=201,
        kwargs=COMMITTEE,
        data=_member,
        proof=MEMBER_ADDED,
    ),
    cspec(
        "api:coordination-member-remove",
        "POST",
        (SEC,),
        status=204,
        kwargs=FREE_MEMBER,
        proof=FREE_REMOVED,
    ),
    cspec(
        "api:coordination-member-remove",
        "POST",
        refuse={SEC: 422},
        target="busy",
        kwargs=BUSY_MEMBER,
        proof=BUSY_REMOVED,
    ),
    cspec(
        "api:coordination-representative-add",
        "POST",
        (SEC,),
        status=201,
        kwargs=FREE_MEMBER,
        data=_representative,
        proof=REP_ADDED,
    ),
    cspec(
        "api:coordination-representative-update",
        "POST",
        (SEC,),
        kwargs=REPRESENTATIVE,
        data=lambda w: {"position": "Fiscal general adjunto"},
        proof=REP_UPDATED,
    ),
    cspec(
        "api:coordination-representative-remove",
        "POST",
        (SEC,),
        status=204,
        kwargs=REPRESENTATIVE,
        proof=REP_REMOVED,
    ),
]
