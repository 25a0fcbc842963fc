"""The statistics' rules, table-driven: who sees the dashboards, who drills down into which
institution, who exports. A custom role with the capability but an institution scope sees
only its own institution's figures; one with aggregate scope but no capability sees nothing."""

from __future__ import annotations

import pytest

from ruta.accounts.models import Membership, Role
from ruta.institutions.models import Institution
from ruta.reporting import policies as p
from tests.factories import actor_of, make_institution, make_user

pytestmark = pytest.mark.django_db


def custom(institution, code, capabilities, scope):
    """A member of ``institution`` with a role made for the test."""
    role = Role.objects.create(
        code=code, capabilities=capabilities, scope=scope,
        read_sensitivities=[], write_sensitivities=[],
    )  # fmt: skip
    user = make_user()
    Membership.objects.create(user=user, institution=institution, role=role)
    return actor_of(user)


@pytest.fixture
def w(home_institution):
    other = make_institution("Otra")

    return {
        "home": home_institution,
        "other": other,
        "analyst": actor_of(make_user("me_analyst", home_institution)),
        "sup": actor_of(make_user("supervisor", home_institution)),
        "worker": actor_of(make_user("case_worker", home_institution)),
        "admin": actor_of(make_user("platform_admin", home_institution)),
        "own_viewer": custom(
            home_institution, "own_stats", ["reporting.view_aggregates"], "institution"
        ),
        "aggregate_only": custom(home_institution, "no_stats", ["results.view"], "aggregate"),
    }


VIEW = {"analyst": True, "sup": True, "own_viewer": True}
NATIONAL = {"analyst": True}
ACTORS = ["analyst", "sup", "worker", "admin", "own_viewer", "aggregate_only"]


@pytest.mark.parametrize("name", ACTORS)
def test_who_sees_and_exports_the_dashboards(w, name):
    actor = w[name]
    assert p.can_view_statistics(actor) is VIEW.get(name, False)
    assert p.can_export_statistics(actor) is VIEW.get(name, False)
    assert p.statistics_is_national(actor) is NATIONAL.get(name, False)


@pytest.mark.parametrize("name", ACTORS)
def test_which_institutions_each_one_drills_into(w, name):
    reached = set(p.scope_statistics_institutions(w[name], Institution.objects.all()))
    if name in NATIONAL:
        assert reached == set(Institution.objects.all()) and w["other"] in reached
    elif name in VIEW:
        assert reached == {w["home"]}
    else:
        assert reached == set()


# --- Releases ------------------------------------------------------------------------------------
PREPARE = {"analyst": True}
PUBLISH = {"secretary": True, "both": True}


@pytest.fixture
def r(w, home_institution):
    from ruta.reporting.models import Release

    actors = {
        **w,
        "secretary": actor_of(make_user("committee_secretary", home_institution)),
        "both": custom(
            home_institution,
            "statistician",
            ["reporting.view_aggregates", "reporting.publish"],
            "aggregate",
        ),
    }

    def release(status, by):
        return Release.objects.create(
            year=2025, edition=Release.objects.count() + 1, status=status, threshold=10,
            protection=10, data_as_of="2026-01-01T00:00Z", prepared_by=by.user,
            prepared_for_id=by.institution_id, report={"safe": True},
        )  # fmt: skip

    actors["draft"] = release("draft", actors["analyst"])
    actors["own_draft"] = release("draft", actors["both"])
    actors["published"] = release("published", actors["analyst"])
    return actors


RELEASE_ACTORS = [
    "analyst",
    "sup",
    "worker",
    "admin",
    "own_viewer",
    "aggregate_only",
    "secretary",
    "both",
]


@pytest.mark.parametrize("name", RELEASE_ACTORS)
def test_who_prepares_publishes_and_lists_releases(r, name):
    from ruta.reporting.models import Release

    actor = r[name]
    national = name in ("analyst", "both")
    assert p.can_prepare_release(actor) is national
    assert p.can_publish_releases(actor) is PUBLISH.get(name, False)
    viewer = name in ("analyst", "sup", "own_viewer", "secretary", "both")
    assert p.can_list_releases(actor) is viewer
    seen = set(p.scope_releases(actor, Release.objects.all()))
    if national or name == "secretary":
        assert seen == {r["draft"], r["own_draft"], r["published"]}
    elif viewer:
        assert seen == {r["published"]}
    else:
        assert seen == set()
    # Four eyes: the capability, and not one's own release.
    assert p.may_publish_release(actor, r["draft"]) is PUBLISH.get(name, False)
    assert p.may_publish_release(actor, r["own_draft"]) is (name == "secretary")


def test_the_public_sees_published_releases_only(r):
    from ruta.reporting.models import Release

    assert set(p.scope_public_releases(Release.objects.all())) == {r["published"]}
