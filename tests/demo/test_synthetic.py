"""``ruta generate_synthetic``: realistic records across the protection pillar, the same for
the same seed, counted by the statistics, refused in production."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from ruta.cases.models import Case, IdentificationDecision
from ruta.demo.synthetic import generate
from ruta.intake.models import Report
from ruta.people.models import Person
from ruta.prevention.models import Enrolment, Participant, TrainingSession
from ruta.prosecution.models import Charge, CriminalFile, Defendant
from ruta.referrals.models import Referral
from ruta.reporting.models import ReferralFact, ServiceFact, VictimFact

pytestmark = pytest.mark.django_db


def test_the_records_are_generated_counted_and_the_same_for_a_seed(capsys):
    result = generate(cases=300, seed=11, batch=128)
    assert (result.cases, result.persons) == (300, 300 + result.defendants)
    detected = IdentificationDecision.objects.filter(status__in=["presumed", "identified"])
    assert result.victims_counted == VictimFact.objects.count() == detected.count()
    assert 200 < result.victims_counted < 300  # about 85% are found presumed or identified
    girls = VictimFact.objects.filter(sex="female", age_group="child").count()
    assert 0.15 < girls / result.victims_counted < 0.45
    # Referrals between the institutions, each counted by the response dashboard's facts.
    assert 100 < result.referrals == Referral.objects.count() == ReferralFact.objects.count()
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"sent", "accepted", "declined", "completed"} <= statuses
    assert ServiceFact.objects.count() == result.deliveries
    # Criminal files on about one detected case in eight, with defendants charged and decided.
    assert 10 < result.files == CriminalFile.objects.count() < 60
    assert Defendant.objects.count() == result.defendants >= result.files
    assert Charge.objects.filter(outcome__in=["convicted", "plea"]).exists()
    # Training sessions with enrolled officials and their scores (the training report's).
    assert result.trainings == TrainingSession.objects.count() == 1
    assert 15 <= result.trained == Enrolment.objects.filter(gain__isnull=False).count() <= 30
    first = sorted(Case.objects.values_list("reference", "forms_of_exploitation"))
    with pytest.raises(CommandError, match="already"):
        call_command("generate_synthetic", "--cases", "5", "--seed", "11")
    call_command("generate_synthetic", "--cases", "5", "--seed", "11", "--skip-existing")
    assert "already there" in capsys.readouterr().out
    Referral.objects.all().delete()
    CriminalFile.objects.all().delete()
    TrainingSession.objects.all().delete()
    Participant.objects.all().delete()
    Case.objects.all().delete()
    Report.objects.all().delete()
    Person.objects.all().delete()
    assert first[0][0].startswith("SC0011-")
    generate(cases=300, seed=11, batch=300, rebuild=False)
    assert sorted(Case.objects.values_list("reference", "forms_of_exploitation")) == first


def test_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("generate_synthetic", "--cases", "5")
