"""Pages as users see them: health check, bad input, home panels by role, audit search."""

from __future__ import annotations

import pytest
from django.test import Client

from ruta.audit import services as audit
from tests.factories import actor_of, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_a_session(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_oversized_form_is_refused_and_changes_nothing(settings, home_institution):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    admin = make_user("institution_admin", home_institution)
    client = sign_in(Client(), admin)
    response = client.post(
        f"/institutions/{home_institution.pk}/details/",
        {"details-version": "1", "details-description": "x" * 5000},
    )
    assert response.status_code == 413  # a page that says so, not a bare 400
    home_institution.refresh_from_db()
    assert home_institution.description == ""


def test_home_shows_panels_for_what_the_role_can_do(home_institution):
    worker = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), make_user("case_worker", home_institution))
    admin = sign_in(
        Client(HTTP_ACCEPT_LANGUAGE="en"), make_user("institution_admin", home_institution)
    )
    worker_page = worker.get("/").content.decode()
    admin_page = admin.get("/").content.decode()
    assert "My work" in worker_page and "active accounts" not in worker_page
    assert "active accounts" in admin_page and "My work" not in admin_page
    assert 'href="/accounts/users/"' in admin_page
    assert 'href="/accounts/users/"' not in worker_page


def test_audit_search_filters_by_institution_and_action(home_institution, other_institution):
    auditor = make_user("auditor", home_institution)
    client = sign_in(Client(), auditor)
    worker = actor_of(make_user("case_worker", home_institution))
    audit.record(action="tests.page.viewed", actor=worker, target=home_institution)
    audit.record(action="tests.page.viewed", target=other_institution)
    page = client.get("/audit/", {"action": "tests.page", "institution": str(home_institution.pk)})
    assert page.status_code == 200
    # The page shows labels, not codes: compare the events listed.
    assert [e.action for e in page.context["page"]] == ["tests.page.viewed"]
    # Filtering by another institution never widens the auditor's scope.
    theirs = client.get(
        "/audit/", {"action": "tests.page", "institution": str(other_institution.pk)}
    )
    assert list(theirs.context["page"]) == []
    bad = client.get("/audit/", {"institution": "00000000-0000-0000-0000-000000000000"})
    assert bad.status_code == 400
    reversed_dates = client.get("/audit/", {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert reversed_dates.status_code == 400


def test_security_headers(home_institution):
    client = sign_in(Client(), make_user("trainer", home_institution))
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"]
    assert "no-store" in response["Cache-Control"]


def test_server_error_page_needs_no_database(rf):
    from ruta.web.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Ruta" in response.content.decode()


def test_admin_pages_forms_carry_their_own_prefixes(home_institution):
    from ruta.accounts.models import Role

    admin = make_user("institution_admin", home_institution)
    colleague = make_user("case_worker", home_institution)
    client = sign_in(Client(), admin)
    client.post(f"/institutions/{home_institution.pk}/units/", {"units-name": "Oficina norte"})
    assert home_institution.units.filter(name="Oficina norte").exists()
    membership = colleague.memberships.get()
    page = client.get(f"/accounts/users/{colleague.pk}/").content.decode()
    prefix = f"m{membership.pk.hex[:8]}"
    assert f'name="{prefix}-role"' in page and 'name="new-role"' in page
    trainer = Role.objects.get(code="trainer")
    client.post(
        f"/accounts/memberships/{membership.pk}/",
        {f"{prefix}-version": "1", f"{prefix}-role": str(trainer.pk), f"{prefix}-is_active": "on"},
    )
    membership.refresh_from_db()
    assert membership.role == trainer
