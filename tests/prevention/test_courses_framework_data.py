"""The competency framework shipped with Ruta: loaded by the data migration, five
competencies with two to four behavioural indicators each, in Spanish, English and French."""

from __future__ import annotations

import pytest

from ruta.prevention.frameworks import shipped
from ruta.prevention.models import CompetencyFramework

pytestmark = pytest.mark.django_db

LANGUAGES = {"es", "en", "fr"}


def test_the_shipped_framework_loads_with_five_competencies_in_three_languages():
    framework = CompetencyFramework.objects.get(code="police-first-responders")
    assert framework.institution_id is None  # shipped: read-only
    assert set(framework.labels) == LANGUAGES
    competencies = list(framework.competencies.prefetch_related("indicators"))
    assert [c.code for c in competencies] == [
        "identification",
        "first-contact",
        "referral",
        "evidence",
        "child-victims",
    ]
    for competency in competencies:
        assert set(competency.labels) == LANGUAGES
        assert all(competency.labels[lang].strip() for lang in LANGUAGES)
        indicators = list(competency.indicators.all())
        assert 2 <= len(indicators) <= 4, competency.code
        for indicator in indicators:
            assert set(indicator.labels) == LANGUAGES
            assert all(indicator.labels[lang].strip() for lang in LANGUAGES)
    assert framework.label("fr").startswith("Première intervention")


def test_the_file_and_the_database_agree():
    (data,) = shipped()
    framework = CompetencyFramework.objects.get(code=data["code"])
    stored = {c.code: c.indicators.count() for c in framework.competencies.all()}
    assert stored == {c["code"]: len(c["indicators"]) for c in data["competencies"]}
