"""Permission-matrix specs of the prevention routes: people (participants, enrolments,
attendance, tests, the employer's view, the public follow-up questionnaire)."""

from __future__ import annotations

from ruta.prevention.models import Attendance, Enrolment, FollowUp, Participant
from tests.matrix import Proof
from tests.matrix_spec import (
    ADM,
    P_TRN,
    PREVENTION_ACTORS,
    TRN,
    X_ADM,
    A,
    Spec,
    count,
    kw,
    pk,
    value,
    version,
    vspec,
)

STAFF_NAME = "Zelaya Cruz"  # the home's staff member (``participant``)
SESSION = kw(session_id=pk("session"))
ENROLMENT = kw(enrolment_id=pk("enrolment"))
PARTICIPANT = kw(participant_id=pk("participant"))
FOLLOW_UP = kw(token=lambda w: w["follow_up_token"])
ANYONE = tuple(a for a in PREVENTION_ACTORS if a != A)


def _attendance(w) -> tuple:
    return tuple(
        Attendance.objects.filter(enrolment__session=w["session"])
        .order_by("enrolment_id", "day")
        .values_list("enrolment_id", "day", "present")
    )


def _participant_form(w, **changes) -> dict:
    p = w["participant"]
    data = {
        "version": version("participant")(w),
        "institution": str(p.institution_id),
        "given_names": p.given_names,
        "family_names": p.family_names,
        "rank_or_role": "Sargento",
        "sex": p.sex,
        "department": p.department_id,
        "email": p.email,
    }
    return {**data, **changes}


NEW_PARTICIPANT = {
    "given_names": "Nueva",
    "family_names": "Participante",
    "sex": "female",
    "rank_or_role": "Agente",
}

