"""The summary tables behind the dashboards: what a case counts as, their refresh from the
audit trail, counting a person once a year, and the dashboard's figures and filters."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.http import Http404

from ruta.audit.services import chain_seal
from ruta.cases import services as cases
from ruta.core.models import Department
from ruta.people import services as people
from ruta.people.models import DuplicatePair, LinkageRun
from ruta.people.services_linkage import persons_merge
from ruta.reporting import selectors
from ruta.reporting.models import StatisticsState, VictimCount, VictimFact
from ruta.reporting.services import statistics_rebuild, statistics_refresh
from tests.factories import actor_of, make_institution, make_user

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


@pytest.fixture
def analyst(db):
    return actor_of(make_user("me_analyst", make_institution("Comisión")))


def victim(actor, *, decided=date(YEAR, 3, 10), status="identified", forms=(), **person):
    values = {"given_names": "Ana", "first_surname": "Paz", "sex": "female", **person}
    case = cases.case_open(actor=actor, person=people.person_create(actor=actor, **values))
    if forms:
        case = cases.case_update_facts(
            actor=actor,
            case=case,
            version=case.version,
            forms_of_exploitation=list(forms),
            means_of_control=[],
            recruitment_methods=[],
            recruitment_apps=[],
            exploitation_apps=[],
            relationship_to_recruiter="unknown",
        )
    cases.identification_decide(
        actor=actor,
        case=case,
        version=case.version,
        status=status,
        decided_on=decided,
        basis="Indicadores de explotación",
    )
    case.refresh_from_db()
    return case


def refresh():
    chain_seal()
    return statistics_refresh()


def dashboard(actor, **filters):
    f = selectors.Filters(year_from=YEAR, year_to=YEAR, **filters)
    return selectors.victims_dashboard(actor=actor, filters=f)


def rows(d, key):
    return {r.code: r.value for r in d.breakdown(key).rows if r.value}


def test_a_case_counts_with_its_facts_once_found_presumed_or_identified(coordinator, analyst):
    girl = victim(coordinator, date_of_birth=date(2010, 5, 1), forms=["sexual", "begging"])
    cases.event_add(
        actor=coordinator,
        case=girl,
        type="exploitation",
        country="HND",
        department=Department.objects.get(code="HN-CR"),
    )
    victim(coordinator, given_names="Rosa", status="possible")
    victim(coordinator, given_names="Luis", sex="male", date_of_birth=date(1990, 1, 1),
           nationalities=["GTM"])  # fmt: skip
    refresh()

    fact = VictimFact.objects.get(case=girl)
    assert (fact.age_group, fact.department, fact.transnational) == ("child", "HN-CR", False)
    assert fact.forms == ["begging", "sexual"] and fact.detected_on == date(YEAR, 3, 10)
    d = dashboard(analyst)
    assert d.total == 2  # the possible victim does not count
    assert rows(d, "age_cell") == {"girl": 1, "man": 1}
    # A victim of two forms counts once in the total and under each form.
    assert rows(d, "form") == {"sexual": 1, "begging": 1, "": 1}
    assert rows(d, "department") == {"HN-CR": 1, "": 1}
    assert rows(d, "transnational") == {"False": 1, "True": 1}
    assert rows(d, "nationality") == {"GTM": 1, "": 1}
    assert dashboard(analyst, age_cell="girl").total == 1
    assert dashboard(analyst, department="HN-CR", form="begging").total == 1
    assert dashboard(analyst, form="marriage").total == 0


def test_a_later_decision_and_a_merge_reach_the_figures_through_the_audit_trail(
    coordinator, analyst, home_institution
):
    first = victim(coordinator, date_of_birth=date(2008, 1, 1))
    again = victim(coordinator, given_names="Anita", decided=date(YEAR, 6, 1),
                   date_of_birth=date(2008, 1, 1))  # fmt: skip
    refresh()
    assert dashboard(analyst).total == 2

    # The same girl recorded twice, merged: counted once, for the earlier case.
    pair = DuplicatePair.objects.create(
        run=LinkageRun.objects.create(status="done"),
        person_a=first.person,
        person_b=again.person,
        probability=0.99,
        weight=10,
        explanation=[],
        same_institution=True,
    )
    persons_merge(actor=coordinator, pair=pair, keep=str(first.person_id), version=pair.version)
    result = refresh()
    assert result.cases >= 2
    assert dashboard(analyst).total == 1
    assert VictimFact.objects.get(case=again).counted is False

    # Found not to be a victim: she leaves the figures at the next refresh.
    first.refresh_from_db()
    cases.identification_decide(
        actor=coordinator,
        case=first,
        version=first.version,
        status="not_victim",
        decided_on=date(YEAR, 7, 1),
        basis="Revisión del caso",
    )
    refresh()
    d = dashboard(analyst)
    assert d.total == 1 and rows(d, "period") == {"6": 1}  # the other case now counts
    assert StatisticsState.objects.get().last_seq > 0


def test_a_person_detected_in_two_years_counts_in_each(coordinator, analyst):
    case = victim(coordinator, decided=date(YEAR - 1, 11, 1))
    second = cases.case_open(actor=coordinator, person=case.person)
    cases.identification_decide(
        actor=coordinator,
        case=second,
        version=second.version,
        status="presumed",
        decided_on=date(YEAR, 2, 1),
        basis="Nuevo hecho",
    )
    refresh()
    span = selectors.Filters(year_from=YEAR - 1, year_to=YEAR)
    d = selectors.victims_dashboard(actor=analyst, filters=span)
    assert d.total == 2 and rows(d, "period") == {str(YEAR - 1): 1, str(YEAR): 1}
    assert dashboard(analyst, identified_only=True).total == 0


def test_the_rebuild_gives_the_same_counts_as_the_refresh(coordinator, analyst):
    victim(coordinator, forms=["forced_labour"], date_of_birth=date(1980, 1, 1))
    victim(coordinator, given_names="Eva", decided=date(YEAR, 9, 9), sex="unknown")
    refresh()

    def snapshot():
        return sorted(
            VictimCount.objects.values_list(
                "month", "form", "primary", "sex", "age_group", "victims"
            )
        )

    before = snapshot()
    assert statistics_rebuild() == 2
    assert snapshot() == before
    call_command("refresh_statistics", "--full")
    assert snapshot() == before


def test_drill_down_reaches_the_institutions_the_role_names_and_no_other(
    coordinator, analyst, home_institution
):
    victim(coordinator)
    refresh()
    other = make_institution("Otra")
    supervisor = actor_of(make_user("supervisor", other))
    # The national analyst sees every institution, by name.
    assert rows(dashboard(analyst), "institution") == {str(home_institution.pk): 1}
    assert dashboard(analyst, institution=home_institution.pk).total == 1
    # A supervisor sees the national total, and only her own institution's figures.
    assert dashboard(supervisor).total == 1
    assert "institution" not in [b.key for b in dashboard(supervisor).breakdowns]
    with pytest.raises(Http404):
        dashboard(supervisor, institution=home_institution.pk)
    assert dashboard(supervisor, institution=other.pk).total == 0
    # A case worker has no dashboard.
    with pytest.raises(Http404):
        dashboard(actor_of(make_user("case_worker", home_institution)))
