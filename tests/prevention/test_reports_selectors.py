"""The training report's figures and the coverage of mandatory courses, on the small known
dataset of tests/prevention/reports_world.py (its docstring holds the hand count)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruta.core.errors import NotPermitted
from ruta.prevention.models import Certificate, Enrolment, Participant
from ruta.prevention.selectors_reports import (
    coverage_get,
    report_filters,
    training_report,
    training_summary,
)
from tests.prevention.reports_world import build


@pytest.fixture
def w(db):
    return build()


def _report(actor, **filters):
    return training_report(actor=actor, filters=report_filters(actor=actor, **filters))


def _n(rows) -> dict:
    return {r.key: r.n for r in rows}


def _by_label(rows) -> dict:
    return {r.label: r.n for r in rows}


class TestPeopleTrained:
    def test_the_home_trainer_counts_the_home_sessions(self, w):
        r = _report(w["trn"])
        assert not r.national
        assert r.people == 3  # Marta, Ramón, Óscar; Wendy withdrew
        assert _n(r.by_sex) == {"female": 2, "male": 1}
        assert _by_label(r.by_institution) == {"Equipo propio": 2, "Otra institución": 1}
        assert _by_label(r.by_course) == {"TRATA-101": 3}
        assert _n(r.by_year) == {str(w["year"]): 3}

    def test_the_analyst_counts_every_institution(self, w):
        r = _report(w["mea"])
        assert r.national
        assert r.people == 4
        assert _n(r.by_sex) == {"female": 3, "male": 1}
        assert _by_label(r.by_institution) == {
            "Equipo propio": 2,
            "Otra institución": 1,
            "Academia de Policía": 1,
        }
        assert _by_label(r.by_course) == {"TRATA-101": 3, "POL-201": 1}

    def test_the_academy_trainer_counts_the_academy_only(self, w):
        r = _report(w["p_trn"])
        assert r.people == 1
        assert _by_label(r.by_institution) == {"Academia de Policía": 1}

    def test_a_withdrawn_enrolment_or_a_cancelled_session_never_counts(self, w):
        Enrolment.objects.filter(participant=w["oscar"]).update(status="withdrawn")
        assert _report(w["trn"]).people == 2
        w["session"].status = "cancelled"
        w["session"].save(update_fields=["status"])
        assert _report(w["trn"]).people == 0

    def test_a_session_of_another_year_counts_in_its_year(self, w):
        w["session"].starts_on = w["session"].starts_on - timedelta(days=400)
        w["session"].save(update_fields=["starts_on"])
        assert _report(w["trn"]).people == 0
        last = _report(w["trn"], year=w["session"].starts_on.year)
        assert last.people == 3
        # "by year" ignores the year filter.
        assert _n(last.by_year) == {str(w["session"].starts_on.year): 3}

    def test_filters(self, w):
        assert _report(w["trn"], sex="male").people == 1
        assert _report(w["mea"], institution=w["home"].pk).people == 2
        assert _report(w["mea"], course="pol-201").people == 1
        assert _report(w["mea"], department="XX-00").people == 0

    def test_only_a_national_reader_filters_by_institution(self, w):
        f = report_filters(actor=w["trn"], institution=w["other"].pk)
        assert f.institution is None
        assert training_report(actor=w["trn"], filters=f).people == 3


class TestGain:
    def test_mean_and_distribution(self, w):
        r = _report(w["trn"])
        assert r.gain_n == 3
        assert r.gain_mean == pytest.approx((1 + 1 + 1 / 3) / 3)
        assert {k: n for k, n in _n(r.gain_bins).items() if n} == {"0.3": 1, "0.9": 2}
        assert len(r.gain_bins) == 11  # below 0, then ten bins of 0.1

    def test_a_negative_gain_has_its_bin_and_a_missing_one_none(self, w):
        Enrolment.objects.filter(participant=w["oscar"]).update(gain=-0.5)
        Enrolment.objects.filter(participant=w["participant"]).update(gain=None)
        r = _report(w["trn"])
        assert r.gain_n == 2
        assert r.gain_mean == pytest.approx((1 - 0.5) / 2)
        assert {k: n for k, n in _n(r.gain_bins).items() if n} == {"neg": 1, "0.9": 1}


class TestTrainers:
    def test_certified_trainers_by_institution(self, w):
        r = _report(w["mea"])
        assert [(t.label, t.total, t.new) for t in r.trainers] == [("Academia de Policía", 1, 1)]
        assert _report(w["trn"]).trainers == []
        nxt = _report(w["mea"], year=w["year"] + 1)
        assert [(t.total, t.new) for t in nxt.trainers] == [(1, 0)]


class TestCoverageInReport:
    def test_per_institution(self, w):
        rows = {
            (c.institution, c.course): (c.required, c.certified) for c in _report(w["mea"]).coverage
        }
        assert rows == {
            ("Equipo propio", "TRATA-101"): (2, 1),
            ("Otra institución", "TRATA-101"): (1, 0),
        }
        home_only = _report(w["trn"]).coverage
        assert [(c.institution, c.missing) for c in home_only] == [("Equipo propio", 1)]


class TestInspectionsAndReach:
    def test_inspections_count_for_the_national_reader_only(self, w):
        i = _report(w["mea"]).inspections
        assert (i.inspections, i.workers, i.children, i.with_indicators, i.reports) == (
            2,
            16,
            4,
            2,
            0,
        )
        trn = _report(w["trn"])
        assert not trn.shows_inspections
        assert trn.inspections.inspections == 0

    def test_campaign_reach(self, w):
        r = _report(w["mea"])
        assert [(c.key, c.people, c.female, c.male, c.sex_unknown) for c in r.reach_by_channel] == [
            ("radio", 1200, 0, 0, 1200),  # heads only: not "no woman reached"
            ("schools", 300, 200, 100, 0),
        ]
        assert _n(r.reach_by_sex) == {"female": 200, "male": 100, "unknown": 1200}
        assert _n(r.reach_by_age) == {
            "0_17": 300,
            "18_29": 0,
            "30_59": 0,
            "60_plus": 0,
            "unknown": 1200,
        }
        assert _report(w["p_trn"]).reach_by_channel == []  # the academy's campaign: no reach


class TestWhoReads:
    @pytest.mark.parametrize("who", ["adm", "lab", "x_adm"])
    def test_no_report_without_the_capability(self, w, who):
        with pytest.raises(NotPermitted):
            _report(w[who])

    @pytest.mark.parametrize("who", ["mea", "lab"])
    def test_no_coverage_for_the_analyst_or_the_inspector(self, w, who):
        with pytest.raises(NotPermitted):
            coverage_get(actor=w[who])


class TestCoveragePage:
    def _staff(self, actor):
        return {c.course: {s.name: s.certified for s in c.staff} for c in coverage_get(actor=actor)}

    def test_the_home_admin_sees_certified_and_missing(self, w):
        assert self._staff(w["adm"]) == {
            "TRATA-101": {"Carla Certificada": True, "Luis Faltante": False}
        }

    def test_the_other_institution_sees_its_own_staff(self, w):
        assert self._staff(w["x_adm"]) == {"TRATA-101": {"Pedro Otro": False}}

    def test_the_academy_has_no_mandatory_course(self, w):
        assert coverage_get(actor=w["p_trn"]) == []

    def test_a_revoked_certificate_does_not_cover(self, w):
        Certificate.objects.filter(code="RUTA-TEST-0009").update(revoked_at=timezone.now())
        assert self._staff(w["adm"])["TRATA-101"]["Carla Certificada"] is False

    def test_a_certificate_of_another_course_does_not_cover(self, w):
        # Luis holds the academy's certificate of POL-201.
        Participant.objects.filter(pk=w["academy_participant"].pk).update(user=w["users"]["luis"])
        assert self._staff(w["adm"])["TRATA-101"]["Luis Faltante"] is False

    def test_inactive_users_and_memberships_are_not_staff(self, w):
        w["users"]["luis"].is_active = False
        w["users"]["luis"].save(update_fields=["is_active"])
        assert "Luis Faltante" not in self._staff(w["adm"])["TRATA-101"]
        w["users"]["carla"].memberships.update(is_active=False)
        assert self._staff(w["adm"])["TRATA-101"] == {}


class TestHomeCard:
    def test_figures(self, w):
        s = training_summary(actor=w["trn"])
        assert (s.people, s.trainers, s.missing, s.national) == (3, 0, 1, False)
        assert s.gain_mean == pytest.approx(7 / 9)
        m = training_summary(actor=w["mea"])
        assert (m.people, m.trainers, m.missing, m.national) == (4, 1, None, True)
        a = training_summary(actor=w["adm"])  # the user administrator: coverage only
        assert (a.reads_report, a.people, a.missing) == (False, 0, 1)
        assert training_summary(actor=w["lab"]) is None
