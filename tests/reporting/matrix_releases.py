"""Permission-matrix specs of the releases and the public observatory (reporting).

The M&E analyst (national, aggregate scope) prepares; the committee secretary
(``reporting.publish``) publishes, and both see drafts; every viewer of the statistics sees
published releases. The observatory answers everyone, signed in or not, for published
releases only: a draft's id is 404 there for all."""

from __future__ import annotations

from django.utils import timezone

from ruta.reporting.models import Release
from tests.matrix import Proof
from tests.matrix_spec import ERI, MEA, SEC, SUP, Spec, count, everyone, kw, pk, spec, value

VIEWERS = (ERI, SUP, SEC, MEA)
DRAFT = kw(release_id=pk("release_draft"))
PUBLISHED = kw(release_id=pk("release_published"))
PREPARED = Proof(count(Release), "reporting.release.prepared")
PUBLISHED_PROOF = Proof(
    value(Release, "release_draft", "status", "version"), "reporting.release.published"
)


def _year(w):
    return {"year": timezone.localdate().year - 1}


def _version(w):
    return {"version": Release.objects.get(pk=w["release_draft"].pk).version}


def _table(w):
    return {"release_id": w["release_published"].pk, "code": "victims_sex_age"}


def _draft_table(w):
    return {"release_id": w["release_draft"].pk, "code": "victims_sex_age"}


SPECS: list[Spec] = [
    # --- pages ---------------------------------------------------------------------------------
    spec("reporting:release-list", "GET", VIEWERS, anywhere=True),
    spec("reporting:release-prepare", "POST", (MEA,), data=_year, proof=PREPARED),
    spec("reporting:release-detail", "GET", (MEA, SEC), kwargs=DRAFT, target="draft"),
    spec("reporting:release-detail", "GET", VIEWERS, anywhere=True, kwargs=PUBLISHED),
    spec(
        "reporting:release-publish",
        "POST",
        (SEC,),
        kwargs=DRAFT,
        data=_version,
        proof=PUBLISHED_PROOF,
    ),
    # --- the public observatory: everyone, signed in or not; drafts are nobody's --------------
    everyone("observatory:home", "GET", anon=200),
    everyone("observatory:methodology", "GET", anon=200),
    everyone("observatory:release", "GET", anon=200, kwargs=PUBLISHED),
    spec("observatory:release", "GET", (), anon=404, kwargs=DRAFT, target="draft"),
    everyone("observatory:xlsx", "GET", anon=200, kwargs=PUBLISHED),
    everyone("observatory:csv", "GET", anon=200, kwargs=_table),
    everyone("observatory:sdmx", "GET", anon=200, kwargs=_table),
    spec("observatory:sdmx", "GET", (), anon=404, kwargs=_draft_table, target="draft"),
    # --- API -----------------------------------------------------------------------------------
    spec("api:statistics-release-list", "GET", VIEWERS, anywhere=True),
    spec("api:statistics-release-prepare", "POST", (MEA,), status=201, data=_year, proof=PREPARED),
    spec("api:statistics-release-detail", "GET", (MEA, SEC), kwargs=DRAFT, target="draft"),
    spec("api:statistics-release-detail", "GET", VIEWERS, anywhere=True, kwargs=PUBLISHED),
    spec(
        "api:statistics-release-publish",
        "POST",
        (SEC,),
        kwargs=DRAFT,
        data=_version,
        proof=PUBLISHED_PROOF,
    ),
]
