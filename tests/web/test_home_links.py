"""Each figure and list on the home page links to the list filtered the same way, and that
list shows exactly the rows the home page counted. Urgent cards come first."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ruta.cases import services as cases
from ruta.cases.selectors import work_queues
from ruta.institutions.models import Unit
from ruta.intake import services as intake
from ruta.people import services as people
from ruta.referrals import services as referrals
from ruta.referrals.models import Referral
from tests.factories import actor_of, carried_all, make_institution, make_user, sign_in
from tests.referrals.conftest import open_case, pathway  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _href(page: str, pattern: str) -> str:
    """The one link on the page whose address matches ``pattern``."""
    found = {html.unescape(h) for h in re.findall(r'href="([^"]+)"', page) if re.search(pattern, h)}
    assert len(found) == 1, f"{pattern}: {found}"
    return found.pop()


def _ids(page: str, kind: str) -> set[str]:
    """The records a list page links to, from its table body."""
    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return set(re.findall(rf'href="/{kind}/([0-9a-f-]{{36}})/"', body))


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _figure_link(page: str, pattern: str) -> tuple[str, int]:
    """A link that carries a figure: its address and the first number in its text."""
    for match in re.finditer(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page, re.S):
        if re.search(pattern, html.unescape(match[1])):
            number = re.search(r"\d+", re.sub(r"<[^>]+>", "", match[2]))
            if number:  # (the navigation links to the same list, without a figure)
                return html.unescape(match[1]), int(number[0])
    raise AssertionError(f"no link {pattern}")


def _new_case(actor, name="Ana"):
    return cases.case_open(actor=actor, person=people.person_create(actor=actor, given_names=name))


def test_my_work_lists_link_to_the_case_list_filtered_the_same_way(pathway):  # noqa: F811
    coordinator, supervisor = pathway.coordinator, pathway.supervisor
    unit = Unit.objects.get(pk=coordinator.unit_id)
    colleague = actor_of(make_user("case_worker", pathway.eri, unit=unit))
    mine = _new_case(coordinator)
    cases.case_assign(actor=coordinator, case=mine, version=mine.version, assignee=coordinator.user)
    theirs = _new_case(coordinator)
    cases.case_assign(
        actor=coordinator, case=theirs, version=theirs.version, assignee=colleague.user
    )
    _new_case(coordinator)  # unassigned
    closing = _new_case(coordinator)
    cases.case_assign(
        actor=coordinator, case=closing, version=closing.version, assignee=colleague.user
    )
    closing.refresh_from_db()
    cases.case_request_closure(
        actor=colleague,
        case=closing,
        version=closing.version,
        reason="moved",
        note="",
        carried=carried_all(closing),
    )
    for actor in (coordinator, supervisor):
        client = sign_in(Client(), actor.user)
        home = _get(client, "/")
        q = work_queues(actor=actor)
        expected = {
            r"^/cases/\?mine=1": q["my_cases"],
            r"^/cases/\?unassigned=1": q["unassigned_cases"],
        }
        if q["closures_to_decide"]:
            expected[r"^/cases/\?to_decide=1"] = q["closures_to_decide"]
        for pattern, rows in expected.items():
            listed = _ids(_get(client, _href(home, pattern)), "cases")
            assert listed == {str(c.pk) for c in rows}, pattern
    # The supervisor decides the case worker's closure request.
    assert work_queues(actor=supervisor)["closures_to_decide"] == [closing]
    assert [c.pk for c in work_queues(actor=coordinator)["my_cases"]] == [mine.pk]


def test_shared_cases_and_referral_figures_link_to_their_lists(pathway):  # noqa: F811
    shelter = pathway.receivers["care"]
    responder = pathway.responders["care"]
    sent = []
    for _i in range(3):
        case = open_case(pathway, sharing_with=[shelter])
        sent.append(
            referrals.referral_send(
                actor=pathway.coordinator,
                case=case,
                to_institution=shelter,
                type="care",
                services=["Shelter"],
            )
        )
    referrals.referral_accept(actor=responder, referral=sent[0], version=sent[0].version)
    Referral.objects.filter(pk=sent[1].pk).update(due_at=timezone.now() - timedelta(hours=1))
    for actor, box in ((responder, "received"), (pathway.coordinator, "sent")):
        client = sign_in(Client(), actor.user)
        home = _get(client, "/")
        for status, expected in (("sent", 2), ("accepted", 1), ("declined", 0)):
            url, n = _figure_link(home, rf"^/referrals/\?box={box}&status={status}$")
            assert n == expected
            assert len(_ids(_get(client, url), "referrals")) == n
        url, n = _figure_link(home, rf"^/referrals/\?box={box}&overdue=1$")
        assert n == 1 and _ids(_get(client, url), "referrals") == {str(sent[1].pk)}
    # The shelter's shared case (through the accepted referral) and its list.
    client = sign_in(Client(), responder.user)
    home = _get(client, "/")
    listed = _ids(_get(client, _href(home, r"^/cases/\?shared=1$")), "cases")
    assert listed == {str(c.pk) for c in work_queues(actor=responder)["shared_cases"]}
    assert listed == {str(sent[0].case_id)}


def test_report_figures_link_to_the_queue_filtered_the_same_way(home_institution):
    operator = actor_of(make_user("hotline_operator", home_institution))
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    old = timezone.now() - timedelta(days=5)
    intake.report_create(actor=operator, channel="hotline", narrative="a", imminent_danger=True)
    intake.report_create(actor=operator, channel="hotline", narrative="b", received_at=old)
    intake.report_create(actor=operator, channel="hotline", narrative="c", child_involved=True)
    taken = intake.report_create(actor=operator, channel="hotline", narrative="d")
    accepted = intake.report_accept(actor=coordinator, report=taken, version=taken.version)
    assert accepted.status == "accepted"
    client = sign_in(Client(), coordinator.user)
    home = _get(client, "/")
    counted = {}
    for name, pattern in (
        ("waiting", r"^/intake/reports/$"),
        ("urgent", r"^/intake/reports/\?only=urgent$"),
        ("overdue", r"^/intake/reports/\?only=overdue$"),
    ):
        url, n = _figure_link(home, pattern)
        counted[name] = n
        assert len(_ids(_get(client, url), "intake/reports")) == n, name
    assert counted == {"waiting": 3, "urgent": 2, "overdue": 1}
    # The accepted report without a case, under "Unassigned".
    listed = _ids(
        _get(client, _href(home, r"^/intake/reports/\?only=without_case$")), "intake/reports"
    )
    assert listed == {str(r.pk) for r in work_queues(actor=coordinator)["reports_without_case"]}
    assert listed == {str(accepted.pk)}
    # Urgent work first: the reports card comes before "My work".
    assert home.index("card-alert") < home.index('class="card card-wide')


def test_account_figures_link_to_the_user_list(home_institution):
    admin = make_user("institution_admin", home_institution, with_2fa=True)
    make_user("case_worker", home_institution, with_2fa=True)
    make_user("case_worker", home_institution)  # no second factor
    locked = make_user("case_worker", home_institution, with_2fa=True)
    locked.locked_until = timezone.now() + timedelta(minutes=10)
    locked.save(update_fields=["locked_until"])
    gone = make_user("case_worker", home_institution)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    client = sign_in(Client(), admin)
    home = _get(client, "/")
    for state, expected in (("active", 4), ("without_2fa", 1)):
        url, n = _figure_link(home, rf"^/accounts/users/\?state={state}$")
        assert n == expected
        assert len(_ids(_get(client, url), "accounts/users")) == n, state
    listed = _ids(_get(client, _href(home, r"^/accounts/users/\?state=locked$")), "accounts/users")
    assert listed == {str(locked.pk)}


def test_institution_figures_link_to_the_list_by_type(home_institution):
    make_institution("Albergue Uno")
    make_institution("Albergue Dos")
    client = sign_in(Client(), make_user("platform_admin", home_institution))
    home = _get(client, "/")
    for pattern in (r"^/institutions/\?type=shelter$", r"^/institutions/\?type=response_team$"):
        url, n = _figure_link(home, pattern)
        assert len(_ids(_get(client, url), "institutions")) == n
