"""Test answers from a spreadsheet: each row scored with the course's key, the scores and the
normalised gain copied on the enrolment; a wrong key, an unknown person or a test already
recorded is an error of its row and nothing is saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from ruta.audit.models import AuditEvent
from ruta.prevention.choices import ImportStatus
from ruta.prevention.models import Answer, Enrolment, Participant, Result
from ruta.prevention.services import imports as services
from tests.prevention.imports_helpers import build_world, confirm, errors_of, upload, xlsx

pytestmark = pytest.mark.django_db

HEADER = ["email", "participant", "kind", "q1", "q2", "q3"]


@pytest.fixture
def w():
    w = build_world()
    newcomer = Participant.objects.create(
        institution=w["home"],
        given_names="Nora",
        family_names="Nueva Paz",
        sex="female",
        email="nora@example.org",
        recorded_by=w["home"],
    )
    w["newcomer"] = newcomer
    w["new_enrolment"] = Enrolment.objects.create(session=w["session"], participant=newcomer)
    return w


def test_answers_are_scored_and_the_gain_copied(w, django_capture_on_commit_callbacks):
    nora = w["newcomer"]
    rows = [
        ["NORA@example.org", "", "pre", "a", "b", ""],
        ["", str(nora.pk), "Post", "A", "a", "a"],
    ]
    job = upload(django_capture_on_commit_callbacks, w, xlsx(rows, HEADER), kind="answers")
    assert job.status == ImportStatus.READY, job.errors
    job = confirm(django_capture_on_commit_callbacks, w, job)
    assert job.status == ImportStatus.DONE
    enrolment = Enrolment.objects.get(pk=w["new_enrolment"].pk)
    assert (enrolment.pre_score, enrolment.post_score, enrolment.max_score) == (
        Decimal(1),
        Decimal(3),
        Decimal(3),
    )
    assert enrolment.gain == pytest.approx(1.0)  # (3 - 1) / (3 - 1)
    assert enrolment.version == 2
    pre = Result.objects.get(enrolment=enrolment, kind="pre")
    assert pre.entered_by == w["trainer"]
    assert list(
        Answer.objects.filter(result=pre)
        .order_by("question__position")
        .values_list("answer", "points")
    ) == [("a", Decimal(1)), ("b", Decimal(0)), ("", Decimal(0))]
    event = AuditEvent.objects.get(action="prevention.import.imported")
    assert event.data == {"kind": "answers", "rows": 2, "results": 2, "enrolments": 1}


def test_the_gain_uses_the_score_already_on_the_enrolment(w, django_capture_on_commit_callbacks):
    enrolment = w["new_enrolment"]
    first = upload(
        django_capture_on_commit_callbacks,
        w,
        xlsx([["nora@example.org", "", "pre", "b", "b", "b"]], HEADER),
        kind="answers",
    )
    confirm(django_capture_on_commit_callbacks, w, first)
    second = upload(
        django_capture_on_commit_callbacks,
        w,
        xlsx([["nora@example.org", "", "post", "a", "a", "b"]], HEADER),
        kind="answers",
    )
    confirm(django_capture_on_commit_callbacks, w, second)
    enrolment.refresh_from_db()
    assert enrolment.gain == pytest.approx(2 / 3)  # (2 - 0) / (3 - 0)


def test_every_bad_row_is_named_and_nothing_saved(w, django_capture_on_commit_callbacks):
    rows = [
        ["nora@example.org", "", "pre", "z", "a", "a"],  # row 2: no option z
        ["nadie@example.org", "", "pre", "a", "a", "a"],  # row 3: not enrolled
        ["nora@example.org", "", "medio", "a", "a", "a"],  # row 4: pre or post
        ["marta@example.org", "", "pre", "a", "a", "a"],  # row 5: recorded in the world
        ["nora@example.org", "", "post", "a", "a", "a"],
        ["nora@example.org", "", "post", "a", "b", "a"],  # row 7: twice
        ["irma@example.org", "", "pre", "a", "a", "a"],  # row 8: another session's
    ]
    results = Result.objects.count()
    job = upload(django_capture_on_commit_callbacks, w, xlsx(rows, HEADER), kind="answers")
    assert job.status == ImportStatus.INVALID
    assert errors_of(job) == [
        (2, "q1", "bad_answer"),
        (3, "email", "unknown_participant"),
        (4, "kind", "bad_kind"),
        (5, "kind", "already_recorded"),
        (7, "kind", "duplicate_in_file"),
        (8, "email", "unknown_participant"),
    ]
    with translation.override("en"):
        assert services.error_message(job.errors[0]) == (
            "Question 1 has no option z (options: a, b)."
        )
    assert Result.objects.count() == results


def test_the_question_columns_must_match_the_test(w, django_capture_on_commit_callbacks):
    header = ["participant", "kind", "q1", "q2", "q4"]
    job = upload(
        django_capture_on_commit_callbacks,
        w,
        xlsx([[str(w["newcomer"].pk), "pre", "a", "a", "a"]], header),
        kind="answers",
    )
    assert errors_of(job) == [(1, "q4", "unknown_column"), (1, "q3", "missing_column")]
