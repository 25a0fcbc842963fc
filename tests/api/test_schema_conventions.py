"""The schema's conventions hold for every operation, and the API is exactly as strict as the
schema says (the fast half of what tests/api/test_schemathesis.py checks by generation)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework import serializers
from rest_framework.test import APIClient

from ruta.accounts.models import Membership, User
from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.cases import services as cases
from ruta.cases.models import Note
from ruta.core.api.serializers import StrictSerializer, json_type_error
from ruta.people import services as people
from tests.factories import actor_of, make_user

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}
PROBLEM = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture(scope="module")
def openapi():
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))


def _operations(openapi):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method.upper(), path, operation


def _problem(operation, code) -> bool:
    content = operation["responses"].get(code, {}).get("content", {})
    return content.get("application/problem+json", {}).get("schema") == PROBLEM


def test_every_operation_documents_the_problems_it_can_answer(openapi):
    missing = []
    for method, path, operation in _operations(openapi):
        expected = ["401"]
        if (method, path) != ("POST", "/api/v1/auth/token/"):
            expected.append("404")  # out of scope, not allowed, unknown id
        if method in {"POST", "PUT", "PATCH", "DELETE"}:
            expected += ["400", "409", "415", "422"]
        elif any(p["in"] == "query" for p in operation.get("parameters", [])):
            expected.append("400")
        missing += [
            f"{method} {path}: {code}" for code in expected if not _problem(operation, code)
        ]
    assert not missing, missing
    token = openapi["paths"]["/api/v1/auth/token/"]["post"]
    assert _problem(token, "429")  # the view is throttled
    assert "404" not in token["responses"]  # anonymous: nothing is out of scope


def test_problem_component_is_rfc_9457(openapi):
    problem = openapi["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status"}
    assert problem["properties"]["errors"]["additionalProperties"]["type"] == "array"


def test_strict_bodies_say_unknown_fields_are_refused(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["NoteCreateRequest"]["additionalProperties"] is False
    assert schemas["UserUpdateRequest"]["additionalProperties"] is False
    # A PATCH documents what its serializer requires: the version.
    patch = openapi["paths"]["/api/v1/users/{user_id}/"]["patch"]
    ref = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert "version" in schemas[ref.rsplit("/", 1)[1]]["required"]


def _ok_schema(operation):
    responses = operation["responses"]
    code = "201" if "201" in responses else "200"
    return responses[code]["content"]["application/json"]["schema"]


def test_lists_are_described_as_they_are(openapi):
    paths, schemas = openapi["paths"], openapi["components"]["schemas"]
    paginated = _ok_schema(paths["/api/v1/users/"]["get"])["$ref"].rsplit("/", 1)[1]
    assert {"count", "results"} <= set(schemas[paginated]["properties"])
    # The case list pages without counting every open case: no count in its answer.
    cases = _ok_schema(paths["/api/v1/cases/"]["get"])["$ref"].rsplit("/", 1)[1]
    assert set(schemas[cases]["properties"]) == {"next", "previous", "results"}
    assert set(schemas[cases]["required"]) == {"next", "previous", "results"}
    for path in ("/api/v1/cases/{case_id}/notes/", "/api/v1/assessment-templates/"):
        assert _ok_schema(paths[path]["get"])["type"] == "array", path
    matches = _ok_schema(paths["/api/v1/persons/matches/"]["post"])
    assert matches["type"] == "array"  # closest first, not paginated
    page_size = next(
        p for p in paths["/api/v1/users/"]["get"]["parameters"] if p["name"] == "page_size"
    )
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}


def test_nullable_fields_are_marked(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["Membership"]["properties"]["unit"]["nullable"] is True
    assert schemas["Institution"]["properties"]["parent"]["nullable"] is True


CASE_ACTIONS = {
    # path, operationId, the fields its body requires
    "assign": ("cases_assign", {"version", "assignee"}),
    "first-contact": ("cases_first_contact", {"version"}),
    "facts": ("cases_facts", {"version"}),
    "identification": ("cases_identification", {"version", "status", "decided_on", "basis"}),
    "events": ("cases_events", {"type", "country"}),
    "close-request": ("cases_close_request", {"version", "reason"}),
    "close-decision": ("cases_close_decision", {"version", "approve"}),
    "reopen": ("cases_reopen", {"version", "justification"}),
}


def _body_schema(openapi, operation):
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return openapi["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_each_case_action_has_its_own_operation_body_and_answer(openapi):
    paths = openapi["paths"]
    assert "/api/v1/cases/{case_id}/{action}/" not in paths
    bodies = set()
    for action, (operation_id, required) in CASE_ACTIONS.items():
        operation = paths[f"/api/v1/cases/{{case_id}}/{action}/"]["post"]
        assert operation["operationId"] == operation_id
        body = _body_schema(openapi, operation)
        assert set(body.get("required", [])) == required, action
        assert body["additionalProperties"] is False, action
        bodies.add(operation["requestBody"]["content"]["application/json"]["schema"]["$ref"])
        answer = _ok_schema(operation)["$ref"].rsplit("/", 1)[1]
        assert answer == "CaseDetail", action
    assert len(bodies) == len(CASE_ACTIONS)  # no shared catch-all body
    for part in ("goals", "services", "reviews"):
        operation = paths[f"/api/v1/cases/{{case_id}}/care-plan/{part}/"]["post"]
        assert operation["operationId"] == f"cases_care_plan_{part}_create"
        assert _ok_schema(operation)["$ref"].endswith("/Plan")
    withdraw = paths["/api/v1/consents/{consent_id}/withdraw/"]["post"]
    assert "requestBody" not in withdraw  # an action without a body documents none
    assert _ok_schema(withdraw)["$ref"].endswith("/Consent")


def _body(openapi, operation) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    if not content:
        return None
    ref = content["application/json"]["schema"]["$ref"]
    return openapi["components"]["schemas"][ref.rsplit("/", 1)[1]]


# Each action's route documents its own body (its fields, no more) and its own answer.
ACTIONS = {
    "/api/v1/referrals/{referral_id}/accept/": ({"version", "assigned_to"}, "ReferralDetail"),
    "/api/v1/referrals/{referral_id}/assign/": ({"version", "assigned_to"}, "ReferralDetail"),
    "/api/v1/referrals/{referral_id}/decline/": ({"version", "reason"}, "ReferralDetail"),
    "/api/v1/referrals/{referral_id}/withdraw/": ({"version", "reason"}, "ReferralDetail"),
    "/api/v1/referrals/{referral_id}/complete/": (
        {"version", "outcome", "reason", "note"},
        "ReferralDetail",
    ),
    "/api/v1/transfers/{transfer_id}/accept/": ({"version"}, "Transfer"),
    "/api/v1/transfers/{transfer_id}/decline/": ({"version", "reason"}, "Transfer"),
    "/api/v1/transfers/{transfer_id}/withdraw/": ({"version"}, "Transfer"),
    "/api/v1/reports/{report_id}/take/": ({"version"}, "ReportList"),
    "/api/v1/reports/{report_id}/accept/": ({"version"}, "ReportList"),
    "/api/v1/reports/{report_id}/close/": (
        {"version", "reason", "referral_information"},
        "ReportList",
    ),
    "/api/v1/users/{user_id}/deactivate/": ({"version"}, "User"),
    "/api/v1/users/{user_id}/activate/": ({"version"}, "User"),
    "/api/v1/users/{user_id}/unlock/": (None, "User"),
    "/api/v1/users/{user_id}/reset-password/": (None, "User"),
    "/api/v1/users/{user_id}/reset-2fa/": (None, "User"),
    "/api/v1/notifications/{notification_id}/read/": (None, "Notification"),
    "/api/v1/notifications/read-all/": (None, "NotificationsMarked"),
}


def test_every_action_has_its_own_operation_body_and_answer(openapi):
    paths = openapi["paths"]
    operation_ids = [op["operationId"] for _m, _p, op in _operations(openapi)]
    assert len(operation_ids) == len(set(operation_ids))
    mine = ("/api/v1/referrals/", "/api/v1/transfers/", "/api/v1/reports/", "/api/v1/users/")
    assert not [p for p in paths if p.startswith(mine) and p.endswith("/{action}/")]
    wrong = []
    for path, (fields, answer) in ACTIONS.items():
        operation = paths[path]["post"]
        body = _body(openapi, operation)
        found = None if body is None else set(body["properties"])
        if found != fields:
            wrong.append(f"{path}: body {found}, expected {fields}")
        if body is not None and body.get("additionalProperties") is not False:
            wrong.append(f"{path}: unknown fields are not refused")
        ref = _ok_schema(operation)["$ref"].rsplit("/", 1)[1]
        if ref != answer:
            wrong.append(f"{path}: answers {ref}, expected {answer}")
    assert not wrong, wrong
    # Bodies of different actions are different components, even with the same fields.
    refs = {
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        for path in ACTIONS
        if "requestBody" in (operation := paths[path]["post"])
    }
    assert len(refs) == sum(1 for fields, _answer in ACTIONS.values() if fields)


def test_the_notification_list_documents_its_filter(openapi):
    operation = openapi["paths"]["/api/v1/notifications/"]["get"]
    unread = next(p for p in operation["parameters"] if p["name"] == "unread")
    assert unread["schema"]["type"] == "boolean" and not unread.get("required")
    paginated = _ok_schema(operation)["$ref"].rsplit("/", 1)[1]
    assert {"count", "results"} <= set(openapi["components"]["schemas"][paginated]["properties"])


class _Body(StrictSerializer):
    text = serializers.CharField()
    flag = serializers.BooleanField()
    number = serializers.IntegerField()
    when = serializers.DateField()
    codes = serializers.ListField(child=serializers.CharField())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("text", 0),
        ("text", True),
        ("flag", "true"),
        ("flag", 1),
        ("number", "5"),
        ("number", True),
        ("number", 5.5),
        ("when", 20260101),
        ("codes", [1]),
    ],
)
def test_wrong_json_types_are_refused_not_converted(name, value):
    good = {"text": "x", "flag": True, "number": 5, "when": "2026-01-01", "codes": ["a"]}
    body = _Body(data={**good, name: value})
    assert not body.is_valid()
    assert list(body.errors) == [name]
    assert _Body(data=good).is_valid(), "the right types pass"


def test_null_is_left_to_allow_null():
    assert json_type_error(serializers.CharField(allow_null=True), None) is None


@pytest.fixture
def api(home_institution):
    user = make_user("eri_coordinator", home_institution)
    membership = Membership.objects.get(user=user)
    _token, key = auth.token_create(user=user, membership=membership, second_factor=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    actor = actor_of(user)
    person = people.person_create(actor=actor, given_names="Ana")
    client.case = cases.case_open(actor=actor, person=person)
    return client


def test_a_number_is_not_a_note_body(api):
    before = AuditEvent.objects.count()
    response = api.post(
        f"/api/v1/cases/{api.case.pk}/notes/", {"sensitivity": "general", "body": 0}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "body" in response.json()["errors"]
    assert not Note.objects.exists()
    assert AuditEvent.objects.count() == before
    ok = api.post(
        f"/api/v1/cases/{api.case.pk}/notes/",
        {"sensitivity": "general", "body": "0"},
        format="json",
    )
    assert ok.status_code == 201


@pytest.mark.parametrize(
    "query",
    [
        "mine=null",
        "child=maybe",
        "page_size=abc",
        "page_size=0",
        "page_size=201",
        "page_size=%C2%B2",  # "²": a digit to str.isdigit, not to int
        "page_size=" + "9" * 5000,
    ],
)
def test_bad_query_values_are_refused_not_ignored(api, query):
    response = api.get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def test_good_query_values_are_read(api):
    assert api.get("/api/v1/cases/?mine=false&page_size=200").status_code == 200
    listed = api.get("/api/v1/cases/?mine=true").json()
    assert listed["results"] == []  # the case is nobody's yet: mine=true was read as true
    assert len(api.get("/api/v1/cases/?mine=false").json()["results"]) == 1


def test_unknown_box_is_refused(api):
    assert api.get("/api/v1/referrals/?box=AAA").status_code == 400
    assert api.get("/api/v1/referrals/?box=sent").status_code == 200


def test_a_field_the_action_requires_is_a_400_and_a_name_that_names_nobody_a_422(api):
    response = api.post(
        f"/api/v1/cases/{api.case.pk}/assign/", {"version": api.case.version}, format="json"
    )
    assert response.status_code == 400  # the schema says the body requires it
    assert "assignee" in response.json()["errors"]
    response = api.post(
        f"/api/v1/cases/{api.case.pk}/assign/",
        {"version": api.case.version, "assignee": str(api.case.pk)},
        format="json",
    )
    assert response.status_code == 422  # well-formed, but no such case worker
    assert "assignee" in response.json()["errors"]
    api.case.refresh_from_db()
    assert api.case.assigned_to_id is None


def test_an_api_path_that_matches_no_route_is_a_problem_404(api):
    response = api.get("/api/v1/cases/not-a-uuid/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    assert "text/html" in APIClient().get("/no-such-page/")["Content-Type"]


def test_reports_from_before_1990_are_refused(api):
    response = api.post(
        "/api/v1/reports/",
        {"channel": "hotline", "narrative": "x", "received_at": "0148-04-04T11:30:00Z"},
        format="json",
    )
    assert response.status_code == 422
    assert "received_at" in response.json()["errors"]


def test_the_case_list_pages_without_counting(api, home_institution):
    actor = actor_of(User.objects.get(memberships__institution=home_institution))
    for name in ("Berta", "Carla"):
        cases.case_open(actor=actor, person=people.person_create(actor=actor, given_names=name))
    first = api.get("/api/v1/cases/?page_size=2").json()
    assert "count" not in first
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert "page=" not in second["previous"]  # back to the first page
    seen = {c["id"] for c in first["results"] + second["results"]}
    assert len(seen) == 3
    assert api.get("/api/v1/cases/?page=3&page_size=2").status_code == 404
    assert api.get("/api/v1/cases/?page=0").status_code == 404
    assert api.get("/api/v1/cases/?page=x").status_code == 404
    # Past the highest page (the offset would overflow the database's integers) or not an
    # ASCII number: 404, never a server error.
    for raw in ("100001", "2191513268185394315264", "²", "9" * 5000):
        assert api.get(f"/api/v1/cases/?page={raw}").status_code == 404
    # No COUNT(*) over the institution's cases, whatever the page.
    with CaptureQueriesContext(connection) as ctx:
        api.get("/api/v1/cases/?page_size=2")
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
