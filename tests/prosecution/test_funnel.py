"""The funnel's figures on a small known dataset, built through the services: trafficking and
related offences apart, a defendant convicted on appeal after an acquittal counted once as
convicted, the acquitted counted; who sees which funnel; a bounded number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ruta.core.choices import InstitutionType as T
from ruta.core.errors import NotPermitted
from ruta.core.models import Department
from ruta.prosecution import services as pros
from ruta.prosecution.models import Offence
from ruta.prosecution.selectors_funnel import funnel_get
from tests.factories import actor_of, make_institution, make_user, sign_in

YEAR = timezone.localdate().year - 1


def d(month: int, day: int = 1, year: int = YEAR) -> date:
    return date(year, month, day)


def _rows(rows) -> dict:
    return {r.key: (r.trafficking, r.related) for r in rows}


@pytest.fixture
def world(db):
    fiscalia = make_institution("Fiscalía Especial", T.PROSECUTION, acronym="FETCCTP")
    regional = make_institution("Fiscalía Regional", T.PROSECUTION)
    eri = make_institution("Comisión", T.RESPONSE_TEAM)
    shelter = make_institution("Albergue", T.SHELTER)
    prosecutor = actor_of(make_user("prosecutor", fiscalia))
    other = actor_of(make_user("prosecutor", regional))
    department = Department.objects.order_by("code").first()
    trafficking = Offence.objects.filter(classification="trafficking").order_by("code").first()
    related = Offence.objects.filter(classification="related").order_by("code").first()

    def new_file(actor, offence, complaint_on, number):
        return pros.file_create(
            actor=actor,
            complaint_on=complaint_on,
            offence=offence,
            department=department,
            prosecutor_number=number,
        )

    def advance(actor, file, steps):
        for stage, on in steps:
            file = pros.stage_advance(
                actor=actor, file=file, version=file.version, stage=stage, on=on
            )
        return file

    def defendant(file, name, sex, nationality):
        return pros.defendant_add(
            actor=prosecutor,
            file=file,
            identity={"given_names": name, "first_surname": "Acusado", "sex": sex},
            sex=sex,
            nationality=nationality,
        )

    def charge(defendant, offence, on=None):
        return pros.charge_add(
            actor=prosecutor, defendant=defendant, offence=offence, charged_on=on or d(3, 5)
        )

    # F1, trafficking: complaint to verdict in the year; three defendants.
    f1 = new_file(prosecutor, trafficking, d(1, 10), "MP-F1")
    f1 = advance(
        prosecutor,
        f1,
        [
            ("investigation", d(2)),
            ("indictment", d(3)),
            ("initial_hearing", d(4)),
            ("trial", d(5)),
        ],
    )
    d1 = defendant(f1, "Uno", "male", "HND")
    d2 = defendant(f1, "Dos", "female", "GTM")
    d3 = defendant(f1, "Tres", "male", "HND")
    c1 = charge(d1, trafficking)
    c1r = charge(d1, related)
    c2 = charge(d2, trafficking)
    c3 = charge(d3, trafficking)
    pros.verdict_record(
        actor=prosecutor,
        charge=c1,
        decided_on=d(6),
        outcome="convicted",
        sentence_years=10,
        compensation_ordered=Decimal("100000.00"),
        compensation_currency="HNL",
    )
    pros.verdict_record(
        actor=prosecutor, charge=c1r, decided_on=d(6), outcome="convicted", sentence_years=3
    )
    pros.verdict_record(actor=prosecutor, charge=c2, decided_on=d(6), outcome="acquitted")
    pros.verdict_record(actor=prosecutor, charge=c3, decided_on=d(6), outcome="acquitted")
    f1.refresh_from_db()
    f1 = advance(prosecutor, f1, [("verdict", d(6))])
    appeal = pros.appeal_file(
        actor=prosecutor,
        file=f1,
        kind="appeal",
        appealed_by="prosecution",
        filed_on=d(6, 10),
        court="Corte de Apelaciones",
    )
    # On appeal, D2's acquittal becomes a conviction: D2 counts as convicted, not acquitted.
    pros.appeal_decide(
        actor=prosecutor,
        appeal=appeal,
        version=appeal.version,
        result="revoked",
        decided_on=d(7),
        verdicts={c2: {"outcome": "convicted", "sentence_years": 20}},
    )
    pros.compensation_record_payment(
        actor=prosecutor, defendant=d1, amount=Decimal("20000.00"), currency="HNL", paid_on=d(8)
    )
    # F2, related: indicted, one defendant charged, no verdict.
    f2 = new_file(prosecutor, related, d(2, 10), "MP-F2")
    f2 = advance(prosecutor, f2, [("investigation", d(3)), ("indictment", d(4))])
    charge(defendant(f2, "Cuatro", "male", "SLV"), related, on=d(4, 2))
    # F3, trafficking: a complaint only. F4: a complaint the year before.
    new_file(prosecutor, trafficking, d(3), "MP-F3")
    new_file(prosecutor, trafficking, d(3, 1, YEAR - 1), "MP-F4")
    # Another institution's complaint: national figures only.
    new_file(other, trafficking, d(5), "MP-OTRO")
    return {
        "prosecutor": prosecutor,
        "other": other,
        "analyst": make_user("me_analyst", eri),
        "shelter": make_user("eri_coordinator", shelter),
        "shelter_worker": make_user("case_worker", shelter),
        "prosecutor_user": prosecutor.user,
        "fiscalia": fiscalia,
        "f1": f1,
    }


def test_figures_of_the_year_keep_trafficking_and_related_apart(world):
    funnel = funnel_get(actor=world["prosecutor"], year=YEAR)
    assert _rows(funnel.stages) == {
        "complaints": (2, 1),
        "investigations": (1, 1),
        "indictments": (1, 1),
        "charged": (3, 2),
        "trials": (1, 0),
        # D1 and D2 (convicted on appeal after an acquittal); D1 on the related charge.
        "convicted": (2, 1),
        # D3 only: D2's acquittal was revoked.
        "acquitted": (1, 0),
    }
    assert _rows(funnel.sentences) == {
        "lt5": (0, 1),
        "5_9": (0, 0),
        "10_14": (1, 0),
        "15_19": (0, 0),
        "20plus": (1, 0),
    }
    by_sex = _rows(funnel.by_sex)
    assert (by_sex["male"], by_sex["female"]) == ((1, 1), (1, 0))
    assert _rows(funnel.by_nationality) == {"HND": (1, 1), "GTM": (1, 0)}
    [hnl] = funnel.compensation
    assert (hnl.currency, hnl.trafficking_ordered, hnl.trafficking_paid) == (
        "HNL",
        Decimal("100000.00"),
        Decimal("20000.00"),
    )
    assert (hnl.related_ordered, hnl.related_paid) == (0, 0)


def test_other_years_and_institutions_count_apart(world):
    before = funnel_get(actor=world["prosecutor"], year=YEAR - 1)
    assert _rows(before.stages)["complaints"] == (1, 0)
    assert _rows(before.stages)["convicted"] == (0, 0)
    # The other unit's prosecutor counts its own file only.
    other = funnel_get(actor=world["other"], year=YEAR)
    assert _rows(other.stages)["complaints"] == (1, 0)
    assert _rows(other.stages)["charged"] == (0, 0)


def test_analyst_gets_national_counts(world):
    analyst = actor_of(world["analyst"])
    funnel = funnel_get(actor=analyst, year=YEAR)
    assert funnel.national
    assert _rows(funnel.stages)["complaints"] == (3, 1)
    assert _rows(funnel.stages)["convicted"] == (2, 1)


def test_no_funnel_for_a_shelter(world):
    with pytest.raises(NotPermitted):
        funnel_get(actor=actor_of(world["shelter_worker"]), year=YEAR)
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world["shelter_worker"])
    assert client.get(reverse("prosecution:funnel")).status_code == 404
    assert client.get(reverse("api:prosecution-funnel")).status_code == 404


def test_analyst_page_shows_counts_and_no_record(world):
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world["analyst"])
    response = client.get(reverse("prosecution:funnel"), {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Defendants convicted" in html
    for text in ("MP-F1", world["f1"].reference, "Acusado", str(world["f1"].pk)):
        assert text not in html
    assert "/prosecution/files/" not in html
    api = client.get(reverse("api:prosecution-funnel"), {"year": YEAR}).json()
    stages = {r["key"]: (r["trafficking"], r["related"]) for r in api["stages"]}
    assert stages["complaints"] == (3, 1)
    assert api["national"] is True
    assert client.get(reverse("api:prosecution-funnel"), {"year": "x"}).status_code == 400


def test_analyst_gets_404_on_every_file_route(world):
    """Every prosecution route naming a record (and the owners' queues and calendar)."""
    from django.urls import URLPattern, get_resolver

    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world["analyst"])
    file = world["f1"]
    resolver = get_resolver()
    tried = 0
    for namespace in ("prosecution",):
        sub = resolver.namespace_dict[namespace][1]
        for pattern in sub.url_patterns:
            if not isinstance(pattern, URLPattern) or pattern.name == "funnel":
                continue
            converters = pattern.pattern.converters
            kwargs = dict.fromkeys(converters, file.pk)
            if any(name != "file_id" for name in converters):
                continue  # a route of another record: covered by the permission matrix
            url = reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)
            view = getattr(pattern.callback, "view_class", None)
            method = "get" if view is None or hasattr(view, "get") else "post"
            assert getattr(client, method)(url).status_code == 404, (method, url)
            tried += 1
    assert tried >= 10  # the file's page and its actions, the queues and the calendar


def test_funnel_queries_are_bounded(world, django_assert_max_num_queries):
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), world["prosecutor_user"])
    client.get(reverse("prosecution:funnel"), {"year": YEAR})  # warm the session
    # session, user, membership, role and the page's chrome; then the funnel: years, files
    # at each of four steps, defendants charged, defendants decided, sentences, offenders
    # by sex and nationality, compensation ordered and paid.
    with django_assert_max_num_queries(20) as captured:
        response = client.get(reverse("prosecution:funnel"), {"year": YEAR})
    assert response.status_code == 200
    funnel_queries = [q for q in captured.captured_queries if "prosecution_" in q["sql"]]
    assert len(funnel_queries) == 11


def test_the_charts_numbers_are_not_localised(world):
    """SVG attributes take a decimal point whatever the page's language ("120,0" draws no
    bar)."""
    import re

    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="es"), world["analyst"])
    html = client.get(reverse("prosecution:funnel"), {"year": YEAR}).content.decode()
    assert "<rect" in html
    assert not re.search(r'(width|x)="\d+,\d', html)
