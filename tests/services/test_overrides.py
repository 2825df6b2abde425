"""Overrides (issue 18): every action that needs a manager's approval, approved by code + PIN
or by badge, leaves exactly one audit row naming who asked, who approved, the action, the
amounts before and after and the reason; wrong PINs and bad badges approve nothing and count;
the discounts, price change and tracked-line void hold an approval to what was approved; the
inactivity lock's unlocks are checked and audited. Real SQLite file, real services."""

from __future__ import annotations

import json
from collections.abc import Callable
from unittest.mock import ANY

import pytest

from pos_app.domain.discounts import DiscountLimits
from pos_app.domain.permissions import APPROVAL_REASONS, Action
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.approvals import NeedsApproval, needs
from pos_app.services.approvals.badges import BadgeService, looks_like_badge
from pos_app.services.shifts.asks import queued_note
from pos_app.services.till import Till
from tests.services.test_permissions import MANAGER, PINS, PROBES, Role, Rule, signed_in
from tests.services.unit_world import COLA, key, rows, track_bag, unit


def audit_rows(world) -> list[tuple]:
    return rows(world, "SELECT action, staff_id, entity_id, detail FROM audit_log ORDER BY seq")


def one_new_row(world, before: list[tuple]) -> tuple[str, str, str, dict]:
    after = audit_rows(world)
    assert len(after) == len(before) + 1, after[len(before):]
    action, staff_id, entity, detail = after[-1]
    return action, staff_id, entity, json.loads(detail)


def badge_for(world, till: Till | None = None) -> str:
    manager = till or signed_in(world, Role.MANAGER)
    return manager.overrides.issue_badge()


@pytest.mark.parametrize("method", ["pin", "badge"])
@pytest.mark.parametrize("action", sorted(APPROVAL_REASONS))
def test_every_approval_is_one_audit_row_naming_both_people_the_action_amounts_and_reason(
        world, action: Action, method: str):
    token = badge_for(world) if method == "badge" else ""
    cashier = signed_in(world, Role.CASHIER)
    asked = needs(action, "thing-1", 12_000, 9_000, "customer's complaint")
    seen = audit_rows(world)

    approval = (cashier.approve(asked, *MANAGER) if method == "pin"
                else cashier.overrides.approve_badge(asked, token))

    kind, staff_id, entity, detail = one_new_row(world, seen)
    assert kind == ("unit_override" if action == Action.SELL_UNKNOWN_UNIT else "approval")
    assert (staff_id, entity) == (world.manager.id, "thing-1")
    assert detail == {"approved": str(action), "asked_by": world.cashier.id,
                      "reason": APPROVAL_REASONS[action], "before": 12_000, "after": 9_000,
                      "note": "customer's complaint", "method": method}
    assert approval.covers(asked) and approval.approver.id == world.manager.id


def _line_discount(till: Till, approval=None):
    line = till.cart.lines[0] if till.cart.lines else till.sale.ring(COLA)
    return till.discounts.set_line_discount(line.line_id, 200, "loyal customer", approval)


def _order_discount(till: Till, approval=None):
    if till.sale.is_empty:
        till.sale.ring(COLA)
    return till.discounts.set_order_discount(100, "loyal customer", approval)


def _price_change(till: Till, approval=None):
    line = till.cart.lines[0] if till.cart.lines else till.sale.ring(COLA)
    return till.discounts.change_price(line.line_id, 199, "shop-soiled", approval)


@pytest.mark.parametrize("ask", [_line_discount, _order_discount, _price_change])
def test_a_discount_or_price_change_through_the_till_writes_one_row_and_holds_to_its_amount(
        world, ask):
    cashier = signed_in(world, Role.CASHIER)
    asked = ask(cashier)
    assert isinstance(asked, NeedsApproval) and asked.note in ("loyal customer", "shop-soiled")
    assert cashier.sale.totals().total == 350  # nothing changed while asking
    seen = audit_rows(world)
    approval = cashier.approve(asked, *MANAGER)
    ask(cashier, approval)
    _kind, _staff, _entity, detail = one_new_row(world, seen)
    assert (detail["before"], detail["after"]) == (asked.before, asked.after)
    assert cashier.sale.totals().total < 350


@pytest.mark.parametrize("ask", [_line_discount, _order_discount, _price_change])
def test_the_cart_keeps_who_approved_a_manual_discount_for_hq(world, ask):
    """20-L2: the sale sends the approver on the manual adjustment; HQ bounds by it."""
    cashier = signed_in(world, Role.CASHIER)
    ask(cashier, cashier.approve(ask(cashier), *MANAGER))
    kept = {cashier.cart.order_discount_approved_by,
            *(ln.discount_approved_by for ln in cashier.cart.lines)} - {None}
    assert kept == {world.manager.id}
    manager = signed_in(world, Role.MANAGER)  # no limit: answers for it alone
    ask(manager)
    assert {manager.cart.order_discount_approved_by,
            *(ln.discount_approved_by for ln in manager.cart.lines)} - {None} \
        == {world.manager.id}


