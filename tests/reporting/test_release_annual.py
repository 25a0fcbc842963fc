"""The commission's annual report tables of a release: who each one counts and how often, and
how it is protected (or, for counts about no one, published as counted)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from ruta.coordination.models import Agreement, Meeting
from ruta.coordination.services.committees import committee_create
from ruta.core.choices import InstitutionType
from ruta.core.models import Department
from ruta.demo.synthetic import generate
from ruta.intake.models import Report
from ruta.prevention.models import (
    Campaign,
    CampaignReach,
    Certificate,
    Enrolment,
    TrainingSession,
)
from ruta.prosecution.models import Charge
from ruta.reporting import sdmx
from ruta.reporting.models import ServiceFact
from ruta.reporting.release_sources import (
    Learnt,
    assisted_of_year,
    decided_of_year,
    gain_band,
    learnt_of_year,
    reports_of_year,
    sentence_band,
    sentenced_of_year,
    served_of_year,
)
from ruta.reporting.release_tables import (
    SECTIONS,
    TABLES,
    build_release_tables,
    build_table,
    trained_of_year,
)
from ruta.reporting.services_releases import _report, release_prepare, release_publish
from tests.factories import actor_of, make_institution, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    generate(cases=1200, seed=21, years=2, batch=1200)
    return timezone.localdate().year - 1


def _built(year: int) -> dict:
    return {t.spec.code: t for t in build_release_tables(year, threshold=10, protection=10)}


def _true(table) -> dict:
    return dict(zip(table.protection.table.keys, table.protection.table.values, strict=True))


def _published(table) -> dict:
    return {c.key: c for c in table.cells}


def test_reports_are_counted_once_by_channel_and_what_triage_made_of_them(year):
    hotline = Report.objects.filter(received_at__year=year, channel="hotline")
    closed = list(hotline.values_list("pk", flat=True)[:14])
    pending = list(hotline.exclude(pk__in=closed).values_list("pk", flat=True)[:3])
    Report.objects.filter(pk__in=closed).update(status="closed")
    Report.objects.filter(pk__in=pending).update(status="in_triage")
    counted = Counter((r.channel, r.outcome) for r in reports_of_year(year))
    assert counted[("HOTLINE", "NOT_RELATED")] == 14 and counted[("HOTLINE", "PENDING")] == 3
    assert counted[("HOTLINE", "RELATED")] == hotline.count() - 17
    assert sum(counted.values()) == Report.objects.filter(received_at__year=year).count()
    table = _built(year)["REPORTS_CHANNEL_TRIAGE"]
    true, shown = _true(table), _published(table)
    assert true[("HOTLINE", "_T")] == hotline.count() and true[("HOTLINE", "PENDING")] == 3
    assert shown[("HOTLINE", "PENDING")].value is None  # 3 calls: too few to publish
    published = shown[("HOTLINE", "NOT_RELATED")].value  # 14, unless chosen to protect another
    assert published is None or abs(published - 14) <= 2
    assert table.protection.safe


def test_a_victim_counts_once_per_service_and_once_by_who_assisted_them(year):
    facts = ServiceFact.objects.filter(month__year=year)
    pairs = set(facts.values_list("case_id", "type"))
    assisted = assisted_of_year(year)
    assert len(assisted) == len(pairs) and len({a.key for a in assisted}) == len(pairs)
    # A victim given shelter on several occasions counts once under shelter.
    case_id = Counter(facts.values_list("case_id", flat=True)).most_common(1)[0][0]
    facts.filter(case_id=case_id).update(type="Shelter")
    assert facts.filter(case_id=case_id).count() > 1
    pairs = set(facts.values_list("case_id", "type"))
    assert len(assisted_of_year(year)) == len(pairs) < len(assisted)
    health = make_institution(type=InstitutionType.HEALTH)
    police = make_institution(type=InstitutionType.POLICE)
    facts.filter(case_id=case_id).update(provider=health)
    served = {s.key: s for s in served_of_year(year)}
    assert len(served) == len({c for c, _t in pairs})
    assert served[f"case:{case_id}"].provider == "PROTECTION"
    one = facts.filter(case_id=case_id).first()
    ServiceFact.objects.filter(pk=one.pk).update(provider=police)
    served = {s.key: s for s in served_of_year(year)}
    assert served[f"case:{case_id}"].provider == "SEVERAL"
    built = _built(year)
    by_provider = _true(built["VICTIMS_ASSISTED_PROVIDER_AGE"])
    assert by_provider[("_T", "_T")] == len(served)
    by_service = _true(built["VICTIMS_ASSISTED_SERVICE_SEX"])
    assert by_service[("_T", "_T")] == len(pairs)
    shelter = {c for c, t in pairs if t == "Shelter"}
    assert by_service[("Shelter", "_T")] == len(shelter) > 0


def _charge_like(charge: Charge, **changes) -> Charge:
    copy = Charge.objects.get(pk=charge.pk)
    copy.pk = None
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def test_a_defendant_is_decided_once_under_the_weightiest_outcome_and_longest_sentence(year):
    trafficking = Charge.objects.filter(classification="trafficking", outcome_on__year=year)
    convicted = trafficking.filter(outcome="convicted").first()
    day = date(year, 6, 1)
    # The same person acquitted on a second count and sentenced to 22 years, with
    # compensation, on a third: one person, convicted, 15 years or more, compensation ordered.
    _charge_like(convicted, outcome="acquitted", outcome_on=day, sentence_days=None)
    _charge_like(
        convicted,
        outcome="plea",
        outcome_on=day,
        sentence_days=22 * 365,
        compensation_ordered=Decimal("150000.00"),
        compensation_currency="HNL",
    )
    # A conviction for a related offence, not trafficking, is not counted here.
    _charge_like(convicted, classification="related", sentence_days=40 * 365)
    decided = {d.key: d for d in decided_of_year(year)}
    key = f"defendant:{convicted.defendant_id}"
    assert decided[key].outcome == "CONVICTED"
    people = set(trafficking.values_list("defendant_id", flat=True))
    assert len(decided) == len(people)
    sentenced = {s.key: s for s in sentenced_of_year(year)}
    assert (sentenced[key].sentence, sentenced[key].compensation) == ("Y_GE15", "ORDERED")
    # Acquitted on one count, dismissed on another: acquitted.
    other = trafficking.filter(outcome="convicted").exclude(defendant=convicted.defendant).first()
    trafficking.filter(defendant=other.defendant).update(outcome="acquitted", sentence_days=None)
    other.refresh_from_db()
    _charge_like(other, outcome="dismissed", outcome_on=day)
    decided = {d.key: d for d in decided_of_year(year)}
    assert decided[f"defendant:{other.defendant_id}"].outcome == "ACQUITTED"
    assert f"defendant:{other.defendant_id}" not in {s.key for s in sentenced_of_year(year)}
    built = _built(year)
    outcomes = _true(built["PERSONS_DECIDED_OUTCOME"])
    assert outcomes[("_T",)] == len(decided)
    sentences = _true(built["PERSONS_CONVICTED_SENTENCE"])
    assert sentences[("_T", "_T")] == len(sentenced_of_year(year))
    compensated = trafficking.filter(
        outcome__in=["convicted", "plea"], compensation_ordered__gt=0
    ).values("defendant_id")
    assert sentences[("_T", "ORDERED")] == compensated.distinct().count() > 0


def test_sentence_and_gain_bands_have_their_edges_where_the_labels_say():
    assert sentence_band(None) == sentence_band(0) == "_U"
    assert sentence_band(10 * 365 - 1) == "Y_LT10" and sentence_band(10 * 365) == "Y10T14"
    assert sentence_band(15 * 365 - 1) == "Y10T14" and sentence_band(15 * 365) == "Y_GE15"
    assert gain_band(None) == "NOT_TESTED"
    assert gain_band(0.7) == "HIGH" and gain_band(0.69) == "MEDIUM"
    assert gain_band(0.3) == "MEDIUM" and gain_band(0.29) == "LOW" and gain_band(-0.1) == "LOW"


def test_training_counts_each_enrolment_with_its_gain_and_a_standing_certificate(year):
    enrolled = Enrolment.objects.filter(session__starts_on__year=year).order_by("pk")
    first, second, third = enrolled[:3]
    Enrolment.objects.filter(pk=first.pk).update(gain=0.75)
    Enrolment.objects.filter(pk=third.pk).update(status="withdrawn")

    def certify(enrolment: Enrolment, code: str, **kw) -> None:
        Certificate.objects.create(
            enrolment=enrolment, code=code, issued_on=date(year, 12, 1), holder_name="A",
            course_title="Curso", course_code="C", hours=Decimal(16), issuer_name="I", **kw,
        )  # fmt: skip

    certify(first, "C-1")
    certify(second, "C-2", revoked_at=timezone.now(), revoked_reason="Error")
    learnt = {r.key: r for r in learnt_of_year(year)}
    assert learnt[f"enrolment:{first.pk}"] == Learnt(f"enrolment:{first.pk}", "HIGH", "CERTIFIED")
    assert learnt[f"enrolment:{second.pk}"].certified == "NOT_CERTIFIED"  # revoked
    assert f"enrolment:{third.pk}" not in learnt  # withdrawn
    assert len(learnt) == enrolled.exclude(status="withdrawn").count()
    # An official trained in two departments counts once, under "several".
    elsewhere = TrainingSession.objects.get(pk=first.session_id)
    elsewhere.pk, elsewhere.reference = None, f"{elsewhere.reference}-B"
    elsewhere.department = Department.objects.exclude(pk=first.session.department_id).first()
    elsewhere.save()
    Enrolment.objects.create(session=elsewhere, participant=first.participant)
    trained = {t.key: t for t in trained_of_year(year)}
    assert trained[f"participant:{first.participant_id}"].department == "SEVERAL"
    assert trained[f"participant:{second.participant_id}"].department == (
        Enrolment.objects.get(pk=second.pk).session.department.code
    )
    built = _built(year)
    gains = _true(built["TRAINING_GAIN_CERTIFICATE"])
    assert gains[("_T", "CERTIFIED")] == 1 and gains[("_T", "_T")] == len(learnt) + 1
    departments = _true(built["TRAINED_DEPARTMENT"])
    assert departments[("_T",)] == len(trained)
    assert built["TRAINED_DEPARTMENT"].protection.safe


def test_counts_about_no_one_are_published_as_counted_and_left_out_of_the_report(
    year, home_institution
):
    campaign = Campaign.objects.create(
        institution=home_institution, name="Campaña", starts_on=date(year, 3, 1)
    )
    CampaignReach.objects.create(campaign=campaign, channel="radio", people=25_000)
    CampaignReach.objects.create(campaign=campaign, channel="schools", people=3)
    earlier = Campaign.objects.create(
        institution=home_institution, name="Antes", starts_on=date(year - 1, 3, 1)
    )
    CampaignReach.objects.create(campaign=earlier, channel="radio", people=999)
    secretary = actor_of(make_user("committee_secretary", home_institution))
    committee = committee_create(
        actor=secretary, kind="working_group", name="Mesa técnica", acronym="MT", language="es"
    )
    when = datetime(year, 4, 2, 9, tzinfo=timezone.get_current_timezone())
    held = Meeting.objects.create(
        committee=committee, year=year, number=1, title="S1", starts_at=when, status="held"
    )
    Meeting.objects.create(
        committee=committee, year=year, number=2, title="S2",
        starts_at=when + timedelta(days=30), status="cancelled",
    )  # fmt: skip
    Agreement.objects.create(
        committee=committee, meeting=held, year=year, number=1, reference="CL-1", text="A"
    )
    built = _built(year)
    reach = _published(built["CAMPAIGN_REACH_CHANNEL"])
    assert reach[("SCHOOLS",)] == sdmx.Cell(("SCHOOLS",), 3, sdmx.OBS_NORMAL, sdmx.CONF_FREE)
    assert reach[("RADIO",)].value == 25_000 and reach[("_T",)].value == 25_003
    meetings = _published(built["MEETINGS_COMMITTEE"])
    assert meetings[("WORKING_GROUP",)].value == 1 and meetings[("_T",)].value == 1
    assert _published(built["AGREEMENTS_COMMITTEE"])[("WORKING_GROUP",)].value == 1
    # The disclosure report speaks of the counts of people only.
    personal = [t for t in built.values() if t.spec.personal]
    assert len(personal) == len([t for t in TABLES if t.personal]) < len(built)
    report = _report(list(built.values()))
    assert report["tables"] == len(personal)
    assert report["cells"] == sum(len(t.cells) for t in personal)


def test_the_observatory_shows_the_tables_by_section_and_reports_on_the_personal_ones(
    year, home_institution
):
    commission = make_institution("Comisión")
    analyst = actor_of(make_user("me_analyst", commission))
    secretary = actor_of(make_user("committee_secretary", commission))
    campaign = Campaign.objects.create(
        institution=home_institution, name="Campaña", starts_on=date(year, 3, 1)
    )
    CampaignReach.objects.create(campaign=campaign, channel="radio", people=25_000)
    release = release_prepare(actor=analyst, year=year)
    release_publish(actor=secretary, release=release, version=release.version)
    page = Client().get(f"/public/releases/{release.pk}/").content.decode()
    headings = [page.index(f'id="s-{code}"') for code, _title in SECTIONS]
    assert headings == sorted(headings)  # victims, protection, prosecution, prevention, ...
    # Each table sits in its own section, after the section's heading and before the next.
    for spec in TABLES:
        at = page.index(f'id="t-{spec.code}"')
        i = [code for code, _t in SECTIONS].index(spec.section)
        assert headings[i] < at and (i + 1 == len(headings) or at < headings[i + 1])
    assert "Denuncias recibidas, por canal" in page and "Línea 145" in page
    # No meeting in the year: the table says so instead of drawing an empty chart.
    assert 'data-chart-for="table-MEETINGS_COMMITTEE"' not in page
    assert 'data-chart-for="table-VICTIMS_SEX_AGE"' in page
    meetings = page[page.index('id="t-MEETINGS_COMMITTEE"') :]
    assert meetings.index("No se registró nada en este año.") < meetings.index("</section>")
    # The disclosure report lists the tables about people only.
    report = page[page.index('id="report-title"') :]
    assert "Sesiones celebradas, por comité" not in report
    assert "Víctimas atendidas, por servicio y sexo" in report
    assert release.report["tables"] == sum(1 for t in TABLES if t.personal)


def test_a_code_the_dimension_does_not_list_is_counted_as_not_recorded_never_dropped():
    spec = next(t for t in TABLES if t.code == "TRAINING_GAIN_CERTIFICATE")
    learnt = [Learnt(f"enrolment:{i}", "HIGH", "CERTIFIED") for i in range(12)]
    learnt += [Learnt("enrolment:x", "SOMETHING_NEW", "PENDING")]
    built = build_table(spec, learnt, threshold=10, protection=10)
    true = _true(built)
    assert true[("_T", "_T")] == 13 and true[("_U", "_U")] == 1
    assert built.labels["GAIN"]["_U"] == built.labels["CERTIFICATE"]["_U"] == "No registrado"
    assert built.protection.safe and _published(built)[("_U", "_U")].value is None
