"""Criminal files, stages, hearings and police operations through the pages and the API
(slice 1): the same services and policies behind both."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.core.choices import InstitutionType
from ruta.core.models import Department
from ruta.prosecution import services
from ruta.prosecution.models import CriminalFile, Hearing, Offence, Operation
from tests.factories import actor_of, make_institution, make_user, sign_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = timedelta(days=1)


@pytest.fixture
def fiscalia():
    return make_institution("Fiscalía", InstitutionType.PROSECUTION)


@pytest.fixture
def prosecutor(fiscalia):
    return make_user("prosecutor", fiscalia)


@pytest.fixture
def browser(prosecutor):
    return sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), prosecutor)


def api_for(user) -> APIClient:
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def api(prosecutor):
    return api_for(prosecutor)


def trafficking() -> Offence:
    return Offence.objects.filter(classification="trafficking", is_active=True).first()


def open_file(user, *, complaint_on=None, **kw) -> CriminalFile:
    return services.file_create(
        actor=actor_of(user),
        complaint_on=complaint_on or TODAY - 100 * DAY,
        offence=trafficking(),
        department=Department.objects.get(pk="HN-FM"),
        **kw,
    )


# --- Pages ----------------------------------------------------------------------------------


def test_file_opened_through_the_page(browser):
    response = browser.post(
        reverse("prosecution:file-new"),
        {
            "complaint_on": (TODAY - 5 * DAY).isoformat(),
            "offence": str(trafficking().pk),
            "department": "HN-FM",
            "forms_of_exploitation": ["sexual"],
            "prosecutor_number": "FEP-1/2026",
        },
    )
    file = CriminalFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("prosecution:file-detail", kwargs={"file_id": file.pk})
    assert file.prosecutor_number == "FEP-1/2026"
    assert file.classification == "trafficking"
    assert AuditEvent.objects.filter(action="prosecution.file.created").exists()


def test_file_form_refusal_saves_nothing_and_shows_the_error(browser):
    response = browser.post(
        reverse("prosecution:file-new"),
        {
            "complaint_on": (TODAY + 3 * DAY).isoformat(),  # in the future
            "offence": str(trafficking().pk),
            "department": "HN-FM",
        },
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not CriminalFile.objects.exists()


def test_offence_select_offers_only_active_offences(browser):
    retired = Offence.objects.filter(is_active=True).last()
    Offence.objects.filter(pk=retired.pk).update(is_active=False)
    body = browser.get(reverse("prosecution:file-new")).content.decode()
    assert str(trafficking().pk) in body
    assert f'value="{retired.pk}"' not in body


def test_stage_backwards_is_refused_with_the_message(browser, prosecutor):
    file = open_file(prosecutor)
    services.stage_advance(
        actor=actor_of(prosecutor),
        file=file,
        version=1,
        stage="investigation",
        on=TODAY - 50 * DAY,
    )
    file.refresh_from_db()
    response = browser.post(
        reverse("prosecution:stage-advance", kwargs={"file_id": file.pk}),
        {"version": file.version, "stage": "complaint", "on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "moves forward only" in response.content.decode()
    file.refresh_from_db()
    assert file.stage == "investigation"


def test_verdict_before_indictment_is_refused(browser, prosecutor):
    file = open_file(prosecutor)
    response = browser.post(
        reverse("prosecution:stage-advance", kwargs={"file_id": file.pk}),
        {"version": file.version, "stage": "verdict", "on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "no verdict before an indictment" in response.content.decode()
    file.refresh_from_db()
    assert file.stage == "complaint" and file.verdict_on is None


def test_stale_version_is_a_clear_conflict(browser, prosecutor):
    file = open_file(prosecutor)
    response = browser.post(
        reverse("prosecution:file-update", kwargs={"file_id": file.pk}),
        {
            "version": file.version + 5,
            "offence": str(file.offence_id),
            "department": "HN-FM",
            "court": "Tribunal de Sentencia",
        },
    )
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()
    file.refresh_from_db()
    assert file.court == ""


def test_closed_file_refuses_a_move_and_correction_reopens_it(browser, prosecutor):
    file = open_file(prosecutor)
    url = reverse("prosecution:file-close-early", kwargs={"file_id": file.pk})
    response = browser.post(
        url, {"version": file.version, "reason": "archived", "on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.closed_early == "archived"
    response = browser.post(
        reverse("prosecution:stage-advance", kwargs={"file_id": file.pk}),
        {"version": file.version, "stage": "investigation", "on": TODAY.isoformat()},
    )
    assert response.status_code == 409
    file.refresh_from_db()
    assert file.stage == "complaint"
    response = browser.post(
        reverse("prosecution:stage-correct", kwargs={"file_id": file.pk}),
        {
            "version": file.version,
            "stage": "complaint",
            "on": (TODAY - 100 * DAY).isoformat(),
            "reason": "",
        },
    )
    assert response.status_code == 400  # the reason is required
    file.refresh_from_db()
    assert file.closed_early == "archived"


def test_file_page_shows_corrections_and_reasons_only_to_editors(browser, prosecutor, fiscalia):
    file = open_file(prosecutor)
    actor = actor_of(prosecutor)
    services.stage_advance(
        actor=actor, file=file, version=1, stage="investigation", on=TODAY - 50 * DAY
    )
    file.refresh_from_db()
    services.stage_correct(
        actor=actor,
        file=file,
        version=file.version,
        stage="investigation",
        on=TODAY - 60 * DAY,
        reason="Fecha mal anotada",
    )
    url = reverse("prosecution:file-detail", kwargs={"file_id": file.pk})
    body = browser.get(url).content.decode()
    assert "corrected" in body
    assert "Fecha mal anotada" in body
    assert AuditEvent.objects.filter(action="prosecution.file.viewed", target_id=file.pk).exists()
    # A colleague who only reads files sees the correction, not its reason.
    from ruta.accounts.models import Role

    reader_role = Role.objects.create(
        code="file-reader",
        capabilities=["prosecution.view"],
        scope="institution",
        read_sensitivities=["identity"],
    )
    reader = make_user(reader_role.code, fiscalia)
    response = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), reader).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "corrected" in body
    assert "Fecha mal anotada" not in body
    assert (
        'action="' + reverse("prosecution:stage-advance", kwargs={"file_id": file.pk}) not in body
    )


def test_another_institutions_file_and_a_shelter_get_404(prosecutor):
    file = open_file(prosecutor)
    other = make_user("prosecutor", make_institution("Fiscalía 2", InstitutionType.PROSECUTION))
    shelter = make_user("case_worker", make_institution("Albergue"))
    for user in (other, shelter):
        client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), user)
        assert (
            client.get(reverse("prosecution:file-detail", kwargs={"file_id": file.pk})).status_code
            == 404
        )
        assert (
            client.post(
                reverse("prosecution:stage-advance", kwargs={"file_id": file.pk}),
                {"version": 1, "stage": "investigation", "on": TODAY.isoformat()},
            ).status_code
            == 404
        )
        assert (
            api_for(user)
            .get(reverse("api:criminal-file-detail", kwargs={"file_id": file.pk}))
            .status_code
            == 404
        )
    file.refresh_from_db()
    assert file.stage == "complaint"
    body = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), shelter).get("/").content.decode()
    assert reverse("prosecution:file-list") not in body
    body = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), prosecutor).get("/").content.decode()
    assert f'href="{reverse("prosecution:file-list")}"' in body


def test_hearing_scheduled_then_result_with_next_hearing(browser, prosecutor):
    file = open_file(prosecutor)
    services.stage_advance(
        actor=actor_of(prosecutor),
        file=file,
        version=1,
        stage="investigation",
        on=TODAY - 50 * DAY,
    )
    past = timezone.now() - timedelta(days=2)
    response = browser.post(
        reverse("prosecution:hearing-schedule", kwargs={"file_id": file.pk}),
        {"type": "initial", "starts_at": timezone.localtime(past).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    nxt = timezone.localtime(timezone.now() + timedelta(days=20))
    response = browser.post(
        reverse("prosecution:hearing-result", kwargs={"hearing_id": hearing.pk}),
        {
            "version": hearing.version,
            "result": "postponed",
            "next_starts_at": nxt.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.result == "postponed"
    assert hearing.next_hearing is not None and hearing.next_hearing.type == "initial"


def test_hearing_before_investigation_refused(browser, prosecutor):
    file = open_file(prosecutor)
    response = browser.post(
        reverse("prosecution:hearing-schedule", kwargs={"file_id": file.pk}),
        {"type": "initial", "starts_at": "2026-01-10T10:00"},
    )
    assert response.status_code == 400
    assert not Hearing.objects.exists()


def test_operation_recorded_and_its_files_listed(browser, prosecutor):
    response = browser.post(
        reverse("prosecution:operation-new"),
        {
            "name": "Operativo Luz",
            "carried_out_on": (TODAY - 10 * DAY).isoformat(),
            "department": "HN-FM",
            "victims_found": 3,
            "suspects_arrested": 2,
        },
    )
    operation = Operation.objects.get()
    assert response.status_code == 302
    file = open_file(prosecutor, operation=operation)
    body = browser.get(
        reverse("prosecution:operation-detail", kwargs={"operation_id": operation.pk})
    ).content.decode()
    assert file.reference in body


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


LOCKED_LIST = 12
LOCKED_API_LIST = 6


def test_file_list_queries_are_locked(browser, api, prosecutor):
    for i in range(3):
        open_file(prosecutor, complaint_on=TODAY - (10 + i) * DAY)
    few = _list_queries(browser, reverse("prosecution:file-list"))
    few_api = _list_queries(api, reverse("api:criminal-file-list"))
    for i in range(12):
        open_file(prosecutor, complaint_on=TODAY - (20 + i) * DAY)
    many = _list_queries(browser, reverse("prosecution:file-list"))
    many_api = _list_queries(api, reverse("api:criminal-file-list"))
    assert many <= few and many <= LOCKED_LIST, (few, many)
    assert many_api <= few_api and many_api <= LOCKED_API_LIST, (few_api, many_api)


def test_list_filters_and_order(browser, prosecutor):
    old = open_file(prosecutor, complaint_on=TODAY - 200 * DAY)
    new = open_file(prosecutor, complaint_on=TODAY - 2 * DAY)
    services.file_close_early(
        actor=actor_of(prosecutor), file=old, version=1, reason="archived", on=TODAY
    )
    body = browser.get(reverse("prosecution:file-list")).content.decode()
    assert body.index(new.reference) < body.index(old.reference)
    body = browser.get(reverse("prosecution:file-list") + "?state=closed").content.decode()
    assert old.reference in body and new.reference not in body


# --- API ------------------------------------------------------------------------------------


def test_file_created_and_moved_through_the_api(api):
    response = api.post(
        reverse("api:criminal-file-list"),
        {
            "complaint_on": (TODAY - 30 * DAY).isoformat(),
            "offence": trafficking().code,
            "department": "HN-FM",
            "forms_of_exploitation": ["sexual"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["stage"]["code"] == "complaint"
    file_id = body["id"]
    response = api.post(
        reverse("api:criminal-file-advance-stage", kwargs={"file_id": file_id}),
        {"version": body["version"], "stage": "verdict", "on": TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 422
    assert "stage" in response.json()["errors"]
    response = api.post(
        reverse("api:criminal-file-advance-stage", kwargs={"file_id": file_id}),
        {"version": body["version"], "stage": "investigation", "on": TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["stage"]["code"] == "investigation"
    assert [c["to_stage"]["code"] for c in response.json()["stages"]] == [
        "complaint",
        "investigation",
    ]
    # The first version is now stale.
    response = api.post(
        reverse("api:criminal-file-update", kwargs={"file_id": file_id}),
        {"version": body["version"], "court": "Juzgado"},
        format="json",
    )
    assert response.status_code == 409
    assert CriminalFile.objects.get().court == ""


def test_api_detail_names_no_person_and_lists(api, prosecutor):
    file = open_file(prosecutor, summary="Hechos")
    body = api.get(reverse("api:criminal-file-detail", kwargs={"file_id": file.pk})).json()
    assert body["reference"] == file.reference
    assert "victims" not in body and "defendants" not in body
    rows = api.get(reverse("api:criminal-file-list") + "?stage=complaint").json()["results"]
    assert [r["id"] for r in rows] == [str(file.pk)]
    rows = api.get(reverse("api:criminal-file-list") + "?stage=trial").json()["results"]
    assert rows == []


def test_operations_through_the_api(api, prosecutor):
    response = api.post(
        reverse("api:police-operation-list"),
        {
            "name": "Operativo Sol",
            "carried_out_on": (TODAY - 3 * DAY).isoformat(),
            "department": "HN-FM",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    op_id = response.json()["id"]
    assert api.get(reverse("api:police-operation-list")).json()["results"][0]["id"] == op_id
    detail = api.get(reverse("api:police-operation-detail", kwargs={"operation_id": op_id}))
    assert detail.status_code == 200
    other = make_user("prosecutor", make_institution("Fiscalía 3", InstitutionType.PROSECUTION))
    assert (
        api_for(other)
        .get(reverse("api:police-operation-detail", kwargs={"operation_id": op_id}))
        .status_code
        == 404
    )


def test_hearing_result_through_the_api(api, prosecutor):
    file = open_file(prosecutor)
    actor = actor_of(prosecutor)
    services.stage_advance(
        actor=actor, file=file, version=1, stage="investigation", on=TODAY - 50 * DAY
    )
    response = api.post(
        reverse("api:criminal-file-hearing-schedule", kwargs={"file_id": file.pk}),
        {"type": "initial", "starts_at": (timezone.now() - timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    hearing_id = response.json()["id"]
    response = api.post(
        reverse("api:hearing-result", kwargs={"hearing_id": hearing_id}),
        {"version": 1, "result": "held"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["result"]["code"] == "held"
    response = api.post(
        reverse("api:hearing-result", kwargs={"hearing_id": hearing_id}),
        {"version": 2, "result": "held"},
        format="json",
    )
    assert response.status_code == 422


def test_investigator_sees_only_own_files(fiscalia, prosecutor):
    mine_user = make_user("investigator", fiscalia)
    theirs = open_file(prosecutor)
    mine = open_file(mine_user)
    rows = api_for(mine_user).get(reverse("api:criminal-file-list")).json()["results"]
    assert [r["id"] for r in rows] == [str(mine.pk)]
    assert (
        api_for(mine_user)
        .get(reverse("api:criminal-file-detail", kwargs={"file_id": theirs.pk}))
        .status_code
        == 404
    )


def test_file_page_ids_are_unique_and_every_control_labelled(browser, prosecutor):
    from tests.html_check import duplicate_ids, unlabelled_controls

    file = open_file(prosecutor)
    actor = actor_of(prosecutor)
    services.stage_advance(
        actor=actor, file=file, version=1, stage="investigation", on=TODAY - 50 * DAY
    )
    for days in (3, 2):
        services.hearing_schedule(
            actor=actor, file=file, type="initial", starts_at=timezone.now() - days * DAY
        )
    html = browser.get(reverse("prosecution:file-detail", kwargs={"file_id": file.pk})).content
    html = html.decode()
    assert html.count('action="/prosecution/hearings/') == 2
    assert duplicate_ids(html) == []
    assert unlabelled_controls(html) == []
    for name in ("prosecution:file-new", "prosecution:operation-new"):
        html = browser.get(reverse(name)).content.decode()
        assert duplicate_ids(html) == [] and unlabelled_controls(html) == []