def test_an_approval_of_one_amount_does_not_give_another(world):
    cashier = signed_in(world, Role.CASHIER)
    line = cashier.sale.ring(COLA)
    asked = cashier.discounts.set_line_discount(line.line_id, 100, "dent")
    approval = cashier.approve(asked, *MANAGER)
    with pytest.raises(PosError) as refused:
        cashier.discounts.set_line_discount(line.line_id, 300, "dent", approval)
    assert refused.value.code == "approval_mismatch"
    assert cashier.sale.totals().total == 350


def test_the_limits_come_from_the_settings_and_a_manager_has_none(world):
    cashier = signed_in(world, Role.CASHIER)
    cashier.discounts.limits = lambda: DiscountLimits(max_bp=10_000, max_fen=200)
    line = cashier.sale.ring(COLA)
    assert not isinstance(cashier.discounts.set_line_discount(line.line_id, 200, "ok"),
                          NeedsApproval)
    assert isinstance(cashier.discounts.set_line_discount(line.line_id, 201, "ok"),
                      NeedsApproval)
    manager = signed_in(world, Role.MANAGER)
    manager.discounts.limits = lambda: DiscountLimits(0, 0)
    mline = manager.sale.ring(COLA)
    assert manager.discounts.set_line_discount(mline.line_id, 300, "ok").line_discount == 300


@pytest.mark.parametrize(("price", "reason", "code"), [
    (400, "dent", "price_change_up"), (-1, "dent", "price_change_invalid"),
    (100, "   ", "discount_reason_required")])
def test_a_price_change_only_lowers_and_says_why(world, price, reason, code):
    manager = signed_in(world, Role.MANAGER)
    line = manager.sale.ring(COLA)
    with pytest.raises(PosError) as refused:
        manager.discounts.change_price(line.line_id, price, reason)
    assert refused.value.code == code


def test_voiding_a_line_without_a_unit_code_needs_nobody(world):
    cashier = signed_in(world, Role.CASHIER)
    line = cashier.sale.ring(COLA)
    assert cashier.discounts.void_line(line.line_id).line_id == line.line_id
    assert cashier.sale.is_empty


def test_a_tracked_line_void_approval_names_the_unit_and_the_totals(world):
    track_bag(world)
    signed_in(world, Role.MANAGER).units.receive([unit("SN-9")])
    cashier = signed_in(world, Role.CASHIER)
    cashier.sale.ring(COLA)
    line = cashier.sale.ring(unit("SN-9"))
    asked = cashier.discounts.void_line(line.line_id)
    assert isinstance(asked, NeedsApproval)
    assert (asked.before, asked.after, asked.entity) == (350 + 12900, 350, line.unit_code)


# --- wrong PINs and badges ---------------------------------------------------------------
def test_a_non_manager_badge_approves_nothing_and_counts_toward_its_holders_lock_out(world):
    token = badge_for(world)
    with world.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE staff SET role = 'cashier' WHERE id = ?",
                             (world.manager.id,))
    cashier = signed_in(world, Role.CASHIER)
    with pytest.raises(PosError) as refused:
        cashier.overrides.approve_badge(Action.VOID_SALE, token)
    assert refused.value.code == "not_a_manager"
    assert rows(world, "SELECT failed_attempts FROM staff WHERE id = ?", world.manager.id) == [
        (1,)]
    assert rows(world, "SELECT count(*) FROM audit_log WHERE action = 'approval'") == [(0,)]


def test_unknown_badges_are_counted_and_lock_badge_scans_out(world):
    cashier = signed_in(world, Role.CASHIER)
    token = badge_for(world)
    for _ in range(4):
        with pytest.raises(PosError) as refused:
            cashier.overrides.approve_badge(Action.VOID_SALE, "SFMB-GUESSEDGUESSEDGUESSED12")
        assert refused.value.code == "badge_unknown"
    with pytest.raises(PosError) as refused:
        cashier.overrides.approve_badge(Action.VOID_SALE, "SFMB-GUESSEDGUESSEDGUESSED12")
    assert refused.value.code == "badge_locked"
    with pytest.raises(PosError) as refused:  # even the real badge waits out the lock
        cashier.overrides.approve_badge(Action.VOID_SALE, token)
    assert refused.value.code == "badge_locked"
    assert cashier.approve(Action.VOID_SALE, *MANAGER).method == "pin"  # code + PIN still do


