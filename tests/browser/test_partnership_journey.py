"""The partnership pillar in a real Chromium, through the pages only: the secretary of a
commission's plenary schedules a past meeting, records its attendance, two agreements and
three action items for the member institutions; a member marks one done with evidence and the
committee page no longer lists it as open. A police institution fills its monthly return
(first refused by the data set's rule), the secretary sends it back, the police corrects and
submits it again, the secretary approves it. An M&E analyst recomputes a framework's computed
indicator, opens the dashboard and downloads the donor report as PDF and XLSX."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ruta.coordination.choices import CommitteeKind
from ruta.coordination.models import ActionItem, Agreement, Committee, CommitteeMember, Meeting
from ruta.core.choices import InstitutionType as T
from ruta.results.models import (
    DataElement,
    DataReturn,
    DataSet,
    Indicator,
    Measurement,
    ResultNode,
    ResultsFramework,
    Target,
    ValidationRule,
)
from ruta.results.periods import containing
from tests.browser.test_journeys import _as, _shot, _submit
from tests.factories import make_institution, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _no_errors(page) -> None:
    found = (".errorlist", ".error-summary", ".form-errors", ".field-error", "[role=alert]")
    errors = page.locator(", ".join(f"main {f}" for f in found)).all_inner_texts()
    assert not any(e.strip() for e in errors), (page.url, errors)


def _last_month() -> str:
    first = timezone.localdate().replace(day=1)
    return containing(first - timedelta(days=1), "monthly")


def _months_ago(n: int) -> str:
    day = timezone.localdate().replace(day=1)
    for _ in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
    return containing(day, "monthly")


def test_committee_actions_returns_and_results_through_the_pages(page, live_server, settings):
    settings.DEMO_MODE = True  # these roles would otherwise enrol in 2FA first
    url = live_server.url
    today = timezone.localdate()
    year = today.year

    commission = make_institution(
        "Comisión Interinstitucional contra la Trata", T.COMMISSION, acronym="CICESCT"
    )
    eri = make_institution("Equipo de Respuesta Inmediata", T.RESPONSE_TEAM, acronym="ERI")
    police = make_institution("Policía Nacional", T.POLICE, acronym="PN")
    partner = make_institution("Socio internacional", T.INTERNATIONAL_PARTNER, acronym="SOC")
    secretary = make_user("committee_secretary", commission, first_name="Lucía")
    coordinator = make_user("eri_coordinator", eri, first_name="Marta")
    investigator = make_user("investigator", police, first_name="Óscar")
    analyst = make_user("me_analyst", partner, first_name="Sofía")

    committee = Committee.objects.create(
        kind=CommitteeKind.PLENARY,
        name="Pleno de la Comisión",
        acronym="PLENO",
        secretariat=commission,
        language="es",
    )
    for institution in (commission, eri, police):
        CommitteeMember.objects.create(committee=committee, institution=institution)

    # 1. The secretary schedules a past meeting from the committee page.
    _as(page, live_server, secretary)
    committee_url = f"{url}/coordination/committees/{committee.pk}/"
    page.goto(committee_url)
    page.locator(f"#meetings a[href$='/committees/{committee.pk}/meetings/new/']").click()
    page.wait_for_load_state()
    held = today - timedelta(days=7)
    page.fill("[name=title]", "Sesión ordinaria de seguimiento")
    page.fill("[name=starts_at]", f"{held.isoformat()}T09:00")
    page.fill("[name=place]", "Tegucigalpa, sala de la Comisión")
    _submit(page, "main form")
    _no_errors(page)
    meeting = Meeting.objects.get(committee=committee)
    meeting_url = f"{url}/coordination/meetings/{meeting.pk}/"
    assert page.url == meeting_url, page.url

    # The attendance register: the commission and the ERI present, the police excused.
    page.locator("#attendance a[href$='/attendance/']").click()
    page.wait_for_load_state()
    for institution, presence, person in (
        (commission, "present", "Lucía Secretaria"),
        (eri, "present", "Marta Coordinadora"),
        (police, "excused", ""),
    ):
        page.check(f"input[name=presence_{institution.pk}][value={presence}]")
        if person:
            page.fill(f"[name=person_{institution.pk}]", person)
    _shot(page, "partnership-attendance")
    _submit(page, "main form.card")
    _no_errors(page)
    assert page.url == meeting_url, page.url
    register = page.locator("#attendance tbody").inner_text()
    assert "Marta Coordinadora" in register
    assert page.locator("#attendance .badge-ok").count() == 1  # quorum reached

    # Two agreements, three action items under them.
    plan = [
        (
            "Elaborar el protocolo de atención a víctimas en frontera.",
            [
                (eri, "Redactar el borrador del protocolo.", 20),
                (police, "Revisar el borrador desde la policía.", 40),
            ],
        ),
        (
            "Capacitar a los equipos de respuesta en la ruta de derivación.",
            [(eri, "Organizar dos talleres regionales.", 60)],
        ),
    ]
    for text, actions in plan:
        page.goto(meeting_url)
        page.locator(f"a[href$='/meetings/{meeting.pk}/agreements/new/']").click()
        page.wait_for_load_state()
        page.fill("[name=text]", text)
        _submit(page, "main form.card")
        _no_errors(page)
        agreement = Agreement.objects.get(meeting=meeting, text=text)
        assert page.url == f"{url}/coordination/agreements/{agreement.pk}/", page.url
        for owner, description, days in actions:
            page.locator(f"a[href$='/agreements/{agreement.pk}/actions/new/']").click()
            page.wait_for_load_state()
            page.fill("[name=description]", description)
            page.select_option("[name=owner_institution]", str(owner.pk))
            page.fill("[name=responsible]", f"Enlace de {owner.acronym}")
            page.fill("[name=due_on]", (today + timedelta(days=days)).isoformat())
            _submit(page, "main form.card")
            _no_errors(page)
    assert Agreement.objects.filter(meeting=meeting).count() == 2
    assert ActionItem.objects.filter(committee=committee).count() == 3
    page.goto(meeting_url)
    assert page.locator("section[aria-labelledby=meeting-agreements] article").count() == 2
    page.goto(committee_url)
    open_actions = page.locator("#open-actions").inner_text()
    assert "Redactar el borrador del protocolo." in open_actions
    assert "Organizar dos talleres regionales." in open_actions
    _shot(page, "partnership-committee")

    # 2. The ERI marks one of its items done, with evidence, from "My institution's actions".
    _as(page, live_server, coordinator)
    page.goto(f"{url}/coordination/actions/")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2, rows.all_inner_texts()  # the ERI's own two, not the police's
    rows.filter(has_text="Redactar el borrador").locator("a[href*='/agreements/']").click()
    page.wait_for_load_state()
    item = ActionItem.objects.get(description="Redactar el borrador del protocolo.")
    page.locator(f"a[href$='/actions/{item.pk}/done/']").click()
    page.wait_for_load_state()
    page.fill("[name=evidence]", "Borrador entregado a la secretaría técnica por correo.")
    page.fill("[name=evidence_url]", "https://example.org/protocolo-borrador.pdf")
    page.fill("[name=done_on]", today.isoformat())
    _submit(page, "main form.card")
    _no_errors(page)
    item.refresh_from_db()
    assert item.status == "done" and item.evidence.startswith("Borrador entregado")
    page.goto(f"{url}/coordination/actions/?filter=done")
    assert "Redactar el borrador" in page.locator("main").inner_text()

    _as(page, live_server, secretary)
    page.goto(committee_url)
    open_actions = page.locator("#open-actions").inner_text()
    assert "Redactar el borrador del protocolo." not in open_actions
    assert "Revisar el borrador desde la policía." in open_actions
    assert "Organizar dos talleres regionales." in open_actions

    # 3. The police's monthly return of the commission's data set.
    data_set = DataSet.objects.create(
        code="policia-mensual",
        name="Estadística policial mensual",
        institution=commission,
        period_type="monthly",
        first_period=_months_ago(3),
        due_days=10,
    )
    data_set.reporting_institutions.add(police)
    victims = DataElement.objects.create(
        data_set=data_set,
        code="victimas",
        name="Víctimas identificadas",
        disaggregation="sex",
        min_value=Decimal("0"),
        order=1,
    )
    referred = DataElement.objects.create(
        data_set=data_set, code="derivadas", name="Víctimas derivadas", order=2
    )
    ValidationRule.objects.create(data_set=data_set, left=referred, operator="lte", right=victims)
    period = _last_month()

    _as(page, live_server, investigator)
    page.goto(f"{url}/results/returns/")
    start = page.locator(f"form:has(input[name=period][value='{period}'])")
    assert start.count() == 1, page.locator("main").inner_text()
    with page.expect_navigation():
        start.locator("button[type=submit]").click()
    data_return = DataReturn.objects.get(data_set=data_set, institution=police, period=period)
    return_url = f"{url}/results/returns/{data_return.pk}/"
    if page.url != return_url:
        page.goto(return_url)

    def fill(female: str, male: str, sent: str) -> None:
        page.fill("#cell-victimasfemale", female)
        page.fill("#cell-victimasmale", male)
        page.fill("#cell-derivadas", sent)
        _submit(page, "form[action$='/save/']")
        _no_errors(page)

    # More referred than identified: saved, but the submit is refused with the rule's words.
    fill("2", "1", "5")
    _submit(page, "form[action$='/submit/']")
    refused = page.locator("main").inner_text()
    assert "Víctimas derivadas" in refused and "Víctimas identificadas" in refused, refused
    assert "(5)" in refused and "(3)" in refused, refused
    data_return.refresh_from_db()
    assert data_return.status != "submitted", data_return.status
    _shot(page, "partnership-return-refused")

    page.goto(return_url)
    fill("2", "1", "3")
    _submit(page, "form[action$='/submit/']")
    _no_errors(page)
    data_return.refresh_from_db()
    assert data_return.status == "submitted", data_return.status

    # The secretary sends it back with a comment, from the data set's completeness grid.
    _as(page, live_server, secretary)
    page.goto(f"{url}/results/data-sets/{data_set.pk}/")
    page.locator(f"a[href='/results/returns/{data_return.pk}/']").first.click()
    page.wait_for_load_state()
    assert page.locator("#review").count() == 1
    assert page.locator("#values input").count() == 0  # the reviewer does not fill it
    page.locator("#review summary").click()
    comment = "Las víctimas derivadas no cuadran con el registro de la ERI: revisen las cifras."
    page.fill("#review [name=comment]", comment)
    _submit(page, "form[action$='/send-back/']")
    _no_errors(page)
    data_return.refresh_from_db()
    assert data_return.status == "returned", data_return.status

    # The police sees it returned with the comment, corrects and submits again.
    _as(page, live_server, investigator)
    page.goto(f"{url}/results/returns/")
    page.locator(
        f"section[aria-labelledby=returned-h] a[href='/results/returns/{data_return.pk}/']"
    ).click()
    page.wait_for_load_state()
    assert comment in page.locator("main").inner_text()
    fill("2", "1", "2")
    _submit(page, "form[action$='/submit/']")
    _no_errors(page)
    data_return.refresh_from_db()
    assert data_return.status == "submitted", data_return.status

    _as(page, live_server, secretary)
    page.goto(return_url)
    _submit(page, "form[action$='/approve/']")
    _no_errors(page)
    data_return.refresh_from_db()
    assert data_return.status == "approved", data_return.status
    page.goto(return_url)
    assert page.locator("main input:not([type=hidden])").count() == 0
    assert page.locator("#cell-derivadas").inner_text().strip() in ("2", "2,00", "2.00")
    assert (
        data_return.get_status_display()
        in page.locator("section[aria-labelledby=ret-h]").inner_text()
    )
    _as(page, live_server, investigator)
    page.goto(return_url)
    assert page.locator("main input:not([type=hidden])").count() == 0
    assert page.locator("form[action$='/submit/']").count() == 0
    _shot(page, "partnership-return-approved")

    # 4. Results: the partner's framework, one computed and one manual indicator.
    framework = ResultsFramework.objects.create(
        kind="logic_model",
        code="fortalecimiento",
        title="Proyecto de fortalecimiento de la respuesta",
        institution=partner,
        committee=committee,
        starts_on=date(year - 1, 1, 1),
        ends_on=date(year + 1, 12, 31),
    )
    outcome = ResultNode.objects.create(
        framework=framework, level="ultimate", code="1000", title="Menos trata de personas"
    )
    output = ResultNode.objects.create(
        framework=framework, parent=outcome, level="output", code="1100", title="Personal formado"
    )
    computed = Indicator.objects.create(
        framework=framework,
        result=output,
        code="1100.1",
        name="Personas capacitadas",
        unit="number",
        direction="increase",
        baseline_value=Decimal("0"),
        baseline_on=date(year - 1, 1, 1),
        frequency="yearly",
        computation="persons_trained",
        disaggregations=["sex"],
    )
    Target.objects.create(indicator=computed, period=str(year), value=Decimal("40"))
    manual = Indicator.objects.create(
        framework=framework,
        result=outcome,
        code="1000.1",
        name="Protocolos aprobados",
        unit="number",
        direction="increase",
        baseline_value=Decimal("0"),
        baseline_on=date(year - 1, 1, 1),
        frequency="yearly",
    )
    Target.objects.create(indicator=manual, period=str(year), value=Decimal("2"))
    Measurement.objects.create(
        indicator=manual, period=str(year), value=Decimal("1"), source="manual", evidence="Acta"
    )

    _as(page, live_server, analyst)
    framework_url = f"{url}/results/frameworks/{framework.pk}/"
    page.goto(framework_url)
    recompute = f"form[action='/results/frameworks/{framework.pk}/recompute/']"
    assert page.locator(f"{recompute} [name=period]").input_value() == str(year)
    _submit(page, recompute)
    _no_errors(page)
    assert Measurement.objects.filter(indicator=computed, period=str(year)).exists()

    page.goto(framework_url)
    page.locator(f"a[href='/results/frameworks/{framework.pk}/dashboard/']").first.click()
    page.wait_for_load_state("networkidle")
    dashboard = page.locator("main").inner_text()
    assert "Personas capacitadas" in dashboard and "Protocolos aprobados" in dashboard
    _shot(page, "partnership-dashboard")

    page.goto(framework_url)
    page.locator(f"a[href='/results/frameworks/{framework.pk}/donor-report/']").first.click()
    page.wait_for_load_state()
    assert "Personas capacitadas" in page.locator("main").inner_text()
    for suffix, content_type, magic in (
        ("/pdf/", "application/pdf", b"%PDF"),
        ("/xlsx/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ):
        link = page.locator(f"a[href*='/donor-report{suffix}']").first
        href = link.get_attribute("href")
        response = page.request.get(url + href)
        assert response.status == 200, (href, response.status)
        assert response.headers["content-type"].startswith(content_type), response.headers
        body = response.body()
        assert body[: len(magic)] == magic, body[:20]
        with page.expect_download() as download_info:
            link.click()
        assert download_info.value.suggested_filename.endswith(suffix.strip("/"))
