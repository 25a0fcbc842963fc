"""Who may call what: every route, for anonymous visitors and for representative roles, on
records of their own institution and of another one (which must answer 404, never 403)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts import authentication as auth
from ruta.audit import services as audit
from ruta.care import services as care
from ruta.care.models import AssessmentTemplate
from ruta.cases import services as cases
from ruta.core.testing.factories import (
    actor_of,
    make_institution,
    make_unit,
    make_user,
    sign_in,
)
from ruta.core.testing.matrix import ANONYMOUS, rows, uncovered_routes
from ruta.intake import services as intake
from ruta.people import services as people
from ruta.referrals import services as referrals

ROLES = ("case_worker", "eri_coordinator", "institution_admin", "auditor", "platform_admin")
A, W, ERI, ADM, AUD, PLA = (
    ANONYMOUS,
    "case_worker",
    "eri_coordinator",
    "institution_admin",
    "auditor",
    "platform_admin",
)


def everyone(signed: int, anonymous: int = 302) -> dict[str, int]:
    return {A: anonymous, **dict.fromkeys(ROLES, signed)}


def only(allowed: dict[str, int], denied: int = 404, anonymous: int = 302) -> dict[str, int]:
    return {A: anonymous, **{r: allowed.get(r, denied) for r in ROLES}}


MATRIX = [
    *rows("web:home", "GET", everyone(200)),
    *rows("healthz", "GET", everyone(200, anonymous=200)),
    *rows("set_language", "POST", everyone(302, anonymous=302)),
    *rows("accounts:login", "GET", everyone(302, anonymous=200)),
    *rows("accounts:login-verify", "GET", everyone(302, anonymous=302)),
    *rows("accounts:logout", "POST", everyone(302)),
    *rows("accounts:logout-everywhere", "POST", everyone(302)),
    *rows("accounts:totp-setup", "GET", everyone(200)),
    *rows("accounts:password-change", "GET", everyone(200)),
    *rows("accounts:password-reset-confirm", "GET", everyone(400, anonymous=400)),
    *rows("accounts:account", "GET", everyone(200)),
    *rows("accounts:notification-preferences", "POST", everyone(302)),
    # Someone else's token (the target user's): 404 for everyone; one's own is in
    # tests/accounts/test_tokens.py.
    *rows("accounts:token-revoke", "POST", only({})),
    *rows("accounts:membership-switch", "POST", everyone(302)),
    *rows("accounts:no-membership", "GET", everyone(403)),
    *rows("accounts:user-list", "GET", only({ADM: 200, PLA: 200})),
    *rows("accounts:user-create", "GET", only({ADM: 200, PLA: 200})),
    *rows("accounts:user-detail", "GET", only({ADM: 200, PLA: 200})),
    *rows("accounts:user-detail", "GET", only({PLA: 200}), target="other"),
    *rows("accounts:user-action", "POST", only({ADM: 302, PLA: 302})),
    *rows("accounts:user-action", "POST", only({PLA: 302}), target="other"),
    *rows("accounts:membership-create", "POST", only({ADM: 302, PLA: 302})),
    *rows("accounts:membership-create", "POST", only({PLA: 302}), target="other"),
    *rows("accounts:membership-update", "POST", only({ADM: 302, PLA: 302})),
    *rows("accounts:membership-update", "POST", only({PLA: 302}), target="other"),
    *rows("accounts:role-list", "GET", only({PLA: 200})),
    *rows("accounts:role-create", "GET", only({PLA: 200})),
    *rows("accounts:role-edit", "GET", only({PLA: 200})),
    *rows("institutions:institution-list", "GET", everyone(200)),
    *rows("institutions:institution-create", "GET", only({PLA: 200})),
    *rows("institutions:institution-detail", "GET", everyone(200)),
    *rows("institutions:institution-detail", "GET", only({PLA: 200}), target="inactive"),
    *rows("institutions:institution-edit", "GET", only({PLA: 200})),
    *rows("institutions:institution-details", "POST", only({ADM: 302, PLA: 302})),
    *rows("institutions:institution-details", "POST", only({PLA: 302}), target="other"),
    *rows("audit:event-list", "GET", only({AUD: 200})),
    *rows("notifications:notification-list", "GET", everyone(200)),
    *rows("intake:public-report", "GET", everyone(200, anonymous=200)),
    *rows("intake:public-report-thanks", "GET", everyone(302, anonymous=302)),
    *rows("intake:report-queue", "GET", only({W: 200, ERI: 200})),
    *rows("intake:report-create", "GET", only({W: 200, ERI: 200})),
    # A case worker's scope is "own": a report someone else recorded stays out of reach.
    *rows("intake:report-detail", "GET", only({ERI: 200})),
    *rows("intake:report-detail", "GET", only({}), target="other"),
    *rows("intake:report-action", "POST", only({ERI: 302})),
    *rows("intake:report-action", "POST", only({}), target="other"),
    *rows("people:person-search", "GET", only({W: 200, ERI: 200})),
    *rows("people:person-create", "GET", only({W: 200, ERI: 200})),
    *rows("people:person-matches", "POST", only({W: 200, ERI: 200})),
    *rows("people:person-detail", "GET", only({ERI: 200})),
    *rows("people:person-detail", "GET", only({}), target="other"),
    *rows("people:person-edit", "GET", only({ERI: 200})),
    *rows("people:person-edit", "GET", only({}), target="other"),
    *rows("cases:case-list", "GET", only({W: 200, ERI: 200})),
    *rows("cases:case-open", "GET", only({W: 200, ERI: 200})),
    # A case worker sees the cases assigned to them; this one is unassigned.
    *rows("cases:case-detail", "GET", only({ERI: 200})),
    *rows("cases:case-detail", "GET", only({}), target="other"),
    *rows("cases:case-form", "GET", only({ERI: 200})),
    *rows("cases:case-form", "GET", only({}), target="other"),
    *rows("cases:case-action", "POST", only({ERI: 302})),
    *rows("cases:case-action", "POST", only({}), target="other"),
    *rows("cases:case-note", "POST", only({ERI: 302})),
    *rows("cases:case-note", "POST", only({}), target="other"),
    *rows("cases:case-attachment", "POST", only({ERI: 302})),
    *rows("cases:case-attachment", "POST", only({}), target="other"),
    *rows("cases:attachment-download", "GET", only({ERI: 200})),
    *rows("cases:attachment-download", "GET", only({}), target="other"),
    *rows("cases:case-consent", "POST", only({ERI: 302})),
    *rows("cases:case-consent", "POST", only({}), target="other"),
    *rows("cases:consent-withdraw", "POST", only({ERI: 302})),
    *rows("cases:consent-withdraw", "POST", only({}), target="other"),
    *rows("cases:case-screening", "GET", only({ERI: 200})),
    *rows("cases:case-screening", "GET", only({}), target="other"),
    *rows("cases:task-complete", "POST", only({ERI: 302})),
    *rows("cases:task-complete", "POST", only({}), target="other"),
    # Care sections: the case's scope, then the health sensitivity.
    *rows("care:care", "GET", only({ERI: 200})),
    *rows("care:care", "GET", only({}), target="other"),
    *rows("care:assessment-new", "POST", only({ERI: 302})),
    *rows("care:assessment-new", "POST", only({}), target="other"),
    *rows("care:care-action", "POST", only({ERI: 302})),
    *rows("care:care-action", "POST", only({}), target="other"),
    *rows("care:goal-status", "POST", only({ERI: 302})),
    *rows("care:goal-status", "POST", only({}), target="other"),
    *rows("care:service-action", "POST", only({ERI: 302})),
    *rows("care:service-action", "POST", only({}), target="other"),
    # Referrals: the directory is shared; a referral is seen by its two institutions only.
    *rows("referrals:directory", "GET", everyone(200)),
    *rows("referrals:offering-save", "POST", only({ADM: 302, PLA: 302})),
    *rows("referrals:referral-list", "GET", only({W: 200, ERI: 200})),
    *rows("referrals:referral-new", "GET", only({ERI: 200})),
    *rows("referrals:referral-new", "GET", only({}), target="other"),
    *rows("referrals:referral-detail", "GET", only({ERI: 200})),
    *rows("referrals:referral-detail", "GET", only({}), target="other"),
    *rows("referrals:referral-action", "POST", only({ERI: 302})),
    *rows("referrals:referral-action", "POST", only({}), target="other"),
    *rows("referrals:transfer-new", "GET", only({ERI: 200})),
    *rows("referrals:transfer-new", "GET", only({}), target="other"),
    *rows("referrals:transfer-detail", "GET", only({ERI: 200})),
    *rows("referrals:transfer-detail", "GET", only({}), target="other"),
    *rows("referrals:transfer-action", "POST", only({ERI: 302})),
    *rows("referrals:transfer-action", "POST", only({}), target="other"),
    # API: anonymous callers get 401 problem+json instead of a redirect.
    *rows("api:auth-token", "POST", everyone(400, anonymous=400)),
    *rows("api:me", "GET", everyone(200, anonymous=401)),
    *rows("api:me", "PATCH", everyone(200, anonymous=401)),
    *rows("api:me-token-list", "GET", everyone(200, anonymous=401)),
    *rows("api:me-token-revoke", "POST", only({}, anonymous=401)),
    *rows("api:schema", "GET", everyone(200, anonymous=401)),
    *rows("api:docs", "GET", everyone(200, anonymous=401)),
    *rows("api:user-list", "GET", only({ADM: 200, PLA: 200}, anonymous=401)),
    *rows("api:user-detail", "GET", only({ADM: 200, PLA: 200}, anonymous=401)),
    *rows("api:user-detail", "GET", only({PLA: 200}, anonymous=401), target="other"),
    *rows("api:user-action", "POST", only({ADM: 200, PLA: 200}, anonymous=401)),
    *rows("api:user-action", "POST", only({PLA: 200}, anonymous=401), target="other"),
    *rows("api:membership-list", "GET", only({ADM: 200, PLA: 200}, anonymous=401)),
    *rows("api:membership-detail", "GET", only({ADM: 200, PLA: 200}, anonymous=401)),
    *rows("api:membership-detail", "GET", only({PLA: 200}, anonymous=401), target="other"),
    *rows("api:role-list", "GET", only({ADM: 200, PLA: 200}, anonymous=401)),
    *rows("api:institution-list", "GET", everyone(200, anonymous=401)),
    *rows("api:institution-detail", "GET", everyone(200, anonymous=401)),
    *rows("api:institution-detail", "GET", only({PLA: 200}, anonymous=401), target="inactive"),
    *rows("api:report-list", "GET", only({W: 200, ERI: 200}, anonymous=401)),
    *rows("api:report-detail", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:report-detail", "GET", only({}, anonymous=401), target="other"),
    *rows("api:report-action", "POST", only({ERI: 200}, anonymous=401)),
    *rows("api:report-action", "POST", only({}, anonymous=401), target="other"),
    *rows("api:person-list", "POST", only({W: 201, ERI: 201}, anonymous=401)),
    *rows("api:person-search", "POST", only({W: 200, ERI: 200}, anonymous=401)),
    *rows("api:person-matches", "POST", only({W: 200, ERI: 200}, anonymous=401)),
    *rows("api:person-detail", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:person-detail", "GET", only({}, anonymous=401), target="other"),
    *rows("api:case-list", "GET", only({W: 200, ERI: 200}, anonymous=401)),
    *rows("api:case-detail", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:case-detail", "GET", only({}, anonymous=401), target="other"),
    *rows("api:case-action", "POST", only({ERI: 200}, anonymous=401)),
    *rows("api:case-action", "POST", only({}, anonymous=401), target="other"),
    *rows("api:case-notes", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:case-notes", "GET", only({}, anonymous=401), target="other"),
    *rows("api:case-attachments", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:case-attachments", "GET", only({}, anonymous=401), target="other"),
    *rows("api:attachment-download", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:attachment-download", "GET", only({}, anonymous=401), target="other"),
    *rows("api:case-consents", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:case-consents", "GET", only({}, anonymous=401), target="other"),
    *rows("api:consent-withdraw", "POST", only({ERI: 200}, anonymous=401)),
    *rows("api:consent-withdraw", "POST", only({}, anonymous=401), target="other"),
    *rows("api:case-screenings", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:case-screenings", "GET", only({}, anonymous=401), target="other"),
    *rows("api:screening-instruments", "GET", only({W: 200, ERI: 200}, anonymous=401)),
    *rows("api:task-complete", "POST", only({ERI: 200}, anonymous=401)),
    *rows("api:task-complete", "POST", only({}, anonymous=401), target="other"),
    *rows("api:assessment-templates", "GET", only({W: 200, ERI: 200}, anonymous=401)),
    *rows("api:case-assessments", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:case-assessments", "GET", only({}, anonymous=401), target="other"),
    *rows("api:case-care-plan", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:case-care-plan", "GET", only({}, anonymous=401), target="other"),
    *rows("api:case-care-plan-part", "POST", only({ERI: 201}, anonymous=401)),
    *rows("api:case-care-plan-part", "POST", only({}, anonymous=401), target="other"),
    *rows("api:care-goal", "PATCH", only({ERI: 200}, anonymous=401)),
    *rows("api:care-goal", "PATCH", only({}, anonymous=401), target="other"),
    *rows("api:care-service", "PATCH", only({ERI: 200}, anonymous=401)),
    *rows("api:care-service", "PATCH", only({}, anonymous=401), target="other"),
    *rows("api:care-service-deliveries", "POST", only({ERI: 201}, anonymous=401)),
    *rows("api:care-service-deliveries", "POST", only({}, anonymous=401), target="other"),
    *rows("api:service-offerings", "GET", everyone(200, anonymous=401)),
    *rows("api:referral-list", "GET", only({W: 200, ERI: 200}, anonymous=401)),
    *rows("api:referral-dashboard", "GET", only({W: 200, ERI: 200}, anonymous=401)),
    *rows("api:referral-detail", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:referral-detail", "GET", only({}, anonymous=401), target="other"),
    *rows("api:referral-action", "POST", only({ERI: 200}, anonymous=401)),
    *rows("api:referral-action", "POST", only({}, anonymous=401), target="other"),
    *rows("api:transfer-list", "GET", only({W: 200, ERI: 200}, anonymous=401)),
    *rows("api:transfer-detail", "GET", only({ERI: 200}, anonymous=401)),
    *rows("api:transfer-detail", "GET", only({}, anonymous=401), target="other"),
    *rows("api:transfer-action", "POST", only({ERI: 200}, anonymous=401)),
    *rows("api:transfer-action", "POST", only({}, anonymous=401), target="other"),
    *rows("api:audit-event-list", "GET", only({AUD: 200}, anonymous=401)),
    *rows("api:audit-event-detail", "GET", only({AUD: 200}, anonymous=401)),
    *rows("api:audit-event-detail", "GET", only({}, anonymous=401), target="other"),
]


@pytest.fixture
def world(db):
    """Two institutions with a user, a membership, a unit and an audit event in each."""
    home = make_institution("Institución propia")
    other = make_institution("Otra institución")
    inactive = make_institution("Institución cerrada", is_active=False)
    actors = {role: make_user(role, home) for role in ROLES}
    targets = {}
    for key, institution in (("own", home), ("other", other)):
        subject = make_user("case_worker", institution)
        recorder = actor_of(make_user("hotline_operator", institution))
        coordinator = actor_of(make_user("eri_coordinator", institution))
        targets[key] = {
            "institution": institution,
            "user": subject,
            "membership": subject.memberships.get(),
            "token": auth.token_create(
                user=subject, membership=subject.memberships.get(), second_factor=True
            )[0],
            "unit": make_unit(institution),
            "event": audit.record(action="tests.matrix.seeded", target=institution),
            "person": people.person_create(
                actor=coordinator, given_names="Ana", first_surname="Prueba"
            ),
            "case": None,
            "report": intake.report_create(
                actor=recorder, channel="hotline", narrative="Relato de prueba"
            ),
        }
    for key, t in targets.items():
        coordinator = actor_of(t["person"].created_by.memberships.get().user)
        t["case"] = cases.case_open(actor=coordinator, person=t["person"])
        t["task"] = t["case"].tasks.get()
        t["attachment"] = cases.attachment_add(
            actor=coordinator,
            case=t["case"],
            sensitivity="general",
            filename="acta.pdf",
            content=b"%PDF-1.4 prueba",
        )
        t["consent"] = cases.consent_record(
            actor=coordinator,
            case=t["case"],
            purpose="statistics",
            given_by="person",
            given_on=timezone.localdate(),
        )
        cases.consent_record(
            actor=coordinator,
            case=t["case"],
            purpose="assistance",
            given_by="person",
            given_on=timezone.localdate(),
        )
        t["plan"] = care.plan_create(actor=coordinator, case=t["case"], objectives="Estabilizar")
        t["goal"] = care.goal_add(
            actor=coordinator, plan=t["plan"], area="Shelter", description="Albergue"
        )
        t["service"] = care.service_add(
            actor=coordinator,
            plan=t["plan"],
            type="Shelter",
            responsible=t["institution"],
            due_on=timezone.localdate(),
        )
        receiver = make_institution()
        referrals.offering_save(
            actor=actor_of(make_user("platform_admin", receiver)),
            institution=receiver,
            service="Shelter",
            departments=[],
        )
        cases.consent_record(
            actor=coordinator,
            case=t["case"],
            purpose="sharing",
            recipient=receiver,
            given_by="person",
            given_on=timezone.localdate(),
        )
        t["referral"] = referrals.referral_send(
            actor=coordinator,
            case=t["case"],
            to_institution=receiver,
            type="care",
            services=["Shelter"],
        )
        t["transfer"] = referrals.transfer_propose(
            actor=coordinator, case=t["case"], to_institution=receiver
        )
        t["case"].refresh_from_db()
        del key
    targets["inactive"] = {**targets["other"], "institution": inactive}
    return actors, targets


def _kwargs(route: str, t: dict) -> dict:
    name = route.split(":")[-1]
    api = route.startswith("api:")
    if name in {"user-detail", "membership-create"}:
        return {"user_id": t["user"].pk}
    if name == "user-action":
        return {"user_id": t["user"].pk, "action": "unlock"}
    if name == "membership-update" or name == "membership-detail":
        return {"membership_id": t["membership"].pk}
    if name == "role-edit":
        return {"role_id": t["membership"].role_id}
    if name in {"institution-detail", "institution-edit"}:
        return {"institution_id": t["institution"].pk}
    if name == "institution-details":
        return {"institution_id": t["institution"].pk, "part": "units"}
    if name == "case-detail":
        return {"case_id": t["case"].pk}
    if name == "case-action":
        return {"case_id": t["case"].pk, "action": "first-contact" if api else "assign"}
    if name == "consent-withdraw":
        return {"consent_id": t["consent"].pk}
    if name in {
        "case-note",
        "case-attachment",
        "case-notes",
        "case-attachments",
        "case-consent",
        "case-consents",
        "case-screening",
        "case-screenings",
    }:
        return {"case_id": t["case"].pk}
    if name in {"care", "assessment-new", "case-assessments", "case-care-plan"}:
        return {"case_id": t["case"].pk}
    if name == "care-action":
        return {"case_id": t["case"].pk, "action": "goal"}
    if name == "case-care-plan-part":
        return {"case_id": t["case"].pk, "part": "goals"}
    if name in {"goal-status", "care-goal"}:
        return {"goal_id": t["goal"].pk}
    if name == "service-action":
        return {"service_id": t["service"].pk, "action": "status"}
    if name in {"care-service", "care-service-deliveries"}:
        return {"service_id": t["service"].pk}
    if name == "case-form":
        return {"case_id": t["case"].pk, "name": "event"}
    if name in {"referral-new", "transfer-new"}:
        return {"case_id": t["case"].pk}
    if name == "referral-detail":
        return {"referral_id": t["referral"].pk}
    if name == "referral-action":
        return {"referral_id": t["referral"].pk, "action": "withdraw"}
    if name == "transfer-detail":
        return {"transfer_id": t["transfer"].pk}
    if name == "transfer-action":
        return {"transfer_id": t["transfer"].pk, "action": "withdraw"}
    if name == "attachment-download":
        return {"attachment_id": t["attachment"].pk}
    if name == "task-complete":
        return {"task_id": t["task"].pk}
    if name in {"person-detail", "person-edit"}:
        return {"person_id": t["person"].pk}
    if name == "report-detail":
        return {"report_id": t["report"].pk}
    if name == "report-action":
        return {"report_id": t["report"].pk, "action": "take"}
    if name == "audit-event-detail":
        return {"event_id": t["event"].pk}
    if name in {"token-revoke", "me-token-revoke"}:
        return {"token_id": t["token"].pk}
    if name == "password-reset-confirm":
        return {"uidb64": "AAAA", "token": "not-a-token"}
    return {}


def _post_data(route: str, t: dict) -> dict:
    if route == "institutions:institution-details":
        return {"units-name": "Oficina de prueba"}
    if route in {"cases:case-action", "api:case-action"}:
        return {"version": t["case"].version}
    if route in {"intake:report-action", "api:report-action"}:
        return {"version": t["report"].version}
    if route == "referrals:offering-save":
        return {"service": "Shelter", "is_active": "on"}
    if route == "referrals:referral-action":
        return {"withdraw-version": t["referral"].version, "withdraw-reason": "Ya no aplica"}
    if route == "api:referral-action":
        return {"version": t["referral"].version, "reason": "Ya no aplica"}
    if route in {"referrals:transfer-action", "api:transfer-action"}:
        return {"version": t["transfer"].version}
    if route == "care:assessment-new":
        return {"template": str(AssessmentTemplate.objects.get(code="risk").pk)}
    if route in {"care:care-action", "api:case-care-plan-part"}:
        return {"area": "Medical", "description": "Chequeo médico"}
    if route in {"care:goal-status", "api:care-goal"}:
        return {"version": t["goal"].version, "status": "achieved"}
    if route in {"care:service-action", "api:care-service"}:
        return {"version": t["service"].version, "status": "in_progress"}
    if route == "api:care-service-deliveries":
        return {"delivered_on": timezone.localdate().isoformat()}
    if route == "api:person-list":
        return {"given_names": "Lucía", "first_surname": "Prueba"}
    if route == "api:person-search":
        return {"q": "ana prueba"}
    if route == "accounts:membership-update":
        return {"version": t["membership"].version, "role": t["membership"].role_id}
    if route == "api:me":
        return {"email_notifications": False}
    return {}


@pytest.mark.parametrize("row", MATRIX, ids=str)
def test_permission_matrix(row, world):
    actors, targets = world
    url = reverse(row.route, kwargs=_kwargs(row.route, targets[row.target]))
    data = _post_data(row.route, targets[row.target])
    if row.route.startswith("api:"):
        client = APIClient()
        if row.role != ANONYMOUS:
            user = actors[row.role]
            _token, key = auth.token_create(
                user=user, membership=user.memberships.get(), second_factor=True
            )
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        response = getattr(client, row.method.lower())(url, data, format="json")
    else:
        client = Client()
        if row.role != ANONYMOUS:
            sign_in(client, actors[row.role])
        response = getattr(client, row.method.lower())(url, data)
    assert response.status_code == row.expected, f"{row}: got {response.status_code}"


def test_every_route_has_rows():
    assert uncovered_routes(MATRIX) == set()


def test_out_of_scope_is_never_403():
    assert not [
        row for row in MATRIX if row.expected == 403 and row.route != "accounts:no-membership"
    ]
