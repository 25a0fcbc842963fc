"""Schemathesis over the whole API: the OpenAPI schema must tell the truth.

Generated requests (documented examples, the coverage phase's boundary and negative cases, and
random valid data) go to the WSGI application in-process, against the demo
world, with the token of a demo role. Every check schemathesis has must pass: no server error,
every status code, content type, header and body as documented, invalid input refused, valid
input accepted, undocumented methods answered 405.

Run it alone (it is excluded from the normal suite), on as many xdist workers as there are
cores (each seeds its own world):

    scripts/test -m schemathesis

Each operation is one test; it runs all its generated requests and then fails with the distinct
problems it met, each with a curl line to reproduce it (against http://localhost/, i.e. a dev
server on the demo: ``ruta seed_demo && ruta runserver``, token from POST /api/v1/auth/token/).
The run is deterministic: a fixed seed, no example database, and each operation starts from the
same freshly seeded world (its writes are rolled back afterwards).
"""

from __future__ import annotations

import collections
import json
import logging
import re
import uuid

import pyotp
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.test import APIClient

from tests.api import run_tally

schemathesis = pytest.importorskip("schemathesis")  # a dev extra
from schemathesis.core.failures import FailureGroup  # noqa: E402

pytestmark = [pytest.mark.schemathesis]

SEED = 20261130
# Random (fuzzing-phase) examples per operation, on top of the examples and coverage phases.
FUZZ_EXAMPLES = 15
MIN_REQUESTS = 2000
# Left out: deleting a token (DELETE /api/v1/auth/token/ and any other DELETE on tokens) would
# revoke the token the run is using.
EXCLUDED_METHOD, EXCLUDED_PATHS = "DELETE", r"token"
# Who calls: a demo role with broad reach over the case work, and an institution administrator
# for the endpoints that manage accounts and institutions.
COORDINATOR = "coord.eri"
ADMIN = "admin.albergue"
ACCOUNTS_PATHS = r"^/api/v1/(users|memberships|roles|institutions|me)/"
# And the prosecutor in charge of the demo's criminal files for the prosecution endpoints.
PROSECUTOR = "fiscal.trata"
PROSECUTION_PATHS = (
    r"^/api/v1/(criminal-files|defendants|charges|appeals|file-victims|protection-measures"
    r"|hearings|police-operations|prosecution)/"
)
# The demo's police education directorate trainer (its courses, sessions, participants,
# certificates, imports, campaigns, the training report) and labour inspector (inspections).
TRAINER = "instructor.dnep"
INSPECTOR = "inspectora.stss"
PREVENTION_PATHS = (
    r"^/api/v1/(competency-frameworks|competencies|behavioural-indicators|courses"
    r"|course-modules|course-questions|mandatory-courses|training-sessions|session-trainers"
    r"|certificates|campaigns|campaign-materials|prevention)/"
)
INSPECTION_PATHS = r"^/api/v1/(inspections|inspection-measures)/"
# The commission's executive secretary (the plenary's secretariat, reviewer of the returns)
# for coordination, and the project's M&E analyst (owner of the results framework) for results.
SECRETARY = "secretaria.cicesct"
ANALYST = "analista.me"
COORDINATION_PATHS = r"^/api/v1/coordination/"
RESULTS_PATHS = r"^/api/v1/(results|statistics)/"
_PILLAR_PREFIXES = (
    "competency-frameworks|competencies|behavioural-indicators|courses|course-modules"
    "|course-questions|mandatory-courses|training-sessions|session-trainers|certificates"
    "|campaigns|campaign-materials|prevention|inspections|inspection-measures"
    "|coordination|results|statistics"
)

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "suppress-health-check": ["all"],
        "generation": {
            "mode": "all",
            "max-examples": FUZZ_EXAMPLES,
            "database": "none",
            "no-shrink": True,
            # Text fields refuse NUL characters (PostgreSQL cannot store them).
            "allow-x00": False,
        },
        "checks": {
            "enabled": True,
            # A schema-valid body may still break a rule the schema cannot state (a field one
            # action needs, an id that names nothing, a record whose state forbids the write):
            # that is a documented 422 or 409. A 400 means the schema lied, and fails.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", 401, 403, 404, 409, 422, 429]
            },
        },
        "operations": [
            {
                # Refused credentials are a 400, as in OAuth 2.0 (invalid_grant): the one
                # schema-valid request that may be refused with 400.
                "include-path": "/api/v1/auth/token/",
                "include-method": "POST",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", 400, 401, 404, 409, 422, 429]
                    }
                },
            }
        ],
        # Deterministic: generated values must not depend on what the server answered (its
        # ids are random), so no reuse of response data and no feedback from errors.
        "phases": {
            "examples": {"enabled": True, "extra-data-sources": {"responses": False}},
            "coverage": {"enabled": True, "extra-data-sources": {"responses": False}},
            # Random data is valid data: schema-breaking inputs come from the coverage phase's
            # boundary and negative cases. Random negative data cost two thirds of the run's
            # time (mutations retried until invalid) for the same number of requests, and
            # reached no further than the 400 the coverage phase already gets.
            "fuzzing": {
                "enabled": True,
                "generation": {
                    "mode": "positive",
                    "max-examples": FUZZ_EXAMPLES,
                    "database": "none",
                    "no-shrink": True,
                    "allow-x00": False,
                },
                "extra-data-sources": {"responses": False},
                "error-feedback": {"enabled": False},
            },
            "stateful": {"enabled": False},
        },
    }
)


