"""Trainings at scale: the training report, for a trainer of the main training institution
(its own sessions) and for the commission's analyst (national counts).

Seeds a throwaway database (SQLite, or DATABASE_URL) in bulk: 50,000 participants employed by
40 institutions, 2,000 sessions over four years (most given by one training institution, the
rest by a police academy) of six courses, 100,000 enrolments (one in twenty withdrawn), their
scores and gains copied on the enrolment as the services do, pre- and post-tests with their
answers for 20,000 of them (200,000 answers), certificates for most enrolments with a pass,
certified trainers, 3,000 case workers who must hold a mandatory course (some of them
participants), 300 campaigns with reach and 2,000 labour inspections. Then times the report's
selector and the page through the Django test client (the whole stack: middleware, policies,
templates). Prints p50/p95.

Usage: .venv/bin/python benchmarks/bench_prevention.py [--participants 50000]
       [--sessions 2000] [--enrolments 100000] [--repeat 30]
DATABASE_URL=postgres://... runs it on PostgreSQL. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal

# The test helpers (tests/factories.py) are imported from the repository's root.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

QUESTIONS = 5
TESTED = 20000  # enrolments with their tests' answers as rows (2 tests x 5 answers each)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=50000)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--enrolments", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("RUTA_DATA_DIR", tempfile.mkdtemp(prefix="ruta-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruta.config.settings")
    os.environ["RUTA_DEMO"] = "1"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    add_missing_indexes()
    from ruta.accounts.models import User
    from ruta.prevention.models import Enrolment

    if Enrolment.objects.exists():  # RUTA_DATA_DIR kept from an earlier run: reuse it
        trainer = User.objects.filter(memberships__role__code="trainer").earliest("date_joined")
        analyst = User.objects.filter(memberships__role__code="me_analyst").get()
        print(f"{connection.vendor}: reusing {Enrolment.objects.count()} enrolments", flush=True)
        measure_all(args, trainer, analyst)
        return
    trainer, analyst = seed(args)
    measure_all(args, trainer, analyst)


def add_missing_indexes() -> None:
    """The report's indexes declared on the models but not yet in a migration (the lead
    regenerates 0001): created here so that the figures are those of the models."""
    from django.db import connection

    from ruta.prevention.models import Enrolment, Participant

    with connection.cursor() as cursor:
        existing = connection.introspection.get_constraints(cursor, Enrolment._meta.db_table)
        existing |= connection.introspection.get_constraints(cursor, Participant._meta.db_table)
    with connection.schema_editor() as editor:
        for model in (Enrolment, Participant):
            for index in model._meta.indexes:
                if index.name not in existing:
                    editor.add_index(model, index)


def seed(args):
    from django.db import connection
    from django.utils import timezone

    from ruta.accounts.models import Membership, Role, User
    from ruta.core.models import Department
    from ruta.prevention.models import (
        Answer,
        Campaign,
        CampaignReach,
        Certificate,
        Course,
        Enrolment,
        Inspection,
        Instrument,
        MandatoryCourse,
        Participant,
        Question,
        Result,
        TrainingSession,
    )
    from tests.factories import make_institution, make_user

    rng = random.Random(12)
    today = timezone.localdate()
    first_year = today.year - 3
    t0 = time.perf_counter()
    school = make_institution("Escuela de Formación", "response_team")
    academy = make_institution("Academia de Policía", "police_academy")
    commission = make_institution("Comisión Interinstitucional", "response_team")
    employers = [
        make_institution(f"Institución {i:02d}", "response_team" if i % 2 else "police")
        for i in range(38)
    ] + [school, academy]
    trainer = make_user("trainer", school)
    make_user("trainer", academy)
    analyst = make_user("me_analyst", commission)
    inspector = make_user("labour_inspector", school)
    departments = list(Department.objects.all())

    courses = []
    for i in range(6):
        owner = school if i < 4 else academy
        course = Course.objects.create(
            institution=owner,
            code=f"curso-{i}",
            title=f"Curso {i}",
            modality="in_person",
            trains_trainers=i == 3,
        )
        instrument = Instrument.objects.create(course=course, title=f"Prueba {i}")
        course.questions = [
            Question.objects.create(
                instrument=instrument, position=q, text=f"P{q}", options=[], answer="a"
            )
            for q in range(1, QUESTIONS + 1)
        ]
        courses.append(course)
    MandatoryCourse.objects.create(
        course=courses[0], role="case_worker", institution_type="response_team"
    )
    MandatoryCourse.objects.create(course=courses[1], role="case_worker", institution_type="police")

    sessions = []
    for i in range(args.sessions):
        course = courses[rng.randrange(4)] if rng.random() < 0.8 else courses[rng.randrange(4, 6)]
        start = date(first_year, 1, 1) + timedelta(
            days=rng.randrange((today - date(first_year, 1, 1)).days)
        )
        sessions.append(
            TrainingSession(
                reference=f"CAP-B-{i:05d}",
                course=course,
                institution=course.institution,
                host=course.institution,
                starts_on=start,
                ends_on=start + timedelta(days=1),
                department=rng.choice(departments),
                capacity=60,
                status="cancelled" if rng.random() < 0.03 else "completed",
            )
        )
    TrainingSession.objects.bulk_create(sessions, batch_size=2000)

    # Case workers (the mandatory courses' audience): users of the employers, bulk created.
    case_worker = Role.objects.get(code="case_worker")
    staff_users = [
        User(username=f"cw{i:05d}", first_name="Nombre", last_name=f"Apellido {i}")
        for i in range(3000)
    ]
    for u in staff_users:
        u.set_unusable_password()
    User.objects.bulk_create(staff_users, batch_size=2000)
    Membership.objects.bulk_create(
        [
            Membership(user=u, institution=employers[i % 40], role=case_worker)
            for i, u in enumerate(staff_users)
        ],
        batch_size=2000,
    )

    participants = [
        Participant(
            institution=employers[i % 40] if i < 3000 else rng.choice(employers),
            given_names="Participante",
            family_names=f"Número {i}",
            sex=rng.choices(["female", "male", "unknown"], [55, 43, 2])[0],
            department=rng.choice(departments),
            recorded_by=school if rng.random() < 0.8 else academy,
            user=staff_users[i] if i < 3000 and i % 3 else None,
            certified_trainer_on=today - timedelta(days=rng.randrange(1000))
            if rng.random() < 0.01
            else None,
        )
        for i in range(args.participants)
    ]
    Participant.objects.bulk_create(participants, batch_size=5000)

    enrolments = []
    pairs = set()
    while len(enrolments) < args.enrolments:
        session = rng.choice(sessions)
        participant = (
            rng.choice(participants)
            if len(enrolments) > 6000
            else participants[len(enrolments) % 3000]
        )
        if (session.pk, participant.pk) in pairs:
            continue
        pairs.add((session.pk, participant.pk))
        pre = rng.randint(0, QUESTIONS)
        post = min(QUESTIONS, max(0, pre + rng.randint(-1, 3)))
        enrolments.append(
            Enrolment(
                session=session,
                participant=participant,
                status="withdrawn" if rng.random() < 0.05 else "enrolled",
                days_present=2,
                pre_score=Decimal(pre),
                post_score=Decimal(post),
                max_score=Decimal(QUESTIONS),
                gain=(post - pre) / (QUESTIONS - pre) if pre < QUESTIONS else None,
            )
        )
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)

    results, answers_for = [], []
    for e in enrolments[:TESTED]:
        for kind, score in (("pre", e.pre_score), ("post", e.post_score)):
            result = Result(
                enrolment=e,
                kind=kind,
                score=score,
                max_score=Decimal(QUESTIONS),
                taken_on=e.session.starts_on,
                entered_by=trainer,
            )
            results.append(result)
            answers_for.append((result, e.session.course.questions, int(score)))
    Result.objects.bulk_create(results, batch_size=5000)
    answers = [
        Answer(
            result=result,
            question=q,
            answer="a" if n < right else "b",
            points=Decimal(int(n < right)),
        )
        for result, questions, right in answers_for
        for n, q in enumerate(questions)
    ]
    Answer.objects.bulk_create(answers, batch_size=10000)

    certificates = [
        Certificate(
            enrolment=e,
            code=f"RUTA-B-{i:06d}",
            issued_on=e.session.ends_on,
            holder_name=f"{e.participant.given_names} {e.participant.family_names}",
            course_title=e.session.course.title,
            course_code=e.session.course.code,
            hours=Decimal(8),
            issuer_name=e.session.institution.name,
            revoked_at=timezone.now() if i % 200 == 0 else None,
        )
        for i, e in enumerate(enrolments)
        if e.status == "enrolled" and e.post_score >= 3
    ]
    Certificate.objects.bulk_create(certificates, batch_size=5000)

    campaigns = [
        Campaign(
            institution=school if i % 3 else academy,
            name=f"Campaña {i}",
            starts_on=date(first_year, 1, 1) + timedelta(days=rng.randrange(1200)),
        )
        for i in range(300)
    ]
    Campaign.objects.bulk_create(campaigns)
    reach = []
    for c in campaigns:
        for channel in rng.sample(["radio", "tv", "schools", "social_media"], 2):
            people = rng.randint(100, 5000)
            female = people // 2
            reach.append(
                CampaignReach(
                    campaign=c,
                    channel=channel,
                    people=people,
                    female=female,
                    male=people - female,
                    age_0_17=people // 4,
                )
            )
    CampaignReach.objects.bulk_create(reach)
    Inspection.objects.bulk_create(
        [
            Inspection(
                reference=f"INS-B-{i:05d}",
                institution=school,
                establishment=f"Establecimiento {i}",
                sector="A",
                department=rng.choice(departments),
                inspected_on=date(first_year, 1, 1) + timedelta(days=rng.randrange(1200)),
                recorded_by=inspector,
                workers_female=rng.randint(0, 20),
                workers_male=rng.randint(0, 20),
                workers_0_17=rng.randint(0, 3),
                indicators_present=rng.choice([0, 0, 0, 1, 2]),
            )
            for i in range(2000)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{connection.vendor}: {len(participants)} participants, {len(sessions)} sessions, "
        f"{len(enrolments)} enrolments, {len(results)} tests, {len(answers)} answers, "
        f"{len(certificates)} certificates seeded in {time.perf_counter() - t0:.0f} s",
        flush=True,
    )
    return trainer, analyst


def measure_all(args, trainer, analyst) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from ruta.prevention.selectors_reports import report_filters, training_report
    from tests.factories import actor_of, sign_in

    today = timezone.localdate()
    as_trainer = sign_in(Client(), trainer)
    as_analyst = sign_in(Client(), analyst)
    trainer_actor, analyst_actor = actor_of(trainer), actor_of(analyst)

    def measure(label, call):
        if os.environ.get("BENCH_QUERIES"):
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                call()
            for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:4]:
                print("   ", q["time"], q["sql"][:400])
        call()
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        print(f"{label:<52} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")

    def selector(actor, **filters):
        return lambda: training_report(actor=actor, filters=report_filters(actor=actor, **filters))

    def page(client, url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    report = reverse("prevention:report")
    last_year = f"{report}?year={today.year - 1}"
    measure("selector, trainer (institution, this year)", selector(trainer_actor))
    measure(
        "selector, trainer (institution, last year)",
        selector(trainer_actor, year=today.year - 1),
    )
    measure("selector, analyst (national, this year)", selector(analyst_actor))
    measure("selector, analyst (national, last year)", selector(analyst_actor, year=today.year - 1))
    measure(
        "selector, analyst (national, women, one course)",
        selector(analyst_actor, sex="female", course="curso-0"),
    )
    measure("report page, trainer (this year)", page(as_trainer, report))
    measure("report page, trainer (last year)", page(as_trainer, last_year))
    measure("report page, analyst, national (this year)", page(as_analyst, report))
    measure("report page, analyst, national (last year)", page(as_analyst, last_year))
    measure(
        "GET /api/v1/prevention/report/, analyst",
        page(as_analyst, reverse("api:prevention-report")),
    )
    measure("coverage page, trainer", page(as_trainer, reverse("prevention:coverage")))


if __name__ == "__main__":
    sys.exit(main())
