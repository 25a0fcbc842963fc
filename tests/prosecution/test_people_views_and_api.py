"""The people of a criminal file through the pages and the API: refusals that save nothing,
verdicts changed on appeal, reserved identities and names that follow the legal grant."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ruta.audit.models import AuditEvent
from ruta.prosecution import services as pros
from ruta.prosecution.models import (
    Appeal,
    Charge,
    CompensationPayment,
    Defendant,
    FileVictim,
    Offence,
    Verdict,
)
from tests.prosecution.people_world import (
    SURVIVOR,
    World,
    clients,
    days_ago,
    indict,
    world_fixture,  # noqa: F401 (the fixture "world")
)

pytestmark = pytest.mark.django_db


def _defendant(w: World) -> Defendant:
    return pros.defendant_add(
        actor=w.prosecutor,
        file=w.file,
        identity={"given_names": "Eusebio", "first_surname": "Maradiaga", "sex": "male"},
    )


def _charge(w: World, defendant: Defendant) -> Charge:
    return pros.charge_add(
        actor=w.prosecutor,
        defendant=defendant,
        offence=Offence.objects.get(code="trata_personas_ley_especial"),
        charged_on=days_ago(140),
    )


def _convict(w: World, charge: Charge, **extra) -> Verdict:
    return pros.verdict_record(
        actor=w.prosecutor,
        charge=charge,
        decided_on=days_ago(30),
        outcome="convicted",
        sentence_years=10,
        **extra,
    )


def _problem(response, field: str) -> None:
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in response.json()["errors"], response.json()


class TestRefusalsSaveNothing:
    def test_charge_before_indictment(self, world):
        defendant = _defendant(world)
        page, api = clients(world.prosecutor)
        body = {"offence": "trata_personas_ley_especial", "charged_on": str(days_ago(10))}
        _problem(
            api.post(f"/api/v1/defendants/{defendant.pk}/charges/", body, format="json"), "offence"
        )
        response = page.post(
            f"/prosecution/defendants/{defendant.pk}/charges/add/", body, follow=True
        )
        assert "once the file is indicted" in response.content.decode()
        assert not Charge.objects.exists()

    def test_verdict_before_indictment(self, world):
        indict(world)
        charge = _charge(world, _defendant(world))
        file = world.file
        file.refresh_from_db()
        pros.stage_correct(
            actor=world.prosecutor,
            file=file,
            version=file.version,
            stage="investigation",
            on=days_ago(160),
            reason="Registrada por error",
        )
        _page, api = clients(world.prosecutor)
        body = {"outcome": "convicted", "sentence_years": 8, "decided_on": str(days_ago(5))}
        _problem(api.post(f"/api/v1/charges/{charge.pk}/verdict/", body, format="json"), "outcome")
        assert not Verdict.objects.exists()

    def test_sentence_on_an_acquittal(self, world):
        indict(world, trial=True)
        charge = _charge(world, _defendant(world))
        page, api = clients(world.prosecutor)
        body = {"outcome": "acquitted", "sentence_years": 5, "decided_on": str(days_ago(5))}
        _problem(
            api.post(f"/api/v1/charges/{charge.pk}/verdict/", body, format="json"), "sentence_years"
        )
        response = page.post(f"/prosecution/charges/{charge.pk}/verdict/", body)
        # The page again, the error beside the sentence field and what was typed kept.
        assert response.status_code == 400
        html = response.content.decode()
        assert "Only a conviction or a plea carries a sentence" in html
        assert 'value="5"' in html
        charge.refresh_from_db()
        assert not Verdict.objects.exists()
        assert charge.outcome == ""

    def test_second_verdict_on_a_charge(self, world):
        indict(world, trial=True)
        charge = _charge(world, _defendant(world))
        _convict(world, charge)
        _page, api = clients(world.prosecutor)
        body = {"outcome": "acquitted", "decided_on": str(days_ago(2))}
        _problem(api.post(f"/api/v1/charges/{charge.pk}/verdict/", body, format="json"), "outcome")
        assert Verdict.objects.count() == 1
        charge.refresh_from_db()
        assert charge.outcome == "convicted"

    def test_appeal_without_verdict(self, world):
        indict(world, trial=True)
        _charge(world, _defendant(world))
        page, api = clients(world.prosecutor)
        body = {
            "kind": "appeal",
            "appealed_by": "defence",
            "filed_on": str(days_ago(3)),
            "court": "Corte de Apelaciones",
        }
        _problem(
            api.post(f"/api/v1/criminal-files/{world.file.pk}/appeals/", body, format="json"),
            "kind",
        )
        response = page.post(f"/prosecution/files/{world.file.pk}/appeals/add/", body, follow=True)
        assert "There is no verdict to appeal yet" in response.content.decode()
        assert not Appeal.objects.exists()

    def test_payment_without_compensation_ordered(self, world):
        indict(world, trial=True)
        defendant = _defendant(world)
        _convict(world, _charge(world, defendant))
        _page, api = clients(world.prosecutor)
        body = {"amount": "1000.00", "currency": "HNL", "paid_on": str(days_ago(1))}
        _problem(
            api.post(f"/api/v1/defendants/{defendant.pk}/payments/", body, format="json"), "amount"
        )
        assert not CompensationPayment.objects.exists()

    def test_payment_once_compensation_ordered(self, world):
        indict(world, trial=True)
        defendant = _defendant(world)
        _convict(
            world,
            _charge(world, defendant),
            compensation_ordered=Decimal("5000.00"),
            compensation_currency="HNL",
        )
        page, api = clients(world.prosecutor)
        body = {"amount": "1000.00", "currency": "HNL", "paid_on": str(days_ago(1))}
        response = api.post(f"/api/v1/defendants/{defendant.pk}/payments/", body, format="json")
        assert response.status_code == 201, response.content
        html = page.get(f"/prosecution/files/{world.file.pk}/people/").content.decode()
        # Amounts in the page's language (English: grouped thousands, a decimal point).
        assert re.search(r"1,000\.00 paid of 5,000\.00 ordered \(HNL\)", html), html


class TestAppealChangesTheVerdict:
    def test_api_modified_appeal_becomes_the_current_outcome(self, world):
        indict(world, trial=True)
        charge = _charge(world, _defendant(world))
        _convict(world, charge)
        _page, api = clients(world.prosecutor)
        response = api.post(
            f"/api/v1/criminal-files/{world.file.pk}/appeals/",
            {
                "kind": "appeal",
                "appealed_by": "defence",
                "filed_on": str(days_ago(20)),
                "court": "Corte de Apelaciones",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        appeal = response.json()
        response = api.post(
            f"/api/v1/appeals/{appeal['id']}/decide/",
            {
                "version": appeal["version"],
                "result": "modified",
                "decided_on": str(days_ago(2)),
                "verdicts": [{"charge": str(charge.pk), "outcome": "acquitted"}],
            },
            format="json",
        )
        assert response.status_code == 200, response.content
        charge.refresh_from_db()
        assert (charge.outcome, charge.sentence_days) == ("acquitted", None)
        detail = api.get(f"/api/v1/defendants/{charge.defendant_id}/").json()
        history = detail["charges"][0]["verdicts"]
        assert [v["outcome"]["code"] for v in history] == ["convicted", "acquitted"]
        assert history[1]["appeal"] == appeal["id"]

    def test_page_modified_appeal(self, world):
        indict(world, trial=True)
        charge = _charge(world, _defendant(world))
        _convict(world, charge)
        appeal = pros.appeal_file(
            actor=world.prosecutor,
            file=world.file,
            kind="appeal",
            appealed_by="prosecution",
            filed_on=days_ago(20),
            court="Corte de Apelaciones",
        )
        page, _api = clients(world.prosecutor)
        response = page.post(
            f"/prosecution/appeals/{appeal.pk}/decide/",
            {
                "version": appeal.version,
                "result": "modified",
                "decided_on": str(days_ago(2)),
                "c0-outcome": "convicted",
                "c0-sentence_years": "15",
            },
        )
        assert response.status_code == 302
        charge.refresh_from_db()
        assert charge.outcome == "convicted"
        assert charge.sentence_days == 15 * 365
        assert charge.verdicts.count() == 2


def _reserved_victim(world) -> FileVictim:
    victim = pros.victim_link_case(actor=world.prosecutor, file=world.file, case=world.case)
    measure = pros.measure_request(
        actor=world.prosecutor,
        victim=victim,
        type="reserved_identity",
        requested_on=days_ago(10),
    )
    pros.measure_decide(
        actor=world.prosecutor,
        measure=measure,
        version=measure.version,
        status="granted",
        decided_on=days_ago(5),
    )
    return victim


class TestReservedIdentity:
    def test_hidden_from_a_colleague_not_from_the_prosecutor_in_charge(self, world):
        victim = _reserved_victim(world)
        for actor, sees in ((world.prosecutor, True), (world.colleague, False)):
            page, api = clients(actor)
            html = page.get(f"/prosecution/files/{world.file.pk}/people/").content.decode()
            body = api.get(f"/api/v1/criminal-files/{world.file.pk}/victims/").json()
            assert (SURVIVOR in html) is sees
            assert (SURVIVOR in str(body)) is sees
            assert victim.code in html
            assert body[0]["code"] == victim.code
            assert body[0]["name"] == (SURVIVOR if sees else None)


class TestNameFollowsTheGrant:
    def test_name_while_the_grant_lasts_then_the_code(self, world):
        victim = pros.victim_link_case(actor=world.prosecutor, file=world.file, case=world.case)
        page, api = clients(world.colleague)
        url = f"/prosecution/files/{world.file.pk}/people/"
        assert SURVIVOR in page.get(url).content.decode()
        assert api.get(f"/api/v1/criminal-files/{world.file.pk}/victims/").json()[0]["name"] == (
            SURVIVOR
        )
        viewed = AuditEvent.objects.filter(action="prosecution.file.people_viewed")
        assert viewed.filter(actor_user_id=world.colleague.user.pk).count() == 2

        from ruta.referrals import services as referrals

        legal = world.legal
        legal.refresh_from_db()
        referrals.referral_complete(
            actor=world.prosecutor, referral=legal, version=legal.version, outcome="successful"
        )
        html = page.get(url).content.decode()
        body = api.get(f"/api/v1/criminal-files/{world.file.pk}/victims/").json()
        assert SURVIVOR not in html
        assert victim.code in html
        assert body[0]["name"] is None
        assert body[0]["case_reference"] is None
        assert world.case.reference not in html


class TestDefendants:
    def test_add_through_the_page_and_read_through_the_api(self, world):
        page, api = clients(world.prosecutor)
        response = page.post(
            f"/prosecution/files/{world.file.pk}/defendants/add/",
            {
                "given_names": "Eusebio",
                "first_surname": "Maradiaga",
                "sex": "male",
                "nationality": "GTM",
            },
        )
        assert response.status_code == 302
        defendant = Defendant.objects.get()
        assert (defendant.code, defendant.sex, defendant.nationality) == ("I-1", "male", "GTM")
        body = api.get(f"/api/v1/criminal-files/{world.file.pk}/defendants/").json()
        assert body[0]["name"] == "Eusebio Maradiaga"

    def test_update_role_in_the_users_language(self, world):
        defendant = _defendant(world)
        page, _api = clients(world.prosecutor)
        response = page.post(
            f"/prosecution/defendants/{defendant.pk}/update/",
            {
                "version": defendant.version,
                "role": "Transporter",
                "sex": "male",
                "detention": "pretrial_detention",
                "extradition": "none",
                "detention_from": str(days_ago(30)),
                "public_official": "on",
            },
        )
        assert response.status_code == 302
        defendant.refresh_from_db()
        assert defendant.role.code == "Transporter"
        # The role reads in the user's language: the select and the profile.
        url = f"/prosecution/files/{world.file.pk}/people/"
        assert (
            '<option value="Transporter" selected>Transportista</option>'
            in page.get(url, headers={"accept-language": "es"}).content.decode()
        )
        page.cookies.load({"django_language": "fr"})
        html = page.get(url, headers={"accept-language": "fr"}).content.decode()
        assert "Transporteur" in html
        assert defendant.public_official
        assert defendant.detention == "pretrial_detention"


class TestQueryCounts:
    """The people page and lists cost the same with one defendant and victim or with four."""

    def _grow(self, world, n: int) -> None:
        for i in range(n):
            defendant = pros.defendant_add(
                actor=world.prosecutor,
                file=world.file,
                identity={"given_names": f"Imputado{i}", "first_surname": "Prueba"},
            )
            _convict(world, _charge(world, defendant))
            pros.victim_record(
                actor=world.prosecutor,
                file=world.file,
                identity={"given_names": f"Testigo{i}", "first_surname": "Prueba"},
            )

    def _counts(self, world):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        page, api = clients(world.prosecutor)
        counts = []
        for url, client in (
            (f"/prosecution/files/{world.file.pk}/people/", page),
            (f"/api/v1/criminal-files/{world.file.pk}/defendants/", api),
            (f"/api/v1/criminal-files/{world.file.pk}/victims/", api),
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    def test_no_query_per_row(self, world):
        indict(world, trial=True)
        self._grow(world, 1)
        one = self._counts(world)
        self._grow(world, 3)
        four = self._counts(world)
        assert four == one


class TestLinkCase:
    def test_only_a_case_of_a_legal_grant_and_only_its_reference(self, world):
        from ruta.cases import services as cases
        from ruta.people import services as people

        other = cases.case_open(
            actor=world.eri,
            person=people.person_create(
                actor=world.eri, given_names="Otra", first_surname="Persona", estimated_age=30
            ),
        )
        page, api = clients(world.prosecutor)
        html = page.get(f"/prosecution/files/{world.file.pk}/people/").content.decode()
        assert f'<option value="{world.case.pk}">{world.case.reference}</option>' in html
        assert str(other.pk) not in html
        url = f"/api/v1/criminal-files/{world.file.pk}/victims/link-case/"
        assert api.post(url, {"case": str(other.pk)}, format="json").status_code == 404
        response = page.post(
            f"/prosecution/files/{world.file.pk}/victims/link-case/",
            {"case": str(other.pk), "role": "victim"},
        )
        assert response.status_code == 400
        assert not FileVictim.objects.exists()
        response = api.post(url, {"case": str(world.case.pk)}, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["name"] == SURVIVOR
        assert response.json()["case_reference"] == world.case.reference


class TestPageForms:
    def test_every_control_labelled_and_no_id_twice(self, world):
        from tests.html_check import duplicate_ids, unlabelled_controls

        indict(world, trial=True)
        for _ in range(2):
            defendant = _defendant(world)
            _convict(world, _charge(world, defendant))
        pros.appeal_file(
            actor=world.prosecutor,
            file=world.file,
            kind="appeal",
            appealed_by="defence",
            filed_on=days_ago(10),
            court="Corte de Apelaciones",
        )
        _reserved_victim(world)
        victim = pros.victim_record(
            actor=world.prosecutor,
            file=world.file,
            identity={"given_names": "Ana", "first_surname": "X"},
        )
        pros.measure_request(
            actor=world.prosecutor, victim=victim, type="relocation", requested_on=days_ago(3)
        )
        page, _api = clients(world.prosecutor)
        html = page.get(f"/prosecution/files/{world.file.pk}/people/").content.decode()
        assert duplicate_ids(html) == []
        assert unlabelled_controls(html) == []


class TestClosedFile:
    def test_follow_up_forms_stay_new_records_go(self, world):
        defendant = _defendant(world)
        victim = pros.victim_link_case(actor=world.prosecutor, file=world.file, case=world.case)
        file = world.file
        file.refresh_from_db()
        pros.file_close_early(
            actor=world.prosecutor,
            file=file,
            version=file.version,
            reason="archived",
            on=days_ago(1),
        )
        page, _api = clients(world.prosecutor)
        html = page.get(f"/prosecution/files/{world.file.pk}/people/").content.decode()
        assert f"/prosecution/defendants/{defendant.pk}/update/" in html
        assert f"/prosecution/file-victims/{victim.pk}/measures/add/" in html
        assert f"/prosecution/defendants/{defendant.pk}/charges/add/" not in html
        assert f"/prosecution/files/{world.file.pk}/defendants/add/" not in html
        response = page.post(
            f"/prosecution/file-victims/{victim.pk}/update/",
            {"version": victim.version, "role": "victim", "participation": "withdrawn"},
        )
        assert response.status_code == 302
        victim.refresh_from_db()
        assert victim.participation == "withdrawn"