def test_a_reissued_badge_revokes_the_old_one_and_only_a_hash_is_stored(world):
    manager = signed_in(world, Role.MANAGER)
    old = manager.overrides.issue_badge()
    new = manager.overrides.issue_badge()
    assert looks_like_badge(old) and old != new and len(old) == 31
    cashier = signed_in(world, Role.CASHIER)
    with pytest.raises(PosError) as refused:
        cashier.overrides.approve_badge(Action.VOID_SALE, old)
    assert refused.value.code == "badge_unknown"
    assert cashier.overrides.approve_badge(Action.VOID_SALE, new.lower()).method == "badge"
    assert old.encode() not in world.path.read_bytes()
    assert new.encode() not in world.path.read_bytes()
    assert manager.overrides.revoke_badges() == 1
    with pytest.raises(PosError):
        cashier.overrides.approve_badge(Action.VOID_SALE, new)


def test_badges_are_for_managers_only(world):
    manager = signed_in(world, Role.MANAGER)
    with pytest.raises(PosError) as refused:
        manager.overrides.issue_badge(world.cashier)
    assert refused.value.code == "badge_for_managers_only"
    assert BadgeService(world.engine) is not None


# --- the inactivity lock -----------------------------------------------------------------
def test_the_lock_keeps_the_cart_and_the_same_person_unlocks_with_their_pin(world):
    cashier = signed_in(world, Role.CASHIER)
    cashier.sale.ring(COLA)
    cashier.overrides.lock()
    with pytest.raises(PosError) as refused:
        cashier.overrides.unlock(pin="0000")
    assert refused.value.code == "sign_in_failed"
    assert cashier.overrides.locked
    assert cashier.overrides.unlock(pin=PINS[Role.CASHIER][1]).id == world.cashier.id
    assert not cashier.overrides.locked and not cashier.sale.is_empty
    kinds = [r[0] for r in audit_rows(world)]
    assert kinds[-3:] == ["screen_locked", "sign_in_failed", "screen_unlocked"]


def test_a_manager_unlocks_and_takes_over_only_if_they_choose(world):
    cashier = signed_in(world, Role.CASHIER)
    cashier.sale.ring(COLA)
    cashier.overrides.lock()
    with pytest.raises(PosError) as refused:  # another cashier's code + PIN: not theirs
        cashier.overrides.unlock(manager_code=PINS[Role.GUIDE][0], pin=PINS[Role.GUIDE][1])
    assert refused.value.code == "not_a_manager"
    who = cashier.overrides.unlock(manager_code=MANAGER[0], pin=MANAGER[1])
    assert who.id == world.manager.id and cashier.staff.id == world.cashier.id
    cashier.overrides.lock()
    who = cashier.overrides.unlock(badge=badge_for(world))
    cashier.overrides.take_over(who)
    assert cashier.staff.id == world.manager.id and not cashier.sale.is_empty


# --- every approval action, through the real services (the permission probes) -----------
APPROVED_BY_PROBE = sorted(a for a in APPROVAL_REASONS if a in PROBES)


def test_every_approval_action_has_a_probe():
    assert set(APPROVAL_REASONS) <= set(PROBES)


def _one(world, sql: str) -> object:
    (row,) = rows(world, sql)
    return row[0]


def _closed(world) -> tuple[str, dict]:
    shift_id, figures = rows(world, "SELECT shift_id, figures FROM z_report")[0]
    return shift_id, json.loads(figures)


def _over_tolerance(world) -> tuple:
    shift_id, z = _closed(world)
    assert z["counted_cash"] == 19_000  # the probe's count: ¥10 short of the float
    return shift_id, z["expected_cash"], 19_000, ""


class _QueuedNote:
    """A close-with-queue note naming 1 … `most` waiting events (the approvals' own
    override.approved events join the queue after the prompt was filled)."""

    def __init__(self, most: int) -> None:
        self.most = most

    def __eq__(self, other: object) -> bool:
        return any(other == queued_note(n) for n in range(1, self.most + 1))

    def __repr__(self) -> str:
        return f"<a queued note of 1..{self.most}>"


