"""The statistics journey in a real Chromium: the analyst filters the dashboard to girls in
Cortés and downloads the spreadsheet; she looks at the services and referrals; she prepares
last year's release; the commission's secretary publishes it; signed out, the public
observatory shows it with the suppressed cells marked."""

from __future__ import annotations

import io
import os

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ruta.demo.synthetic import generate
from ruta.reporting.models import Release
from tests.browser.test_case_page import _sign_in
from tests.factories import make_institution, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = os.environ.get("RUTA_SCREENSHOTS")


@pytest.fixture
def world(settings):
    settings.DEMO_MODE = True  # no 2FA enrolment first
    commission = make_institution("Comisión Interinstitucional")
    make_user("me_analyst", commission, username="analista")
    make_user("committee_secretary", commission, username="secretaria")
    generate(cases=900, seed=5, years=2)


def test_filter_export_prepare_publish_and_read_signed_out(page, live_server, world):
    year = timezone.localdate().year - 1
    _sign_in(page, live_server, "analista")
    # 1. The dashboard, filtered to girls in Cortés over two years.
    page.goto(f"{live_server.url}/statistics/")
    page.select_option("#f-year-from", str(year))
    page.select_option("#f-department", "HN-CR")
    page.select_option("#f-age", "girl")
    with page.expect_navigation():
        page.get_by_role("button", name="Mostrar").click()
    assert "department=HN-CR" in page.url and "age_cell=girl" in page.url
    girls = int(page.locator(".stats-figure").first.inner_text())
    assert girls > 0
    women = page.locator("#table-age_cell tbody tr", has_text="Mujeres").inner_text()
    assert women.split()[1] == "0"
    page.locator("figure.report-chart canvas").first.wait_for()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/statistics-1-dashboard.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar hoja de cálculo (XLSX)").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = list(book.worksheets[1].iter_rows(values_only=True))
    assert ("Niñas", girls, "100,0") in sheet

    # 1b. The services and referrals tab: the referrals she can follow up, with a chart.
    with page.expect_navigation():
        page.get_by_role("link", name="Servicios y derivaciones").click()
    page.select_option("#f-year-from", str(year))
    page.select_option("#f-year-to", str(year))
    with page.expect_navigation():
        page.get_by_role("button", name="Mostrar").click()
    assert page.locator("#table-referral_receiver tbody tr").count() >= 3
    assert page.locator('[data-chart-for="table-service_type"] canvas').count() == 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/statistics-1b-response.png", full_page=True)

    # 2. She prepares last year's release: frozen, audited, awaiting publication.
    page.goto(f"{live_server.url}/statistics/releases/")
    page.select_option("#id_year", str(year))
    with page.expect_navigation():
        page.get_by_role("button", name="Preparar una publicación").click()
    main = page.locator("main").inner_text()
    assert "Preparada, pendiente de publicación" in main and "superada" in main
    assert page.get_by_role("button", name="Publicar esta publicación").count() == 0
    release = Release.objects.get()
    assert release.report["suppressed"] >= 1

    # 3. The commission's secretary publishes it.
    page.context.clear_cookies()
    _sign_in(page, live_server, "secretaria")
    page.goto(f"{live_server.url}/statistics/releases/{release.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Publicar esta publicación").click()
    assert "está en el observatorio público" in page.locator("main").inner_text()
    assert Release.objects.get().is_published

    # 4. Signed out, anyone reads it: the suppressed cells are marked.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/")
    main = page.locator("main").inner_text()
    assert f"La trata de personas en {year}: cifras oficiales" in main
    assert page.locator("td.suppressed abbr").count() >= 1
    assert page.locator(".stats-map path").count() == 18
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/statistics-2-public.png", full_page=True)
    sdmx = page.request.get(
        f"{live_server.url}/public/releases/{release.pk}/victims_form_sex.sdmx.csv"
    )
    assert sdmx.status == 200 and (",M,C" in sdmx.text() or ",M,D" in sdmx.text())
