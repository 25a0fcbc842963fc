"""Permission-matrix specs of the prevention routes: reports.

The training report: the home's trainer (``TRN``) counts the home's sessions, the academy's
trainer (``P_TRN``) the academy's, the commission's analyst (``MEA``) every institution's.
"TRATA-101" (the home's course) shows only in the reports that count the home's session;
"Academia de Policía" (the employer of the academy's trained participant) only in those that
count the academy's. Exports are GETs of the same figures: no proof, audited reads
(tests/prevention/test_reports_views.py). The coverage page names the home's case workers
(the mandatory course is for case workers of response teams): the home's trainer and user
administrator see them; the other institution's administrator and the academy's trainer see
their own institution's (nobody)."""

from __future__ import annotations

from tests.matrix_spec import ADM, MEA, P_TRN, TRN, X_ADM, Spec, W, vspec

REPORT_READERS = (TRN, MEA, P_TRN)
COVERAGE_READERS = (TRN, ADM, X_ADM, P_TRN)


def _home_course(w):
    return "TRATA-101"


def _academy(w):
    return w["academy"].name


def _home_case_workers(w):
    return (f">{w['actors'][W].username}<", f">{w['subject'].username}<")


SPECS: list[Spec] = [
    vspec("prevention:report", "GET", REPORT_READERS, shows=_home_course, sees=(TRN, MEA)),
    vspec(
        "prevention:report",
        "GET",
        REPORT_READERS,
        target="national",
        shows=_academy,
        sees=(MEA, P_TRN),
    ),
    vspec("api:prevention-report", "GET", REPORT_READERS, shows=_home_course, sees=(TRN, MEA)),
    vspec(
        "api:prevention-report",
        "GET",
        REPORT_READERS,
        target="national",
        shows=_academy,
        sees=(MEA, P_TRN),
    ),
    vspec("prevention:report-pdf", "GET", REPORT_READERS),
    vspec("prevention:report-xlsx", "GET", REPORT_READERS),
    vspec(
        "prevention:coverage",
        "GET",
        COVERAGE_READERS,
        shows=_home_case_workers,
        sees=(TRN, ADM),
    ),
    vspec("prevention:coverage-export", "GET", COVERAGE_READERS),
]