# What each approval names after its probe (tests/services/test_permissions.py and the
# feature probes): (thing, amount before, amount after, note), read back from the rows.
NAMED: dict[Action, Callable[..., tuple]] = {
    Action.REFUND_TO_CASH: lambda w: (_one(w, "SELECT receipt_no FROM sale"), 0, 350, ""),
    Action.SELL_UNKNOWN_UNIT: lambda w: (key("NEW-1"), None, 12_900, ""),
    Action.VOID_SALE: lambda w: ("", 350, 0, ""),
    Action.DROP_PARKED: lambda w: (ANY, 350, 0, ""),
    Action.REVIVE_COUPON: lambda w: (_one(w, "SELECT receipt_no FROM sale"), None, 100, ""),
    Action.RETURN_WITHOUT_RECEIPT: lambda w: ("store_credit", None, 350, ""),
    Action.CHANGE_PRICE: lambda w: (ANY, 350, 300, "dented can"),
    Action.DISCOUNT_OVER_LIMIT: lambda w: (ANY, 315, 250, "regular"),
    Action.VOID_TRACKED_LINE: lambda w: (key("VOID-1"), 12_900, 0, ""),
    Action.NO_SALE: lambda w: (_one(w, "SELECT shift_id FROM cash_move"), None, None, ""),
    Action.CLOSE_SHIFT_WITH_QUEUE: lambda w: (
        _closed(w)[0], None, None, _QueuedNote(_closed(w)[1]["queued_events"])),
    Action.CLOSE_SHIFT_OVER_TOLERANCE: _over_tolerance,
}


def test_every_approval_action_says_what_its_approval_names():
    assert set(NAMED) == set(APPROVAL_REASONS)


@pytest.mark.parametrize("action", APPROVED_BY_PROBE)
def test_each_override_through_the_till_writes_exactly_one_row_naming_both(world, action):
    """A cashier's probe asks for `action` and a manager approves it once (PIN checked):
    one audit row for that approval, naming the cashier who asked and the manager, the
    thing, the amounts before and after and the note, as the use case named them."""
    cashier = signed_in(world, Role.CASHIER)
    assert PROBES[action](world, cashier) == Rule.APPROVAL
    found = [(staff, json.loads(detail)) for kind, staff, _e, detail in audit_rows(world)
             if kind in ("approval", "unit_override")]
    mine = [(staff, d) for staff, d in found if d.get("approved") == str(action)]
    assert len(mine) == 1, found
    staff_id, detail = mine[0]
    assert staff_id == world.manager.id and detail["asked_by"] == world.cashier.id
    assert {"before", "after", "reason", "note", "method"} <= set(detail)
    (entity,) = [e for kind, _s, e, d in audit_rows(world) if kind in ("approval",
                 "unit_override") and json.loads(d).get("approved") == str(action)]
    assert (entity, detail["before"], detail["after"], detail["note"]) == NAMED[action](world)


# --- an approval is held to what it named (issue 18-F) ----------------------------------
def test_a_cash_refund_approved_for_one_can_does_not_refund_two(world):
    cashier = signed_in(world, Role.CASHIER)
    cashier.sale.ring(COLA, 2)
    done = cashier.sale.complete([Tender(TenderKind.CARD, 700)])
    sale = cashier.returns.find_sale(done.receipt_no)
    line = sale.lines[0].sale_line_id
    asked = cashier.returns.cash_refund_ask(sale, {line: 1})
    assert (asked.entity, asked.before, asked.after) == (done.receipt_no, 0, 350)
    approval = cashier.approve(asked, *MANAGER)
    with pytest.raises(PosError) as refused:
        cashier.returns.complete(done.receipt_no, {line: 2}, to_cash=True, approved_by=approval)
    assert refused.value.code == "approval_mismatch"
    assert rows(world, "SELECT count(*) FROM sale_return") == [(0,)]
    back = cashier.returns.complete(done.receipt_no, {line: 1}, to_cash=True,
                                    approved_by=approval)
    assert [(p.kind, p.amount) for p in back.refunds] == [("cash", 350)]


def test_a_close_approved_for_one_count_does_not_close_another(world):
    from pos_app.domain.shifts import Count
    from tests.services.shifts.shift_world import mark_synced

    mark_synced(world)
    cashier = signed_in(world, Role.CASHIER)
    short = Count(cash={10000: 1, 5000: 1, 2000: 2})  # ¥10 short of the ¥200 float
    asked = cashier.shifts.close(short)
    assert isinstance(asked, NeedsApproval) and (asked.before, asked.after) == (20_000, 19_000)
    approval = cashier.approve(asked, *MANAGER)
    mark_synced(world)  # whatever the approval queued went to HQ: the tolerance alone asks
    with pytest.raises(PosError) as refused:
        cashier.shifts.close(Count(cash={10000: 1, 5000: 1}), approved_by=approval)
    assert refused.value.code == "approval_mismatch"
    assert rows(world, "SELECT count(*) FROM z_report") == [(0,)]
    assert cashier.shifts.close(short, approved_by=approval).z_no == 1
