"""A small known dataset for the reports slice's tests: the prevention world
(tests/prevention/world.py) plus a few records, every date moved into the current year.

Hand count (year = the current one):

- home's session CAP-TEST-0001: Marta (home, female, gain 1.0), Ramón (other, female — as
  the world records him —, gain 1.0), Óscar (home, male, pre 0, post 1 of 3: gain 1/3);
  Wendy (home, female) enrolled and withdrawn: never counted.
- the academy's CAP-TEST-0003: Irma (academy, female, gain 1.0), certified trainer.
- so: home's trainer counts 3 people (2 female, 1 male), mean gain (1 + 1 + 1/3) / 3;
  the national analyst counts 4 (3 female, 1 male); the academy's trainer counts 1.
- mandatory TRATA-101 for case workers of response teams: at home, Carla (case worker,
  certified: she is Marta's user) and Luis (case worker, missing); at the other
  institution, Pedro (case worker, missing).
- inspections (home's, two): 16 workers, 4 children, 2 with indicators, no report.
- the home campaign's reach: radio 1,200 (sex and age unknown), schools 300 (200 women and
  girls, 100 men and boys, 300 aged 0 to 17).
"""

from __future__ import annotations

from django.utils import timezone

from ruta.core.choices import InstitutionType as T
from ruta.prevention.models import (
    Campaign,
    CampaignReach,
    Enrolment,
    Inspection,
    Participant,
    TrainingSession,
)
from tests.factories import actor_of, make_institution, make_user
from tests.prevention import world as pw


def build() -> dict:
    today = timezone.localdate()
    home = make_institution("Equipo propio", T.RESPONSE_TEAM)
    other = make_institution("Otra institución", T.RESPONSE_TEAM)
    commission = make_institution("Comisión", T.RESPONSE_TEAM)
    users = {
        "trainer": make_user("trainer", home),
        "admin": make_user("institution_admin", home),
        "analyst": make_user("me_analyst", commission),
        "lab": make_user("labour_inspector", home),
        "carla": make_user("case_worker", home, first_name="Carla", last_name="Certificada"),
        "luis": make_user("case_worker", home, first_name="Luis", last_name="Faltante"),
        "pedro": make_user("case_worker", other, first_name="Pedro", last_name="Otro"),
        "x_admin": make_user("institution_admin", other),
    }
    w = pw.build(users=users, home=home, other=other, lab_user=users["lab"])
    TrainingSession.objects.update(starts_on=today, ends_on=today)
    Campaign.objects.update(starts_on=today)
    Inspection.objects.update(inspected_on=today)
    w["participant"].user = users["carla"]
    w["participant"].save(update_fields=["user"])
    # Marta's certificate of TRATA-101 (the world issues Ramón's only).
    pw._certificate(w["enrolment"], "RUTA-TEST-0009", today)
    oscar = Participant.objects.create(
        institution=home,
        given_names="Óscar",
        family_names="Mejía",
        sex="male",
        recorded_by=home,
    )
    pw._enrol(w["session"], oscar, 0, 1, w["test_questions"])
    wendy = Participant.objects.create(
        institution=home,
        given_names="Wendy",
        family_names="Retirada",
        sex="female",
        recorded_by=home,
    )
    Enrolment.objects.create(session=w["session"], participant=wendy, status="withdrawn")
    w["academy_participant"].certified_trainer_on = today
    w["academy_participant"].save(update_fields=["certified_trainer_on"])
    CampaignReach.objects.create(
        campaign=w["campaign"], channel="schools", people=300, female=200, male=100, age_0_17=300
    )
    w.update(
        home=home,
        other=other,
        users=users,
        year=today.year,
        trn=actor_of(users["trainer"]),
        adm=actor_of(users["admin"]),
        mea=actor_of(users["analyst"]),
        lab=actor_of(users["lab"]),
        p_trn=actor_of(users[pw.P_TRN]),
        x_adm=actor_of(users["x_admin"]),
        oscar=oscar,
    )
    return w
