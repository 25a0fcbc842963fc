"""The permission matrix's vocabulary: the actors, a route's spec (who gets which status,
the proof a write happened) and the snapshot helpers. ``tests/test_permission_matrix.py``
holds the core specs and the world; each pillar's own specs live beside its tests (e.g.
``tests/prevention/matrix_*.py``) and are collected by the matrix module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from ruta.core.choices import InstitutionType as T
from tests.coordination.world import PARTNERSHIP_ACTORS_EXTRA
from tests.matrix import ANONYMOUS, Proof
from tests.prevention.world import PREVENTION_ACTORS_EXTRA
from tests.prosecution.world import F_END, F_INV, F_PROS

# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------
A = ANONYMOUS
HOT, ERI, W, SUP = "hotline_operator", "eri_coordinator", "case_worker", "supervisor"
PROS, INV, LAB, TRN = "prosecutor", "investigator", "labour_inspector", "trainer"
SEC, MEA, ADM, AUD, PLA = (
    "committee_secretary",
    "me_analyst",
    "institution_admin",
    "auditor",
    "platform_admin",
)
OVS = "oversight_auditor"  # the commission's national oversight of every audit trail
ROLE_TEMPLATES = (HOT, ERI, W, SUP, PROS, INV, LAB, TRN, SEC, MEA, ADM, AUD, OVS, PLA)
# Users of another institution that has no grant on the home institution's records.
X_ERI, X_ADM, X_AUD = "other:eri_coordinator", "other:institution_admin", "other:auditor"
STRANGERS = (X_ERI, X_ADM, X_AUD)
# Coordinators of institutions holding an active grant of each referral type on the case.
RECEIVERS = {
    "care": ("Albergue", T.SHELTER, "Shelter"),
    "health": ("Hospital", T.HEALTH, "Medical"),
    "legal": ("Fiscalía", T.PROSECUTION, "CriminalJustice"),
    "child_protection": ("Protección", T.CHILD_PROTECTION, "ChildProtection"),
    "consular": ("Consulado", T.CONSULAR, "ConsularRepatriation"),
}
G_CARE, G_HEALTH, G_LEGAL, G_CHILD, G_CONS = (f"grant:{t}" for t in RECEIVERS)
GRANTS = (G_CARE, G_HEALTH, G_LEGAL, G_CHILD, G_CONS)
G_END = "grant:ended"  # its referral was completed: the grant ended
ACTORS = (A, *ROLE_TEMPLATES, *STRANGERS, *GRANTS, G_END)
SIGNED_IN = tuple(a for a in ACTORS if a != A)
# Who reaches the home case: its institution within the role's scope (the case is in the
# coordinator's unit and assigned to the case worker), and every active grant.
CASE_OWNERS = (ERI, W, SUP, PROS)
# Prosecution routes are also tried by a prosecutor of the unit holding the legal grant (in
# charge of the files), a police investigator and a prosecutor whose legal grant ended
# (tests/prosecution/world.py); other routes are not, their answers being those of PROS/INV.
PROSECUTION_ACTORS = (*ACTORS, F_PROS, F_INV, F_END)
CASE_EDITORS = (ERI, W, SUP)

# ---------------------------------------------------------------------------------------------
# Specs: one per (route, method, target); each expands to a row per actor.
# ---------------------------------------------------------------------------------------------
World = dict[str, Any]


@dataclass(frozen=True)
class Spec:
    route: str
    method: str
    allow: dict[str, int]
    denied: int = 404
    anon: int = 302
    target: str = "own"
    kwargs: Callable[[World], dict] = lambda w: {}
    data: Callable[[World], Any] = lambda w: {}
    proof: Proof | None = None
    shows: Callable[[World], Any] | None = None  # text(s) an allowed GET must show
    fmt: str = "json"  # API body format
    xfail: dict[str, str] = field(default_factory=dict)  # actor -> the bug the row shows
    actors: tuple[str, ...] = ACTORS
    anon_writes: bool = False  # an anonymous visitor's write is allowed (the public form)
    # Actors answered with a status in ``allow`` but refused all the same (a form that refuses
    # another institution's id, a list answered empty): their writes must change nothing.
    refused: frozenset[str] = frozenset()
    # On a list: the actors whose answer must show ``shows``; every other 200 must not.
    sees: tuple[str, ...] | None = None

    @property
    def api(self) -> bool:
        return self.route.startswith("api:")


# On a route that names no record of the home institution (a list, a "new" form), the users
# of other institutions act like their home counterparts, on their own institution.
LIKE = {ERI: (X_ERI, *GRANTS, G_END), ADM: (X_ADM,), AUD: (X_AUD,)}


def spec(route, method, allow=(), status=None, anywhere=False, refuse=None, **kw) -> Spec:
    """``allow`` is a dict actor -> status, or a tuple of actors that all get ``status``.
    A status of 400 or more in ``allow`` is a refusal other than 404 (e.g. a form that
    refuses another institution's id): that row must prove that nothing changed."""
    if not isinstance(allow, dict):
        default = status or (200 if method == "GET" else 302)
        if route.startswith("api:") and status is None and method != "GET":
            default = 200
        allow = dict.fromkeys(allow, default)
    if refuse:
        allow = {**allow, **refuse}
        kw["refused"] = frozenset(refuse)
    if anywhere:
        allow = {
            **allow,
            **{o: allow[a] for a, others in LIKE.items() if a in allow for o in others},
        }
    if route.startswith("api:"):
        kw.setdefault("anon", 401)
    return Spec(route, method, allow, **kw)


def everyone(route, method, status=200, anon=None, **kw) -> Spec:
    anon = anon if anon is not None else (401 if route.startswith("api:") else 302)
    return spec(route, method, dict.fromkeys(SIGNED_IN, status), anon=anon, **kw)


def pspec(route, method, allow=(), status=None, **kw) -> Spec:
    """A prosecution route's spec: also tried by the prosecution actors (``F_PROS``...)."""
    return spec(route, method, allow, status, actors=PROSECUTION_ACTORS, **kw)


# Snapshots: small readers of the state a write changes.
def count(model, **filters) -> Callable[[World], int]:
    return lambda w: model.objects.filter(**{k: v(w) for k, v in filters.items()}).count()


def value(model, key: str, *fields: str) -> Callable[[World], tuple]:
    return lambda w: tuple(model.objects.filter(pk=w[key].pk).values_list(*fields).get())


def case_of(w):
    return w["case"].pk


def version(key: str) -> Callable[[World], int]:
    return lambda w: type(w[key]).objects.get(pk=w[key].pk).version


CASE = {"case_id": lambda w: w["case"].pk}


def kw(**getters) -> Callable[[World], dict]:
    return lambda w: {k: (g(w) if callable(g) else g) for k, g in getters.items()}


def pk(key: str) -> Callable[[World], Any]:
    return lambda w: w[key].pk


def today() -> str:
    return timezone.localdate().isoformat()


# Prevention routes are also tried by a trainer of another training institution, a police
# academy (tests/prevention/world.py).
P_TRN = PREVENTION_ACTORS_EXTRA[0]
PREVENTION_ACTORS = (*ACTORS, *PREVENTION_ACTORS_EXTRA)


def vspec(route, method, allow=(), status=None, **kw) -> Spec:
    """A prevention route's spec: also tried by the academy's trainer (``P_TRN``)."""
    return spec(route, method, allow, status, actors=PREVENTION_ACTORS, **kw)


# Partnership routes (coordination, results) are also tried by the secretary of a member
# institution, the secretary of another committee and staff of a reporting institution
# (tests/coordination/world.py).
C_MEM, C_SEC, R_INV = PARTNERSHIP_ACTORS_EXTRA
PARTNERSHIP_ACTORS = (*ACTORS, *PARTNERSHIP_ACTORS_EXTRA)


def cspec(route, method, allow=(), status=None, **kw) -> Spec:
    """A partnership route's spec: also tried by ``C_MEM``, ``C_SEC`` and ``R_INV``."""
    return spec(route, method, allow, status, actors=PARTNERSHIP_ACTORS, **kw)
