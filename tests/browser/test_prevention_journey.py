"""A course from its design to a revoked certificate, in a real Chromium, through the pages
only: the trainer of a police academy designs a course (a module, a test of three questions),
opens a session of it in the past, enrols staff of the police, the prosecution and the labour
inspectorate from a spreadsheet (first refused for two bad rows, nothing enrolled; then
imported), records the attendance of every day and each participant's pre- and post-test,
issues the certificates; anyone checks one's code on the public page; the trainer revokes it
and the public page says so. Three of the pages pass axe-core."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import formats, timezone, translation
from openpyxl import Workbook

from ruta.core.choices import InstitutionType
from ruta.prevention.models import Certificate, Course, Enrolment, ImportJob, TrainingSession
from tests.browser.test_accessibility import _violations
from tests.browser.test_journeys import _as, _shot, _submit
from tests.factories import make_institution, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = [
    "given_names",
    "family_names",
    "institution",
    "unit",
    "rank_or_role",
    "sex",
    "department",
    "email",
]
PEOPLE = [
    ("Carlos", "Mejía", "Policía Nacional", "Agente", "male", "carlos.mejia@policia.example"),
    ("Rosa", "Cálix", "Policía Nacional", "Sub-inspectora", "female", "rosa.calix@policia.example"),
    ("Jorge", "Paz", "Ministerio Público", "Fiscal", "male", "jorge.paz@mp.example"),
    ("Ana", "Martínez", "Ministerio Público", "Fiscal", "female", "ana.martinez@mp.example"),
    ("Elsa", "Rivera", "Secretaría de Trabajo", "Inspectora", "female", "elsa.rivera@st.example"),
]
# The right answers of the three questions, and one wrong answer for the pre-test.
RIGHT = {1: "b", 2: "a", 3: "c"}


def _xlsx(path, rows) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for given, family, institution, role, sex, email in rows:
        sheet.append([given, family, institution, "", role, sex, "", email])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def _no_errors(page) -> None:
    errors = page.locator(".errorlist, .error-summary, .form-errors").all_inner_texts()
    assert not any(e.strip() for e in errors), errors


def _upload(page, live_server, session, path) -> ImportJob:
    page.goto(f"{live_server.url}/prevention/sessions/{session.pk}/imports/new/")
    page.check("input[name=kind][value=participants]")
    page.set_input_files("input[name=file]", path)
    _submit(page, "main form.card")
    _no_errors(page)
    assert "/prevention/imports/" in page.url, page.url
    # The check runs in the background: the progress stops polling when it is over.
    page.wait_for_selector("#import-progress:not([hx-get])")
    return ImportJob.objects.order_by("-created_at").first()


def test_course_to_revoked_certificate_through_the_pages(page, live_server, settings, tmp_path):
    settings.DEMO_MODE = True  # these roles would otherwise enrol in 2FA first
    academy = make_institution(
        "Academia Nacional de Policía", InstitutionType.POLICE_ACADEMY, acronym="ANAPO"
    )
    make_institution("Policía Nacional", InstitutionType.POLICE, acronym="PN")
    make_institution("Ministerio Público", InstitutionType.PROSECUTION, acronym="MP")
    make_institution("Secretaría de Trabajo", InstitutionType.LABOUR, acronym="STSS")
    trainer = make_user("trainer", academy, first_name="Iris", last_name="Zelaya")
    today = timezone.localdate()
    starts, ends = today - timedelta(days=10), today - timedelta(days=9)
    url = live_server.url
    axe: dict[str, list[str]] = {}

    # 1. The course, its module and its test.
    _as(page, live_server, trainer)
    page.goto(f"{url}/prevention/courses/new/")
    page.fill("[name=code]", "TRATA-PN-1")
    page.fill("[name=title]", "Identificación de víctimas de trata")
    page.fill("[name=description]", "Curso básico para primeros respondientes.")
    page.select_option("[name=modality]", index=0)
    _submit(page, "main form")
    _no_errors(page)
    course = Course.objects.get(code__iexact="TRATA-PN-1")
    assert page.url == f"{url}/prevention/courses/{course.pk}/"

    page.fill("form[action$='/modules/add/'] [name=title]", "Marco legal e indicadores")
    page.fill("form[action$='/modules/add/'] [name=hours]", "6")
    _submit(page, "form[action$='/modules/add/']")
    _no_errors(page)
    questions = [
        (
            "¿Qué ley tipifica la trata en Honduras?",
            "a) El Código de Trabajo\nb) La Ley contra la Trata de Personas\nc) Ninguna",
        ),
        ("¿El consentimiento de la víctima excluye la trata?", "a) No\nb) Sí"),
        (
            "¿A quién se refiere una posible víctima?",
            "a) A nadie\nb) A su empleador\nc) Al Equipo de Respuesta Inmediata",
        ),
    ]
    add = "form[action$='/questions/add/']"
    for n, (text, options) in enumerate(questions, start=1):
        page.fill(f"{add} [name=text]", text)
        page.fill(f"{add} [name=options]", options)
        page.fill(f"{add} [name=answer]", RIGHT[n])
        _submit(page, add)
        _no_errors(page)
    test_items = page.locator("#test-h + ol > li, section[aria-labelledby=test-h] ol > li")
    assert test_items.count() == 3
    _shot(page, "prevention-course")

    # 2. A session of it, in the past.
    page.locator("a[href*='/prevention/sessions/new/']").first.click()
    page.wait_for_load_state()
    page.select_option("[name=course]", str(course.pk))
    page.select_option("[name=host]", str(academy.pk))
    page.fill("[name=starts_on]", starts.isoformat())
    page.fill("[name=ends_on]", ends.isoformat())
    page.select_option("[name=department]", index=1)
    page.fill("[name=venue]", "Aula 3")
    page.fill("[name=capacity]", "25")
    page.select_option("[name=open_types]", ["police", "prosecution", "labour"])
    _submit(page, "main form.card")
    _no_errors(page)
    session = TrainingSession.objects.get(course=course)
    session_url = f"{url}/prevention/sessions/{session.pk}/"
    assert page.url == session_url
    status = f"form[action='/prevention/sessions/{session.pk}/status/']"
    page.select_option(f"{status} [name=status]", "ongoing")
    _submit(page, status)
    _no_errors(page)
    session.refresh_from_db()
    assert session.status == "ongoing"

    # 3. Bulk enrolment: two bad rows refused with their row and column, nothing enrolled.
    bad = list(PEOPLE)
    bad[1] = (*PEOPLE[1][:2], "Ministerio de la Nada", *PEOPLE[1][3:])  # row 3
    bad[3] = (*PEOPLE[3][:5], "ana.martinez@")  # row 5
    job = _upload(page, live_server, session, _xlsx(tmp_path / "inscripcion.xlsx", bad))
    assert job.status == "failed" or job.errors, job.status
    cells = page.eval_on_selector_all(
        "main table tbody tr",
        "rows => rows.map(r => [...r.cells].slice(0, 2).map(c => c.textContent.trim()))",
    )
    assert cells == [["3", "institution"], ["5", "email"]], cells
    assert page.locator("form[action$='/confirm/']").count() == 0
    assert not Enrolment.objects.filter(session=session).exists()
    _shot(page, "prevention-import-refused")
    axe["import job (refused)"] = _violations(page)

    job = _upload(
        page, live_server, session, _xlsx(tmp_path / "inscripcion-corregida.xlsx", PEOPLE)
    )
    assert job.status == "ready", job.status
    assert page.locator("main table").count() == 0  # no errors
    _submit(page, "form[action$='/confirm/']")
    page.wait_for_selector("#import-progress:not([hx-get])")
    job.refresh_from_db()
    assert job.status == "done", job.status
    axe["import job (done)"] = _violations(page)
    page.goto(session_url)
    people = page.locator("#session-people tbody").inner_text()
    for given, family, institution, *_rest in PEOPLE:
        assert f"{family}, {given}" in people
        assert institution in people
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == len(PEOPLE)

    # 4. Attendance of every day; the pre- and post-tests of everyone.
    page.locator("a[href$='/attendance/']").first.click()
    page.wait_for_load_state()
    days = page.eval_on_selector_all(
        "nav.button-row a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert len(days) == 2, days
    for href in days:
        page.goto(f"{url}/prevention/sessions/{session.pk}/attendance/{href}")
        boxes = page.locator("main form input[name=present]")
        assert boxes.count() == len(PEOPLE)
        for box in boxes.all():
            box.check()
        _submit(page, "main form.card")
        _no_errors(page)

    page.goto(session_url)
    entries = page.eval_on_selector_all(
        "#session-people a[href*='/test/?kind=']", "els => els.map(e => e.getAttribute('href'))"
    )
    assert len(entries) == 2 * len(PEOPLE)
    for href in entries:
        page.goto(url + href)
        post = href.endswith("kind=post")
        for n, key in RIGHT.items():
            # The pre-test: only the first question right; the post-test: all of them.
            answer = key if post or n == 1 else "a" if key != "a" else "b"
            page.select_option(f"main form [name=q_{n}]", answer)
        _submit(page, "main form.card")
        _no_errors(page)
    page.goto(session_url)
    rows = page.locator("#session-people tbody tr")
    for row in rows.all():
        text = row.inner_text()
        assert "2 / 2" in text and "1 / 3" in text and "3 / 3" in text, text
    _shot(page, "prevention-session-results")

    # The session is over: completed.
    page.select_option(f"{status} [name=status]", "completed")
    _submit(page, status)
    _no_errors(page)
    session.refresh_from_db()
    assert session.status == "completed"
    axe["session page"] = _violations(page)

    # 5. Certificates for everyone.
    page.locator(f"a[href='/prevention/sessions/{session.pk}/certificates/']").first.click()
    page.wait_for_load_state()
    assert page.locator("main input[name=enrolments]:checked").count() == len(PEOPLE)
    _submit(page, "main form")
    _no_errors(page)
    assert Certificate.objects.filter(enrolment__session=session).count() == len(PEOPLE)
    page.goto(session_url)
    _shot(page, "prevention-session-certificates")
    link = page.locator("section[aria-labelledby=certs-h] li", has_text="Martínez").locator("a")
    code = link.inner_text().strip()
    certificate = Certificate.objects.get(code=code)
    assert certificate.enrolment.participant.family_names == "Martínez"

    # 6. Anyone (no session) checks the code on the public page.
    public = page.context.browser.new_context(locale="es-HN")
    anyone = public.new_page()
    response = anyone.goto(f"{url}/verify/{code}/")
    assert response is not None and response.status == 200
    result = anyone.locator("dl.verify-result").inner_text()
    with translation.override("es"):
        issued = formats.date_format(certificate.issued_on, "DATE_FORMAT")
    for shown in (
        "Ana Martínez",
        "Identificación de víctimas de trata",
        "6",
        issued,
        "Academia Nacional de Policía",
    ):
        assert shown in result, (shown, result)
    assert anyone.locator(".message-success").count() == 1
    assert anyone.locator(".message-error").count() == 0
    _shot(anyone, "prevention-verify-valid")
    axe["public verify page"] = _violations(anyone)

    # 7. The trainer revokes it, with a reason; the public page says it is revoked.
    _as(page, live_server, trainer)
    page.goto(session_url)
    page.locator("section[aria-labelledby=certs-h] li", has_text="Martínez").locator("a").click()
    page.wait_for_load_state()
    page.locator("a[href$='/revoke/']").click()
    page.wait_for_load_state()
    page.fill("[name=reason]", "La participante no asistió en persona: firmó otra persona.")
    _submit(page, "main form")
    _no_errors(page)
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert page.locator(".message-error[role=status]").count() == 1

    anyone.goto(f"{url}/verify/{code}/")
    assert anyone.locator(".message-error").count() == 1
    assert anyone.locator(".message-success").count() == 0
    with translation.override("es"):
        revoked_on = formats.date_format(timezone.localdate(certificate.revoked_at), "DATE_FORMAT")
    assert revoked_on in anyone.locator(".message-error").inner_text()
    _shot(anyone, "prevention-verify-revoked")
    public.close()

    bad_pages = {name: found for name, found in axe.items() if found}
    assert bad_pages == {}, "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in bad_pages.items()
    )
