"""Releases of the official tables: protection of every published cell, consistency of
perturbed values between releases, four eyes on publication, the public observatory and its
downloads."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from ruta.accounts.models import Membership, Role
from ruta.audit.models import AuditEvent
from ruta.core.errors import ConflictError, DomainError
from ruta.demo.synthetic import generate
from ruta.prosecution.models import Charge, Defendant
from ruta.referrals.models import Referral
from ruta.reporting import disclosure
from ruta.reporting.models import Population, Release, VictimFact
from ruta.reporting.release_tables import (
    TABLES,
    Prosecuted,
    Victim,
    actions_of_year,
    build_release_tables,
    build_table,
    prosecution_of_year,
    trained_of_year,
    victims_of_year,
)
from ruta.reporting.services import statistics_rebuild
from ruta.reporting.services_releases import release_prepare, release_publish
from tests.factories import actor_of, make_institution, make_user, sign_in
from tests.reporting.test_statistics import victim

pytestmark = pytest.mark.django_db
YEAR = 2025


def _victims(n_girls: int, n_boys: int, n_women: int, start: int = 0) -> list[Victim]:
    rows = [("F", "Y_LT18")] * n_girls + [("M", "Y_LT18")] * n_boys + [("F", "Y_GE18")] * n_women
    return [
        Victim(f"case-{start + i}", sex, age, "SEXUAL", "HND", "HN-CR", "DOMESTIC")
        for i, (sex, age) in enumerate(rows)
    ]


def test_no_published_cell_reveals_a_small_count_and_the_audit_proves_it():
    spec = TABLES[0]  # age x sex
    built = build_table(spec, _victims(40, 3, 55), threshold=10, protection=10)
    t = built.protection.table
    for cell, true in zip(built.cells, t.values, strict=True):
        if 0 < true < 10:
            assert cell.value is None and cell.conf_status == "C"
    assert built.protection.safe and built.protection.summary()["secondary"] >= 1
    # The audit's ranges are what a reader can work out: each primary cell at least 10 wide.
    ranges = disclosure.feasible_ranges(t, built.protection.suppressed)
    boys = t.index(("Y_LT18", "M"))
    assert ranges[boys][1] - ranges[boys][0] >= 10


def test_the_same_victims_publish_the_same_value_in_every_release():
    spec = TABLES[0]
    first = build_table(spec, _victims(40, 12, 55), threshold=10, protection=10)
    # One more woman, recorded later: the girls' cell keeps its records, hence its value.
    later = build_table(
        spec, _victims(40, 12, 55) + _victims(0, 0, 1, start=999), threshold=10, protection=10
    )
    girls = first.protection.table.index(("Y_LT18", "F"))
    assert first.cells[girls].value == later.cells[girls].value
    assert {c.obs_status for c in first.cells} == {"E"}  # every cell marked perturbed
    assert all(
        abs(c.value - v) <= 2
        for c, v in zip(first.cells, first.protection.table.values, strict=True)
    )


def test_small_rows_are_published_together_as_others():
    victims = _victims(30, 12, 30)
    victims += [
        Victim(f"x{i}", "F", "Y_GE18", "SEXUAL", "HND", "HN-GD", "DOMESTIC") for i in range(3)
    ]
    victims += [
        Victim(f"y{i}", "F", "Y_GE18", "SEXUAL", "HND", "HN-IB", "DOMESTIC") for i in range(8)
    ]
    spec = next(t for t in TABLES if t.code == "VICTIMS_DEPARTMENT")
    built = build_table(spec, victims, threshold=10, protection=10)
    assert built.rolled_up == ["HN-GD", "HN-IB"]
    keys = [c.key for c in built.cells]
    assert ("_O",) in keys and ("HN-GD",) not in keys
    assert built.protection.summary()["primary"] == 0


@pytest.fixture
def people(home_institution):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    commission = make_institution("Comisión")
    return {
        "coordinator": coordinator,
        "analyst": actor_of(make_user("me_analyst", commission)),
        "other_analyst": actor_of(make_user("me_analyst", commission)),
        "secretary": actor_of(make_user("committee_secretary", commission)),
    }


def test_an_analyst_prepares_and_a_second_person_publishes(people):
    for i in range(3):
        victim(people["coordinator"], given_names=f"Ana{i}", decided=date(YEAR, 4, 1 + i))
    statistics_rebuild()
    assert len(victims_of_year(YEAR)) == 3
    release = release_prepare(actor=people["analyst"], year=YEAR)
    assert release.safe and release.edition == 1 and release.tables.count() == len(TABLES)
    sex_age = release.tables.get(code="VICTIMS_SEX_AGE")
    assert all(value is None for key, value, *_ in sex_age.cells if key == ["_T", "_T"])
    # Three victims: every nonzero count is suppressed; nothing true is stored in the release.
    assert all(value in (None, 0) for _key, value, *_ in sex_age.cells)

    with pytest.raises(Http404):  # the analyst has no publishing capability
        release_publish(actor=people["analyst"], release=release, version=release.version)
    # Someone who may both prepare and publish still needs a second person.
    both = Role.objects.create(
        code="statistician",
        capabilities=["reporting.view_aggregates", "reporting.publish"],
        scope="aggregate",
        read_sensitivities=[],
        write_sensitivities=[],
    )
    user = make_user()
    Membership.objects.create(user=user, institution=people["analyst"].institution, role=both)
    own = release_prepare(actor=actor_of(user), year=YEAR)
    with pytest.raises(DomainError):
        release_publish(actor=actor_of(user), release=own, version=own.version)
    with pytest.raises(ConflictError):
        release_publish(
            actor=people["secretary"], release=release, version=release.version - 1 or 99
        )
    release_publish(actor=people["secretary"], release=release, version=release.version)
    release.refresh_from_db()
    assert release.is_published and release.published_by == people["secretary"].user
    with pytest.raises(DomainError):
        release_publish(actor=people["secretary"], release=release, version=release.version)
    actions = list(
        AuditEvent.objects.filter(action__startswith="reporting.release").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["reporting.release.prepared"] * 2 + ["reporting.release.published"]
    assert release_prepare(actor=people["other_analyst"], year=YEAR).edition == 3


def test_a_release_whose_audit_failed_is_not_published(people):
    release = release_prepare(actor=people["analyst"], year=YEAR)
    Release.objects.filter(pk=release.pk).update(report={**release.report, "safe": False})
    release.refresh_from_db()
    with pytest.raises(DomainError):
        release_publish(actor=people["secretary"], release=release, version=release.version)
    assert not Release.objects.get(pk=release.pk).is_published


def test_a_year_outside_the_range_is_refused_in_the_users_language(people):
    client = sign_in(Client(), people["analyst"].user)
    response = client.post("/statistics/releases/prepare/", {"year": 1950})
    assert response.status_code == 400 and not Release.objects.exists()
    assert "Escoja una opción válida" in response.content.decode()


def test_the_observatory_shows_published_releases_to_anyone_and_drafts_to_nobody(people):
    for i in range(12):
        victim(people["coordinator"], given_names=f"Eva{i}", decided=date(YEAR, 5, 1 + i))
    statistics_rebuild()
    draft = release_prepare(actor=people["analyst"], year=YEAR)
    anonymous = Client()
    assert "No se ha publicado" in anonymous.get("/public/").content.decode()
    assert anonymous.get(f"/public/releases/{draft.pk}/").status_code == 404
    assert anonymous.get(f"/public/releases/{draft.pk}/tables.xlsx").status_code == 404

    release_publish(actor=people["secretary"], release=draft, version=draft.version)
    page = anonymous.get("/public/").content.decode()
    assert f"en {YEAR}" in page and "passed" not in page and "superada" in page
    sdmx = anonymous.get(f"/public/releases/{draft.pk}/victims_sex_age.sdmx.csv").content.decode()
    rows = list(csv.reader(io.StringIO(sdmx)))
    assert rows[0] == ["DATAFLOW", "AGE", "SEX", "OBS_VALUE", "OBS_STATUS", "CONF_STATUS"]
    by_key = {(r[1], r[2]): r for r in rows[1:]}
    assert by_key[("Y_GE18", "F")][3:] and by_key[("Y_GE18", "F")][4] == "E"
    assert by_key[("_T", "_T")][4] == "E" and abs(int(by_key[("_T", "_T")][3]) - 12) <= 2
    plain = anonymous.get(f"/public/releases/{draft.pk}/victims_sex_age.csv").content.decode()
    assert plain.splitlines()[0].startswith("Edad,")
    book = load_workbook(
        io.BytesIO(anonymous.get(f"/public/releases/{draft.pk}/tables.xlsx").content)
    )
    assert len(book.worksheets) == len(TABLES)
    assert "x" in "".join(
        str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c
    )
    assert anonymous.get("/public/methodology/").status_code == 200
    assert VictimFact.objects.count() == 12


def test_a_lone_small_row_is_not_called_others():
    spec = next(t for t in TABLES if t.code == "PERSONS_CONVICTED_CITIZENSHIP")
    convicted = [Prosecuted(f"defendant:{i}", "M", "HND") for i in range(4)]
    built = build_table(spec, convicted, threshold=10, protection=10)
    assert built.rolled_up == []
    values = {c.key: c.value for c in built.cells}
    assert values[("HND",)] is None and values[("_T",)] is None  # 4: suppressed, total too


def test_the_prosecution_and_referral_tables_count_each_defendant_once_per_stage():
    generate(cases=600, seed=5, years=3, batch=600)
    year = timezone.localdate().year - 1
    stages = prosecution_of_year(year)
    charged = Charge.objects.filter(classification="trafficking", charged_on__year=year)
    assert charged.exists()
    # A second trafficking charge on a prosecuted defendant: still one person prosecuted.
    twice = charged.first()
    twice.pk = None
    twice.save()
    again = prosecution_of_year(year)
    assert (
        len(again["prosecuted"])
        == len(stages["prosecuted"])
        == len(set(charged.values_list("defendant_id", flat=True)))
    )
    investigated = Defendant.objects.filter(file__investigation_on__year=year)
    assert {p.key for p in again["investigated"]} == {
        f"defendant:{pk}" for pk in investigated.values_list("pk", flat=True)
    }
    sentenced = Charge.objects.filter(outcome__in=["convicted", "plea"], outcome_on__year=year)
    assert len(again["convicted"]) == len(set(sentenced.values_list("defendant_id", flat=True)))
    built = {t.spec.code: t for t in build_release_tables(year, threshold=10, protection=10)}
    by_sex = built["PERSONS_INVESTIGATED_SEX"]
    males = sum(1 for p in again["investigated"] if p.sex == "M")
    assert males == by_sex.protection.table.values[by_sex.protection.table.index(("M",))] > 0
    for table in built.values():  # every cell protected, every published value near its count
        assert table.protection.safe
        for cell, true in zip(table.cells, table.protection.table.values, strict=True):
            if 0 < true < 10:
                assert cell.value is None
            if cell.value is not None:
                assert abs(cell.value - true) <= 2
    outcomes = built["REFERRALS_OUTCOME"].protection.table
    sent = Referral.objects.filter(sent_at__year=year).count()
    assert sent > 50 and outcomes.values[outcomes.index(("_T",))] == sent


def test_rows_are_not_all_published_together_as_others():
    spec = next(t for t in TABLES if t.code == "PERSONS_CONVICTED_CITIZENSHIP")
    convicted = [Prosecuted(f"d:{i}", "M", "HND") for i in range(18)]
    convicted += [Prosecuted("d:gt", "M", "CAM"), Prosecuted("d:us", "F", "OTHER")]
    built = build_table(spec, convicted, threshold=10, protection=10)
    assert built.rolled_up == []
    values = {c.key: c.value for c in built.cells}
    assert values[("CAM",)] is None and values[("OTHER",)] is None
    assert built.protection.safe


def test_rates_per_100000_come_from_the_published_counts_and_the_loaded_population(people):
    generate(cases=700, seed=8, years=2, batch=700)
    year = timezone.localdate().year - 1
    without = release_prepare(actor=people["analyst"], year=year)
    assert not without.tables.filter(code="VICTIMS_RATE_SEX_AGE").exists()
    source = "Proyecciones de población (prueba)"
    for sex, age, n in (("female", "child", 1_900_000), ("male", "child", 2_000_000),
                        ("female", "adult", 2_700_000), ("male", "adult", 2_500_000)):  # fmt: skip
        Population.objects.create(
            year=year, department="", sex=sex, age_group=age, population=n, source=source
        )
    release = release_prepare(actor=people["analyst"], year=year)
    counts = {tuple(k): v for k, v, *_ in release.tables.get(code="VICTIMS_SEX_AGE").cells}
    rates = release.tables.get(code="VICTIMS_RATE_SEX_AGE")
    got = {tuple(k): (v, obs) for k, v, obs, _conf in rates.cells}
    assert got[("Y_LT18", "F")][0] == round(100_000 * counts[("Y_LT18", "F")] / 1_900_000, 2)
    assert got[("_T", "_T")][0] == round(100_000 * counts[("_T", "_T")] / 9_100_000, 2)
    assert got[("Y_GE18", "_T")][0] == round(100_000 * counts[("Y_GE18", "_T")] / 5_200_000, 2)
    assert not any("_U" in key for key in got)  # no population for an unrecorded sex or age
    suppressed = [k for k, v in counts.items() if v is None and "_U" not in k]
    assert all(got[k] == (None, "M") for k in suppressed)
    # Derived, not counted: the release's disclosure report is the counted tables'.
    assert rates.summary["derived"] and release.report == without.report | {
        "perturbed": release.report["perturbed"]
    }
    release_publish(actor=people["secretary"], release=release, version=release.version)
    page = Client().get(f"/public/releases/{release.pk}/").content.decode()
    assert "por cada 100.000 habitantes" in page and source in page
    sdmx = Client().get(f"/public/releases/{release.pk}/victims_rate_sex_age.sdmx.csv")
    assert sdmx.status_code == 200 and "VICTIMS_RATE_SEX_AGE" in sdmx.content.decode()


def test_the_trained_and_the_action_items_are_counted_once_and_protected(home_institution):
    from ruta.coordination.models import ActionItem, Agreement, Meeting
    from ruta.coordination.services.committees import committee_create
    from ruta.prevention.models import Enrolment

    generate(cases=800, seed=9, years=2, batch=800)
    year = timezone.localdate().year - 1
    trained = trained_of_year(year)
    enrolled = Enrolment.objects.filter(session__starts_on__year=year)
    assert len(trained) == enrolled.values("participant_id").distinct().count() > 0
    # One official in a second session of the year: still one person trained.
    again = enrolled.first()
    other = enrolled.exclude(session=again.session).first()
    Enrolment.objects.create(session=other.session, participant=again.participant)
    assert len(trained_of_year(year)) == len(trained)
    secretary = actor_of(make_user("committee_secretary", home_institution))
    committee = committee_create(
        actor=secretary, kind="plenary", name="Pleno", acronym="CICESCT", language="es"
    )
    meeting = Meeting.objects.create(
        committee=committee, year=year, number=1, title="S1", starts_at=timezone.now()
    )
    agreement = Agreement.objects.create(
        committee=committee, meeting=meeting, year=year, number=1, reference="A-1", text="A"
    )
    for status, done in [("done", date(year, 1, 20))] * 12 + [("done", date(year, 3, 1))]:
        ActionItem.objects.create(
            agreement=agreement,
            committee=committee,
            owner_institution=home_institution,
            description="Hacer",
            due_on=date(year, 2, 1),
            status=status,
            done_on=done,
        )
    statuses = sorted(c.status for c in actions_of_year(year, timezone.localdate()))
    assert statuses == ["LATE"] + ["ON_TIME"] * 12
    built = {t.spec.code: t for t in build_release_tables(year, threshold=10, protection=10)}
    actions = built["ACTION_ITEMS_STATUS"]
    cells = {c.key: c for c in actions.cells}
    assert cells[("LATE",)].value is None and cells[("LATE",)].conf_status == "C"  # 1 is small
    # ... and a second cell hides it from the total (a one-way table: 13 = 12 + 1).
    assert sum(1 for c in actions.cells if c.value is None) >= 2 and actions.protection.safe
    for cell, true in zip(actions.cells, actions.protection.table.values, strict=True):
        assert cell.value is None or abs(cell.value - true) <= 2
    table = built["TRAINED_SECTOR_SEX"]
    assert table.protection.safe
    true = dict(zip(table.protection.table.keys, table.protection.table.values, strict=True))
    assert true[("_T", "_T")] == len(trained)


def test_a_table_this_code_does_not_know_is_left_out_not_fatal(people):
    """A release frozen by a later version (a table added, then the deploy rolled back)."""
    from ruta.reporting.models import ReleaseTable

    victim(people["coordinator"], decided=date(YEAR, 4, 1))
    statistics_rebuild()
    release = release_prepare(actor=people["analyst"], year=YEAR)
    release_publish(actor=people["secretary"], release=release, version=release.version)
    ReleaseTable.objects.create(
        release=release,
        code="FUTURE_TABLE",
        position=99,
        dims=["X"],
        cells=[[["A"], 20, "A", "F"]],
        summary={},
        safe=True,
    )
    client = Client()
    page = client.get(f"/public/releases/{release.pk}/")
    assert page.status_code == 200 and "VICTIMS_SEX_AGE".lower() in page.content.decode()
    assert client.get(f"/public/releases/{release.pk}/future_table.csv").status_code == 404
    assert client.get(f"/public/releases/{release.pk}/tables.xlsx").status_code == 200