def _openapi() -> dict:
    """The schema exactly as /api/v1/schema/ serves it (as JSON)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


_schema = schemathesis.openapi.from_dict(_openapi(), config=CONFIG).exclude(
    method=EXCLUDED_METHOD, path_regex=EXCLUDED_PATHS
)
_schema.app = WSGIHandler()
# The coordinator reaches no training or inspection (those paths run as their own users).
coordinator_schema = _schema.exclude(path_regex=r"^/api/v1/(" + _PILLAR_PREFIXES + r")/")


def _only(paths: str):
    """The operations under ``paths``. Not ``include()``: with per-operation settings in the
    config (the token endpoint's above), schemathesis 4 ignores ``include()`` and every user
    ran the whole API; ``exclude()`` of everything else is honoured."""
    return _schema.exclude(path_regex=r"^(?!(?:" + paths.removeprefix("^") + r"))")


admin_schema = _only(ACCOUNTS_PATHS)
prosecutor_schema = _only(PROSECUTION_PATHS)
trainer_schema = _only(PREVENTION_PATHS)
inspector_schema = _only(INSPECTION_PATHS)
secretary_schema = _only(COORDINATION_PATHS)
analyst_schema = _only(RESULTS_PATHS)

# Filled by the `world` fixture: the ids of the demo world's records, and the tokens.
WORLD: dict[str, list[str]] = {}
TOKENS: dict[str, str] = {}
# operation label -> Counter of status codes, over the whole run.
STATUSES: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)


def _real_ids(context, path_parameters):
    """Point three generated ids in four at a record of the world, so that requests reach the
    code behind the 404; the fourth stays random (and must be a documented 404)."""
    mapped = dict(path_parameters or {})
    path = context.operation.path if context is not None and context.operation else ""
    # The same parameter name means another model under a pillar's own prefix.
    prefix = next((p for p in PREFIXED_ID_MODELS if path.startswith(p)), "")
    for name, value in (path_parameters or {}).items():
        ids = WORLD.get(f"{prefix}{name}") if prefix else None
        ids = ids or WORLD.get(name)
        if not ids:
            continue
        try:
            drawn = uuid.UUID(str(value)).int
        except ValueError:
            continue
        if drawn % 4:
            mapped[name] = ids[drawn % len(ids)]
    return mapped


USER_SCHEMAS = (
    coordinator_schema,
    admin_schema,
    prosecutor_schema,
    trainer_schema,
    inspector_schema,
    secretary_schema,
    analyst_schema,
)
for _s in USER_SCHEMAS:
    _s.hook("map_path_parameters")(_real_ids)


ID_MODELS = {
    "case_id": "cases.Case",
    "report_id": "intake.Report",
    "person_id": "people.Person",
    "user_id": "accounts.User",
    "membership_id": "accounts.Membership",
    "institution_id": "institutions.Institution",
    "event_id": "audit.AuditEvent",
    "referral_id": "referrals.Referral",
    "transfer_id": "referrals.Transfer",
    "consent_id": "cases.Consent",
    "goal_id": "care.CareGoal",
    "service_id": "care.CareService",
    "task_id": "cases.Task",
    "attachment_id": "cases.Attachment",
    "notification_id": "notifications.Notification",
    "file_id": "prosecution.CriminalFile",
    "defendant_id": "prosecution.Defendant",
    "charge_id": "prosecution.Charge",
    "appeal_id": "prosecution.Appeal",
    "victim_id": "prosecution.FileVictim",
    "measure_id": "prosecution.ProtectionMeasure",
    "hearing_id": "prosecution.Hearing",
    "operation_id": "prosecution.Operation",
    "framework_id": "prevention.CompetencyFramework",
    "competency_id": "prevention.Competency",
    "indicator_id": "prevention.BehaviouralIndicator",
    "course_id": "prevention.Course",
    "module_id": "prevention.CourseModule",
    "question_id": "prevention.Question",
    "rule_id": "prevention.MandatoryCourse",
    "session_id": "prevention.TrainingSession",
    "trainer_id": "prevention.SessionTrainer",
    "participant_id": "prevention.Participant",
    "enrolment_id": "prevention.Enrolment",
    "certificate_id": "prevention.Certificate",
    "job_id": "prevention.ImportJob",
    "campaign_id": "prevention.Campaign",
    "material_id": "prevention.CampaignMaterial",
    "inspection_id": "prevention.Inspection",
    "pair_id": "people.DuplicatePair",
    "run_id": "people.LinkageRun",
    "merge_id": "people.PersonMerge",
    "release_id": "reporting.Release",
}
# Path parameters under a pillar's prefix: WORLD keys "<prefix><name>".
PREFIXED_ID_MODELS = {
    "/api/v1/statistics/": {"job_id": "reporting.ExportJob"},
    "/api/v1/coordination/": {
        "committee_id": "coordination.Committee",
        "member_id": "coordination.CommitteeMember",
        "representative_id": "coordination.Representative",
        "meeting_id": "coordination.Meeting",
        "item_id": "coordination.AgendaItem",
        "agenda_item_id": "coordination.AgendaItem",
        "attachment_id": "coordination.MeetingAttachment",
        "agreement_id": "coordination.Agreement",
        "action_id": "coordination.ActionItem",
        "action_item_id": "coordination.ActionItem",
        "cooperation_id": "coordination.CooperationAgreement",
    },
    "/api/v1/results/": {
        "framework_id": "results.ResultsFramework",
        "node_id": "results.ResultNode",
        "result_id": "results.ResultNode",
        "indicator_id": "results.Indicator",
        "target_id": "results.Target",
        "measurement_id": "results.Measurement",
        "narrative_id": "results.Narrative",
        "data_set_id": "results.DataSet",
        "dataset_id": "results.DataSet",
        "element_id": "results.DataElement",
        "rule_id": "results.ValidationRule",
        "return_id": "results.DataReturn",
    },
}


def _ids_in_creation_order(model) -> list[str]:
    """Ids are random (uuid4): ordered by creation, the same drawn value picks the same record
    in every run."""
    names = {f.name for f in model._meta.fields}
    first = next(name for name in ("appended", "created_at", "date_joined") if name in names)
    # Rows saved together share a time: break ties on what tells them apart.
    ties = [
        name
        for name in ("username", "reference", "kind", "purpose", "code", "type")
        if name in names
    ]
    rows = model.objects.order_by(first, *ties, "pk").values_list("pk", flat=True)[:50]
    return [str(pk) for pk in rows]


def _more_world() -> None:
    """What the demo lacks for the API to be reached everywhere: a transfer waiting."""
    from django.utils import timezone

    from ruta.accounts.models import Membership
    from ruta.cases import services as cases
    from ruta.cases.models import Case
    from ruta.core.actor import actor_for_membership
    from ruta.institutions.models import Institution
    from ruta.referrals import services as referrals

    coordinator = actor_for_membership(
        Membership.objects.select_related("role", "institution", "user").get(
            user__username=COORDINATOR
        )
    )
    case, shelter = Case.objects.get(), Institution.objects.get(acronym="CANV")
    cases.consent_record(
        actor=coordinator,
        case=case,
        purpose="sharing",
        recipient=shelter,
        given_by="child_protection",
        given_on=timezone.localdate(),
        child_assent=True,
        guardian_consent=True,
    )
    referrals.transfer_propose(
        actor=coordinator, case=case, to_institution=shelter, message="Traslado de prueba."
    )
    # A statistics release of last year awaiting publication (the analyst's to read).
    from ruta.reporting.services_releases import release_prepare

    analyst = actor_for_membership(
        Membership.objects.select_related("role", "institution", "user").get(user__username=ANALYST)
    )
    release_prepare(actor=analyst, year=timezone.localdate().year - 1)
    # An exchange file the analyst asked for, written and ready.
    from ruta.reporting.services_exports import export_run, export_start

    export_run(
        export_start(
            actor=analyst,
            kind="unodc",
            year=timezone.localdate().year - 1,
            reason="Cuestionario anual de la UNODC",
        )
    )


def _token(username: str) -> str:
    """A token obtained as a client would: password and one-time code."""
    from ruta.accounts.models import TOTPDevice, User
    from ruta.demo.seed import demo_password

    user = User.objects.get(username=username)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    device.confirmed_at = device.confirmed_at or device.created_at
    device.save()
    response = APIClient().post(
        "/api/v1/auth/token/",
        {
            "username": username,
            "password": demo_password(),
            "otp_code": pyotp.TOTP(device.secret).now(),
            "name": "schemathesis",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


@pytest.fixture(scope="module")
def world(request, django_db_setup, django_db_blocker):
    """The demo world, seeded once for the module inside a transaction rolled back at the end;
    each test runs in a savepoint inside it (pytest-django's `db`)."""
    from django.apps import apps

    from ruta.demo.seed import seed_demo

    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # 4xx answers are expected by the thousand; 500s still log
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_demo()
            _more_world()
            for name, label in ID_MODELS.items():
                WORLD[name] = _ids_in_creation_order(apps.get_model(label))
            for prefix, models in PREFIXED_ID_MODELS.items():
                for name, label in models.items():
                    WORLD[f"{prefix}{name}"] = _ids_in_creation_order(apps.get_model(label))
            TOKENS[COORDINATOR] = _token(COORDINATOR)
            TOKENS[ADMIN] = _token(ADMIN)
            TOKENS[PROSECUTOR] = _token(PROSECUTOR)
            TOKENS[TRAINER] = _token(TRAINER)
            TOKENS[INSPECTOR] = _token(INSPECTOR)
            TOKENS[SECRETARY] = _token(SECRETARY)
            TOKENS[ANALYST] = _token(ANALYST)
            # The bare WSGI handler would close the connection (and with it the transaction)
            # after each request; Django's test client knows not to, and neither do we.
            request_started.disconnect(close_old_connections)
            request_finished.disconnect(close_old_connections)
            yield WORLD
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
            quiet.setLevel(level)
            run_tally.hand_over(
                request.config,
                statuses=STATUSES,
                operations=len(_all_operations()),
                minimum=MIN_REQUESTS,
                title=f"schemathesis {schemathesis.__version__}, seed {SEED}",
            )


def _all_operations() -> set[str]:
    """Every operation some user runs (the run is complete when each had its requests)."""
    return {r.ok().label for schema in USER_SCHEMAS for r in schema.get_all_operations()}


class Findings:
    """The distinct failures of one operation, reported once all its requests have run."""

    def __init__(self) -> None:
        self.seen: dict = {}
        self.requests = 0

    def add(self, failure, case, response) -> None:
        key = (type(failure).__name__, failure.title, failure.message.split("\n", 1)[0])
        if key not in self.seen:
            self.seen[key] = (failure, case.as_curl_command(headers=dict(response.request.headers)))

    def report(self) -> str:
        lines = [f"{len(self.seen)} distinct failure(s) in {self.requests} requests:"]
        for failure, curl in self.seen.values():
            lines.append("")
            lines.append(f"- [{failure.code}] {failure.title}")
            lines.extend("    " + line for line in failure.message.strip().splitlines()[:30])
            lines.append("    " + curl)  # schemathesis masks the token
        return "\n".join(lines)


@pytest.fixture
def findings(world, db):
    found = Findings()
    yield found
    if found.seen:
        pytest.fail(found.report(), pytrace=False)


def _run(case, token: str, found: Findings) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    response = case.call(headers=headers)
    found.requests += 1
    STATUSES[case.operation.label][response.status_code] += 1
    try:
        case.validate_response(response, headers=headers)
    except FailureGroup as group:
        for failure in group.exceptions:
            found.add(failure, case, response)


@coordinator_schema.parametrize()
def test_api_as_eri_coordinator(case, findings):
    _run(case, TOKENS[COORDINATOR], findings)


@admin_schema.parametrize()
def test_accounts_api_as_institution_admin(case, findings):
    _run(case, TOKENS[ADMIN], findings)


@prosecutor_schema.parametrize()
def test_prosecution_api_as_prosecutor(case, findings):
    _run(case, TOKENS[PROSECUTOR], findings)


@trainer_schema.parametrize()
def test_prevention_api_as_trainer(case, findings):
    _run(case, TOKENS[TRAINER], findings)


@inspector_schema.parametrize()
def test_inspections_api_as_labour_inspector(case, findings):
    _run(case, TOKENS[INSPECTOR], findings)


@secretary_schema.parametrize()
def test_coordination_api_as_committee_secretary(case, findings):
    _run(case, TOKENS[SECRETARY], findings)


@analyst_schema.parametrize()
def test_results_api_as_me_analyst(case, findings):
    _run(case, TOKENS[ANALYST], findings)


def test_each_user_runs_only_its_own_paths():
    """The run's cost and its meaning: each user calls the operations it is there for."""
    for schema, paths in (
        (admin_schema, ACCOUNTS_PATHS),
        (prosecutor_schema, PROSECUTION_PATHS),
        (trainer_schema, PREVENTION_PATHS),
        (inspector_schema, INSPECTION_PATHS),
        (secretary_schema, COORDINATION_PATHS),
        (analyst_schema, RESULTS_PATHS),
    ):
        operations = [r.ok() for r in schema.get_all_operations()]
        assert operations and all(re.match(paths, op.path) for op in operations), paths
    everything = sum(1 for _ in _schema.get_all_operations())
    assert sum(1 for _ in analyst_schema.get_all_operations()) < everything / 4


# The run's size (at least MIN_REQUESTS generated requests once every operation ran) is checked
# when the session ends, over all xdist workers together: tests/api/run_tally.py.
