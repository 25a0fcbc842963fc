"""Permission-matrix specs of agreements and action items (pages and API).

The home's secretary (``SEC``) manages the home's committee; the home's leads (``ERI``,
``SUP``, ``PROS``, ``TRN``: ``coordination.update_actions``) report on ``action_item`` (owned
by the home); ``C_MEM`` (member institution) sees the committee and reports on
``member_action``; nobody else reaches any of it."""

from __future__ import annotations

from ruta.coordination.models import ActionItem, Agreement
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

VIEWERS = (ERI, SUP, PROS, TRN, SEC, MEA, C_MEM)
LEADS = (ERI, SUP, PROS, TRN, SEC)
MEETING = kw(meeting_id=pk("meeting"))
AGREEMENT = kw(agreement_id=pk("agreement"))
ITEM = kw(action_id=pk("action_item"))
MEMBER_ITEM = kw(action_id=pk("member_action"))


def _v(key):
    return lambda w: type(w[key]).objects.get(pk=w[key].pk).version


AGREEMENTS = Proof(count(Agreement), "coordination.agreement.created")
AGREEMENT_EDITED = Proof(
    value(Agreement, "agreement", "text", "version"), "coordination.agreement.updated"
)
ITEMS = Proof(count(ActionItem), "coordination.actionitem.created")
ITEM_EDITED = Proof(
    value(ActionItem, "action_item", "responsible", "version"), "coordination.actionitem.updated"
)
ITEM_PROGRESS = Proof(
    value(ActionItem, "member_action", "progress_note", "version"),
    "coordination.actionitem.progressed",
)
ITEM_DONE = Proof(
    value(ActionItem, "action_item", "status", "version"), "coordination.actionitem.done"
)
ITEM_CANCELLED = Proof(
    value(ActionItem, "action_item", "status", "version"), "coordination.actionitem.cancelled"
)


def _new_item(w):
    return {
        "description": "Nueva acción",
        "owner_institution": str(w["member_inst"].pk),
        "responsible": "Fiscal",
        "due_on": today(),
    }


LISTERS = (ERI, SUP, PROS, TRN, SEC, MEA, C_MEM, C_SEC)

SPECS: list[Spec] = [
    cspec("coordination:action-list", "GET", LISTERS, anywhere=True),
    cspec("api:coordination-action-list", "GET", LISTERS, anywhere=True),
    cspec(
        "api:coordination-agreement-update",
        "POST",
        (SEC,),
        kwargs=AGREEMENT,
        data=lambda w: {"version": _v("agreement")(w), "text": "Texto corregido."},
        proof=AGREEMENT_EDITED,
    ),
    cspec(
        "api:coordination-action-create",
        "POST",
        {SEC: 201},
        kwargs=AGREEMENT,
        data=_new_item,
        proof=ITEMS,
    ),
    cspec(
        "api:coordination-action-update",
        "POST",
        (SEC,),
        kwargs=ITEM,
        data=lambda w: {"version": _v("action_item")(w), "responsible": "Otra persona"},
        proof=ITEM_EDITED,
    ),
    cspec("coordination:agreement-new", "GET", (SEC,), kwargs=MEETING),
    cspec(
        "coordination:agreement-new",
        "POST",
        (SEC,),
        kwargs=MEETING,
        data=lambda w: {"text": "Acuerdo nuevo."},
        proof=AGREEMENTS,
    ),
    cspec("coordination:agreement-detail", "GET", VIEWERS, kwargs=AGREEMENT),
    cspec("coordination:agreement-edit", "GET", (SEC,), kwargs=AGREEMENT),
    cspec(
        "coordination:agreement-edit",
        "POST",
        (SEC,),
        kwargs=AGREEMENT,
        data=lambda w: {"version": _v("agreement")(w), "text": "Texto corregido."},
        proof=AGREEMENT_EDITED,
    ),
    cspec("coordination:action-new", "GET", (SEC,), kwargs=AGREEMENT),
    cspec("coordination:action-new", "POST", (SEC,), kwargs=AGREEMENT, data=_new_item, proof=ITEMS),
    cspec("coordination:action-edit", "GET", (SEC,), kwargs=ITEM),
    cspec(
        "coordination:action-edit",
        "POST",
        (SEC,),
        kwargs=ITEM,
        data=lambda w: {
            "version": _v("action_item")(w),
            "description": "Redactar el borrador.",
            "owner_institution": str(w["action_item"].owner_institution_id),
            "responsible": "Otra persona",
            "due_on": today(),
        },
        proof=ITEM_EDITED,
    ),
    cspec("coordination:action-progress", "GET", (SEC, C_MEM), kwargs=MEMBER_ITEM),
    cspec(
        "coordination:action-progress",
        "POST",
        (SEC, C_MEM),
        kwargs=MEMBER_ITEM,
        data=lambda w: {"version": _v("member_action")(w), "note": "Avance del 50 %."},
        proof=ITEM_PROGRESS,
    ),
    cspec("coordination:action-done", "GET", LEADS, kwargs=ITEM),
    cspec(
        "coordination:action-done",
        "POST",
        LEADS,
        kwargs=ITEM,
        data=lambda w: {"version": _v("action_item")(w), "evidence": "Acta firmada."},
        proof=ITEM_DONE,
    ),
    cspec("coordination:action-cancel", "GET", (SEC,), kwargs=ITEM),
    cspec(
        "coordination:action-cancel",
        "POST",
        (SEC,),
        kwargs=ITEM,
        data=lambda w: {"version": _v("action_item")(w), "reason": "Duplicada."},
        proof=ITEM_CANCELLED,
    ),
    # --- API ---
    cspec("api:coordination-agreement-detail", "GET", VIEWERS, kwargs=AGREEMENT),
    cspec(
        "api:coordination-agreement-create",
        "POST",
        {SEC: 201},
        kwargs=MEETING,
        data=lambda w: {"text": "Acuerdo nuevo."},
        proof=AGREEMENTS,
    ),
    cspec(
        "api:coordination-action-done",
        "POST",
        LEADS,
        kwargs=ITEM,
        data=lambda w: {"version": _v("action_item")(w), "evidence": "Acta firmada."},
        proof=ITEM_DONE,
    ),
    cspec(
        "api:coordination-action-cancel",
        "POST",
        (SEC,),
        kwargs=ITEM,
        data=lambda w: {"version": _v("action_item")(w), "reason": "Duplicada."},
        proof=ITEM_CANCELLED,
    ),
    cspec(
        "api:coordination-action-progress",
        "POST",
        (SEC, C_MEM),
        kwargs=MEMBER_ITEM,
        data=lambda w: {"version": _v("member_action")(w), "note": "Avance."},
        proof=ITEM_PROGRESS,
    ),
]
