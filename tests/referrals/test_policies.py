"""Table-driven tests of the referrals policies (actors and records: tests/policy_world.py).

Referrals: sent_m1 (H -> O, sent, case placed in D1), acc_d2 (H -> O, accepted, handed to
o_worker, case in D2), mand_u1 (H -> O, sent, required by law, case in unit U1), in_o (O -> H,
sent), in_o_acc (O -> H, accepted, handed to worker). Transfers: tr_out (H's case u1 -> O),
tr_in (O's case -> H), both proposed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruta.referrals import policies as p
from ruta.referrals.models import Referral, ServiceOffering, Transfer
from tests import policy_world
from tests.policy_world import make_institution

pytestmark = pytest.mark.django_db

ALL_REFERRALS = {"sent_m1", "acc_d2", "mand_u1", "in_o", "in_o_acc"}


def _world():
    w = policy_world.build()
    a, c, now = w.actors, w.cases, timezone.now()
    n = iter(range(1, 100))

    def referral(case, frm, to, *, status="sent", sent_by, **kw):
        return Referral.objects.create(
            reference=f"RF-T-{next(n)}",
            case=case,
            from_institution=frm,
            to_institution=to,
            type="care",
            services=["shelter"],
            status=status,
            sent_at=now,
            sent_by=sent_by,
            due_at=now + timedelta(days=2),
            **kw,
        )

    coord, other = a["coord"].user, a["other"].user
    w.referrals = {
        "sent_m1": referral(c["m1"], w.h, w.o, sent_by=coord),
        "acc_d2": referral(
            c["d2"], w.h, w.o, status="accepted", sent_by=coord, assigned_to=a["o_worker"].user
        ),
        "mand_u1": referral(c["u1"], w.h, w.o, sent_by=coord, mandatory=True),
        "in_o": referral(c["o_case"], w.o, w.h, sent_by=other),
        "in_o_acc": referral(
            c["o_case"], w.o, w.h, status="accepted", sent_by=other, assigned_to=a["worker"].user
        ),
    }

    def transfer(case, frm, to, by):
        return Transfer.objects.create(
            case=case, from_institution=frm, to_institution=to, proposed_at=now, proposed_by=by
        )

    w.transfers = {
        "tr_out": transfer(c["u1"], w.h, w.o, coord),
        "tr_in": transfer(c["o_case"], w.o, w.h, other),
    }
    closed = make_institution(is_active=False)
    w.offerings = {
        "o": ServiceOffering.objects.create(institution=w.o, service="shelter"),
        "inactive": ServiceOffering.objects.create(institution=closed, service="shelter"),
    }
    return w


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield _world()
        transaction.set_rollback(True)


REFERRALS = {
    "coord": ALL_REFERRALS,
    "prosecutor": ALL_REFERRALS,
    "worker": {"in_o_acc"},  # handed to me; sent ones only for cases in my scope
    "sup_u1": {"in_o", "in_o_acc", "mand_u1"},  # answers: the whole inbox; sent: unit U1's
    "sup_u2": {"in_o", "in_o_acc"},
    "sup_nounit": set(),
    "terr_d1": {"sent_m1", "mand_u1"},  # received: O's case has no place
    "terr_inst": {"acc_d2"},
    "terr_none": set(),
    "other": ALL_REFERRALS,
    "o_worker": {"acc_d2"},
    "o_worker2": set(),
    "o_sup": {"sent_m1", "acc_d2", "mand_u1"},
    "o_terr_d2": {"acc_d2"},
    "o_terr_d1": {"sent_m1", "mand_u1"},  # u1 has no report: its unit is in D1
    "analyst": set(),
    "hotline": set(),
    "n_coord": set(),
}


@pytest.mark.parametrize("actor", sorted(REFERRALS))
def test_scope_referrals_and_its_in_memory_twin(w, actor):
    a = w.actors[actor]
    qs = p.scope_referrals(a)
    assert {k for k, r in w.referrals.items() if qs.filter(pk=r.pk).exists()} == REFERRALS[actor]
    assert {k for k, r in w.referrals.items() if p.referral_in_scope(a, r)} == REFERRALS[actor]


TRANSFERS = {
    "coord": {"tr_out", "tr_in"},
    "sup_u1": {"tr_out", "tr_in"},
    "sup_u2": {"tr_in"},
    "sup_nounit": set(),
    "worker": set(),  # neither answers referrals nor assigns cases
    "terr_d1": {"tr_out"},  # the case's unit is in D1; O's case has no place
    "other": {"tr_out", "tr_in"},
    "o_sup": {"tr_out"},  # sent: O's case is not in its unit
    "analyst": set(),
    "coord_agg": set(),
}


@pytest.mark.parametrize("actor", sorted(TRANSFERS))
def test_scope_transfers_and_its_in_memory_twin(w, actor):
    a = w.actors[actor]
    qs = p.scope_transfers(a)
    assert {k for k, t in w.transfers.items() if qs.filter(pk=t.pk).exists()} == TRANSFERS[actor]
    assert {k for k, t in w.transfers.items() if p.transfer_in_scope(a, t)} == TRANSFERS[actor]


REFERRAL_ROWS = [
    ("can_answer", "o_sup", "sent_m1", True),
    ("can_answer", "other", "sent_m1", True),
    ("can_answer", "o_terr_d2", "sent_m1", False),  # the case is in D1
    ("can_answer", "o_worker", "sent_m1", False),  # does not answer referrals
    ("can_answer", "coord", "in_o", True),
    ("can_answer", "coord", "sent_m1", False),  # the sender
    ("can_answer", "other", "acc_d2", False),  # already answered
    ("can_withdraw", "coord", "sent_m1", True),
    ("can_withdraw", "coord", "acc_d2", True),
    ("can_withdraw", "worker", "sent_m1", False),  # not in the case worker's scope
    ("can_withdraw", "other", "sent_m1", False),  # the receiver
    ("can_withdraw", "coord", "mand_u1", False),  # required by law: a supervisor only
    ("can_withdraw", "sup_u1", "mand_u1", True),
    ("can_withdraw", "sup_u2", "mand_u1", False),  # not the unit's case
    ("can_hand_over", "other", "acc_d2", True),
    ("can_hand_over", "o_sup", "acc_d2", True),
    ("can_hand_over", "o_worker", "acc_d2", False),
    ("can_hand_over", "o_terr_d1", "acc_d2", False),  # the case is in D2
    ("can_hand_over", "other", "sent_m1", False),  # not accepted
    ("can_complete", "o_worker", "acc_d2", True),  # handed to me
    ("can_complete", "coord", "acc_d2", True),  # the sender
    ("can_complete", "other", "acc_d2", True),  # the receiver's coordinator
    ("can_complete", "o_worker2", "acc_d2", False),
    ("can_complete", "coord", "sent_m1", False),  # not accepted
    ("can_complete", "worker", "in_o_acc", True),
    ("can_complete", "n_coord", "acc_d2", False),
    ("can_open_referral_case", "coord", "sent_m1", True),  # its own case
    ("can_open_referral_case", "other", "sent_m1", False),  # not accepted yet: 404
    ("can_open_referral_case", "other", "acc_d2", True),  # accepted: the grant
    ("can_open_referral_case", "n_coord", "acc_d2", False),
]


@pytest.mark.parametrize(("fn", "actor", "referral", "expected"), REFERRAL_ROWS)
def test_referral_rules(w, fn, actor, referral, expected):
    assert getattr(p, fn)(w.actors[actor], w.referrals[referral]) is expected


TRANSFER_ROWS = [
    ("can_answer_transfer", "coord", "tr_in", True),
    ("can_answer_transfer", "sup_u1", "tr_in", True),
    ("can_answer_transfer", "sup_nounit", "tr_in", False),
    ("can_answer_transfer", "coord", "tr_out", False),  # the sender
    ("can_answer_transfer", "other", "tr_out", True),
    ("can_withdraw_transfer", "coord", "tr_out", True),
    ("can_withdraw_transfer", "sup_u1", "tr_out", True),
    ("can_withdraw_transfer", "sup_u2", "tr_out", False),  # not the unit's case
    ("can_withdraw_transfer", "other", "tr_out", False),
]


@pytest.mark.parametrize(("fn", "actor", "transfer", "expected"), TRANSFER_ROWS)
def test_transfer_rules(w, fn, actor, transfer, expected):
    assert getattr(p, fn)(w.actors[actor], w.transfers[transfer]) is expected


CASE_ROWS = [
    ("can_send_referral", "coord", "m1", True),
    ("can_send_referral", "worker", "mine", True),
    ("can_send_referral", "worker2", "mine", False),
    ("can_send_referral", "coord", "closed_u1", False),
    ("can_send_referral", "other", "m1", False),  # a grant holder does not re-refer
    ("can_send_referral", "terr_m1", "d1", False),
    ("can_propose_transfer", "coord", "m1", True),
    ("can_propose_transfer", "sup_u1", "u1", True),
    ("can_propose_transfer", "sup_u1", "bare", False),
    ("can_propose_transfer", "worker", "mine", False),  # does not assign cases
    ("can_propose_transfer", "coord", "closed_u1", False),
]


@pytest.mark.parametrize(("fn", "actor", "case", "expected"), CASE_ROWS)
def test_case_rules(w, fn, actor, case, expected):
    assert getattr(p, fn)(w.actors[actor], w.cases[case]) is expected


@pytest.mark.parametrize(
    ("actor", "lists", "dashboard", "override"),
    [
        ("coord", True, True, False),
        ("worker", True, True, False),
        ("investigator", True, False, False),  # sees cases, neither sends nor answers
        ("sup_u1", True, True, True),
        ("sup_nounit", False, False, False),
        ("analyst", False, False, False),
        ("hotline", False, False, False),
        ("inst_admin", False, False, False),
    ],
)
def test_actor_level_rules(w, actor, lists, dashboard, override):
    a = w.actors[actor]
    assert p.can_list_referrals(a) is lists
    assert p.can_see_referral_dashboard(a) is dashboard
    assert p.can_override_consent(a) is override


@pytest.mark.parametrize(
    ("actor", "institution", "expected"),
    [
        ("inst_admin", "h", True),
        ("inst_admin", "o", False),
        ("platform", "o", True),
        ("coord", "h", False),
    ],
)
def test_can_manage_offering(w, actor, institution, expected):
    institution_id = getattr(w, institution).pk
    assert p.can_manage_offering(w.actors[actor], institution_id) is expected


@pytest.mark.parametrize("actor", ["coord", "analyst", "other", "sup_nounit"])
def test_scope_offerings_is_the_active_directory(w, actor):
    qs = p.scope_offerings(w.actors[actor])
    assert {k for k, o in w.offerings.items() if qs.filter(pk=o.pk).exists()} == {"o"}