SPECS: list[Spec] = [
    # --- pages ---------------------------------------------------------------------------
    vspec(
        "prevention:participant-list",
        "GET",
        (TRN, ADM, P_TRN),
        anywhere=True,
        shows=lambda w: STAFF_NAME,
        sees=(TRN, ADM),
    ),
    vspec(
        "prevention:participant-list",
        "POST",  # a search by name (names never in a URL): reads only
        (TRN, ADM, P_TRN),
        status=200,
        anywhere=True,
        data=lambda w: {"q": "zelaya"},
        proof=Proof(lambda w: None, None),
    ),
    vspec("prevention:participant-new", "GET", (TRN, P_TRN)),
    vspec(
        "prevention:participant-new",
        "POST",
        (TRN, P_TRN),
        data=lambda w: {**NEW_PARTICIPANT, "institution": str(w["other"].pk)},
        proof=Proof(count(Participant), "prevention.participant.created"),
    ),
    vspec(
        "prevention:participant-detail",
        "GET",
        (TRN, ADM),
        kwargs=PARTICIPANT,
        shows=lambda w: STAFF_NAME,
    ),
    vspec("prevention:participant-edit", "GET", (TRN,), kwargs=PARTICIPANT),
    vspec(
        "prevention:participant-edit",
        "POST",
        (TRN,),
        kwargs=PARTICIPANT,
        data=_participant_form,
        proof=Proof(
            value(Participant, "participant", "rank_or_role"), "prevention.participant.updated"
        ),
    ),
    vspec(
        "prevention:session-people",
        "GET",
        (TRN, X_ADM),  # the other institution's staff is enrolled in it
        kwargs=SESSION,
        shows=lambda w: STAFF_NAME,
        sees=(TRN,),
    ),
    vspec(
        "prevention:enrolment-create",
        "POST",
        (TRN,),
        kwargs=SESSION,
        data=lambda w: {"participant": str(w["spare_participant"].pk)},
        proof=Proof(count(Enrolment, session=pk("session")), "prevention.enrolment.created"),
    ),
    vspec(
        "prevention:enrolment-withdraw",
        "POST",
        (TRN,),
        kwargs=ENROLMENT,
        data=lambda w: {"version": version("enrolment")(w)},
        proof=Proof(value(Enrolment, "enrolment", "status"), "prevention.enrolment.withdrawn"),
    ),
    vspec(
        "prevention:attendance-register",
        "GET",
        (TRN,),
        kwargs=SESSION,
        shows=lambda w: STAFF_NAME,
    ),
    vspec(
        "prevention:attendance-register",
        "POST",
        (TRN,),
        kwargs=SESSION,
        data=lambda w: {
            "day": w["session"].starts_on.isoformat(),
            "present": [str(w["other_enrolment"].pk)],
        },
        proof=Proof(_attendance, "prevention.attendance.recorded"),
    ),
    vspec(
        "prevention:result-entry",
        "GET",
        (TRN,),
        kwargs=ENROLMENT,
        shows=lambda w: w["test_questions"][0].text,
    ),
    vspec(
        "prevention:result-entry",
        "POST",
        (TRN,),
        kwargs=ENROLMENT,
        data=lambda w: {
            "kind": "pre",
            "version": version("enrolment")(w),
            "q_1": "a",
            "q_2": "a",
            "q_3": "b",
        },
        proof=Proof(value(Enrolment, "enrolment", "pre_score"), "prevention.result.recorded"),
    ),
    vspec(
        "prevention:staff-trainings",
        "GET",
        (TRN, ADM, P_TRN),
        anywhere=True,
        shows=lambda w: STAFF_NAME,
        sees=(TRN, ADM),
    ),
    # The public follow-up questionnaire: anyone holding the link (signed in or not).
    vspec(
        "prevention_public:follow-up",
        "GET",
        dict.fromkeys(ANYONE, 200),
        anon=200,
        kwargs=FOLLOW_UP,
        shows=lambda w: w["course"].title,
    ),
    vspec(
        "prevention_public:follow-up",
        "POST",
        dict.fromkeys(ANYONE, 200),
        anon=200,
        anon_writes=True,
        kwargs=FOLLOW_UP,
        data=lambda w: {"applied": "yes", "uses": ["referred_person"], "comment": ""},
        proof=Proof(value(FollowUp, "follow_up", "answered_at"), "prevention.follow_up.answered"),
    ),
    # --- API -----------------------------------------------------------------------------
    vspec(
        "api:prevention-participant-list",
        "GET",
        (TRN, ADM, P_TRN),
        anywhere=True,
        shows=lambda w: STAFF_NAME,
        sees=(TRN, ADM),
    ),
    vspec(
        "api:prevention-participant-list",
        "POST",
        (TRN, P_TRN),
        status=201,
        data=lambda w: {**NEW_PARTICIPANT, "institution": str(w["other"].pk)},
        proof=Proof(count(Participant), "prevention.participant.created"),
    ),
    vspec(
        "api:prevention-participant-search",
        "POST",
        (TRN, ADM, P_TRN),
        status=200,
        anywhere=True,
        data=lambda w: {"q": "zelaya"},
        proof=Proof(lambda w: None, None),
    ),
    vspec(
        "api:prevention-participant-detail",
        "GET",
        (TRN, ADM),
        kwargs=PARTICIPANT,
        shows=lambda w: STAFF_NAME,
    ),
    vspec(
        "api:prevention-participant-update",
        "POST",
        (TRN,),
        kwargs=PARTICIPANT,
        data=lambda w: {"version": version("participant")(w), "rank_or_role": "Sargento"},
        proof=Proof(
            value(Participant, "participant", "rank_or_role"), "prevention.participant.updated"
        ),
    ),
    vspec(
        "api:prevention-session-enrolments",
        "GET",
        (TRN, X_ADM),
        kwargs=SESSION,
        shows=lambda w: STAFF_NAME,
        sees=(TRN,),
    ),
    vspec(
        "api:prevention-session-enrolments",
        "POST",
        (TRN,),
        status=201,
        kwargs=SESSION,
        data=lambda w: {"participant": str(w["spare_participant"].pk)},
        proof=Proof(count(Enrolment, session=pk("session")), "prevention.enrolment.created"),
    ),
    vspec(
        "api:prevention-session-attendance",
        "POST",
        (TRN,),
        kwargs=SESSION,
        data=lambda w: {
            "day": w["session"].starts_on.isoformat(),
            "present": {str(w["other_enrolment"].pk): True},
        },
        proof=Proof(_attendance, "prevention.attendance.recorded"),
    ),
    vspec(
        "api:prevention-enrolment-withdraw",
        "POST",
        (TRN,),
        kwargs=ENROLMENT,
        data=lambda w: {"version": version("enrolment")(w)},
        proof=Proof(value(Enrolment, "enrolment", "status"), "prevention.enrolment.withdrawn"),
    ),
    vspec(
        "api:prevention-enrolment-result",
        "POST",
        (TRN,),
        kwargs=ENROLMENT,
        data=lambda w: {
            "kind": "pre",
            "version": version("enrolment")(w),
            "answers": {"1": "a", "2": "a", "3": "b"},
        },
        proof=Proof(value(Enrolment, "enrolment", "pre_score"), "prevention.result.recorded"),
    ),
    vspec(
        "api:prevention-staff-trainings",
        "GET",
        (TRN, ADM, P_TRN),
        anywhere=True,
        shows=lambda w: STAFF_NAME,
        sees=(TRN, ADM),
    ),
]
