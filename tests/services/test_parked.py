"""Hold (挂单) and void at the till, on a real SQLite file: park, resume, drop, void, and the
open cart that survives a restart."""

from __future__ import annotations

import json
import sqlite3

import pytest

from local_db.database import open_database
from local_db.uow import read_session
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.audit import verify_chain
from pos_app.services.members import MemberService
from pos_app.services.parked import CartBack, NeedsApproval, Voided
from pos_app.services.till import Till, TillServices
from tests.services.unit_world import key, pay_cash, rows, track_bag, unit

COLA, TEA = "6901234567892", "6920202888883"


def signed_in(world, code: str = "1001", pin: str = "1111", engine=None) -> Till:
    till = Till(TillServices.build(engine or world.engine, world.terminal, None))
    till.sign_in(code, pin)
    return till


def restarted(world, code: str = "1001", pin: str = "1111") -> Till:
    """A new process over the same file: fresh engine, fresh services, nothing in memory."""
    world.engine.dispose()
    world.engine = open_database(world.path)
    return signed_in(world, code, pin)


def change(world, statement: str) -> None:
    conn = sqlite3.connect(world.path)
    conn.execute(statement)
    conn.commit()
    conn.close()


def stock_bags(world, *serials: str) -> None:
    track_bag(world)
    manager = signed_in(world, "9001", "9999")
    report = manager.units.receive([unit(s) for s in serials])
    assert len(report.received) == len(serials)


def test_a_parked_sale_comes_back_whole_lines_guides_discounts_and_member(world):
    till = signed_in(world)
    wang = MemberService(world.engine, world.terminal).enroll("王芳", "13812345678", world.guide)
    cola = till.sale.ring(COLA, 3)
    tea = till.sale.ring(TEA)
    till.cart.set_line_discount(tea.line_id, 50, "dented")
    till.sale.set_line_guide(cola.line_id, world.guide.id)
    till.members.attach(wang)
    before = till.cart.totals()

    parked = till.held.park()

    assert till.cart.is_empty and till.sale.member is None
    assert (parked.item_count, parked.total) == (4, before.total)
    back = till.held.resume(parked.id)
    assert isinstance(back, CartBack) and not back.left_out and not back.member_lost
    assert till.cart.totals() == before
    lines = {ln.product.sku: ln for ln in till.cart.lines}
    assert lines["SKU-COLA"].quantity == 3 and lines["SKU-COLA"].guide_id == world.guide.id
    assert (lines["SKU-TEA"].line_discount, lines["SKU-TEA"].discount_reason) == (50, "dented")
    assert till.sale.member is not None and till.sale.member.id == wang.id
    assert till.held.parked() == []


def test_parking_an_empty_cart_is_refused_with_a_clear_message(world):
    till = signed_in(world)
    with pytest.raises(PosError) as info:
        till.held.park()
    assert info.value.code == "park_empty_cart"
    assert "nothing to park" in info.value.message()


def test_parked_sales_are_listed_oldest_first_with_items_total_and_a_masked_member(world):
    till = signed_in(world)
    wang = MemberService(world.engine, world.terminal).enroll("王芳", "13812345678", world.guide)
    till.sale.ring(COLA, 2)
    till.held.park()
    till.sale.ring(TEA)
    till.members.attach(wang)
    till.held.park()

    first, second = till.held.parked()

    assert (first.item_count, first.total, first.member_name) == (2, 700, "")
    assert (second.item_count, second.total) == (1, 550)
    assert (second.member_name, second.member_phone_masked) == ("王芳", "138****5678")
    assert first.parked_by == "李娜" and first.saved_at <= second.saved_at
    assert first.saved_at.tzinfo is not None  # UTC on disk; the screen shows local time


def test_parked_sales_are_kept_across_a_restart_and_only_this_terminals_are_seen(world):
    till = signed_in(world)
    till.sale.ring(COLA)
    parked = till.held.park()
    conn = sqlite3.connect(world.path)
    conn.execute("INSERT INTO terminal (id, store_id, code, name, is_self) "
                 "SELECT 'other-t', store_id, 'T09', '', 0 FROM terminal LIMIT 1")
    conn.execute("INSERT INTO parked_cart (id, terminal_id, kind, saved_at, line_count, "
                 "item_count, total, payload) VALUES ('theirs', 'other-t', 'parked', "
                 "'2026-01-01 00:00:00', 1, 1, 1, '{}')")
    conn.commit()
    conn.close()

    again = restarted(world)

    assert [p.id for p in again.held.parked()] == [parked.id]
    with pytest.raises(PosError) as info:
        again.held.resume("theirs")
    assert info.value.code == "parked_sale_not_found"
    again.held.resume(parked.id)
    assert [ln.product.sku for ln in again.cart.lines] == ["SKU-COLA"]


def test_resuming_with_a_cart_in_hand_asks_first_or_parks_it_in_its_place(world):
    till = signed_in(world)
    till.sale.ring(COLA)
    waiting = till.held.park()
    till.sale.ring(TEA)
    with pytest.raises(PosError) as info:
        till.held.resume(waiting.id)
    assert info.value.code == "resume_cart_not_empty"
    assert [ln.product.sku for ln in till.cart.lines] == ["SKU-TEA"]

    back = till.held.resume(waiting.id, park_current=True)

    assert back.parked_current
    assert [ln.product.sku for ln in till.cart.lines] == ["SKU-COLA"]
    assert [(p.item_count, p.total) for p in till.held.parked()] == [(1, 550)]


def test_a_unit_waiting_in_a_parked_sale_is_not_sold_in_another_cart(world):
    stock_bags(world, "BAG-1")
    till = signed_in(world)
    till.sale.ring(unit("BAG-1"))
    till.held.park()
    with pytest.raises(PosError) as info:
        till.sale.ring(unit("BAG-1"))
    assert info.value.code == "unit_parked" and key("BAG-1") in info.value.message()
    assert till.cart.is_empty


def test_a_unit_sold_meanwhile_is_left_out_when_its_sale_is_resumed(world):
    stock_bags(world, "BAG-1")
    till = signed_in(world)
    till.sale.ring(unit("BAG-1"))
    till.sale.ring(COLA)
    parked = till.held.park()
    change(world, "UPDATE unit SET state = 'written_off'")  # e.g. found damaged meanwhile

    back = till.held.resume(parked.id)

    assert [e.code for e in back.left_out] == ["unit_written_off"]
    assert [ln.product.sku for ln in till.cart.lines] == ["SKU-COLA"]


def _audit(world, action: str) -> list[dict]:
    return [json.loads(d) for (d,) in
            rows(world, "SELECT detail FROM audit_log WHERE action = ? ORDER BY seq", action)]


def test_a_cashier_voids_a_whole_sale_only_with_a_manager_and_it_is_audited(world):
    till = signed_in(world)
    till.sale.ring(COLA, 2)
    till.sale.ring(TEA)

    asked = till.held.void_sale()
    assert isinstance(asked, NeedsApproval) and not till.cart.is_empty
    assert asked.reason.code == "void_sale_needs_manager"
    with pytest.raises(PosError) as info:
        till.approve(asked, "2001", "2222")  # a guide
    assert info.value.code == "not_a_manager"

    done = till.held.void_sale(approved_by=till.approve(asked, "9001", "9999"))

    assert done == Voided(line_count=2, item_count=3, total=1250) and till.cart.is_empty
    assert _audit(world, "sale_voided") == [
        {"approved_by": world.manager.id, "items": 3, "lines": 2, "total": 1250}]
    with read_session(world.engine) as session:
        assert verify_chain(session)
    assert rows(world, "SELECT count(*) FROM parked_cart") == [(0,)]
    with pytest.raises(PosError) as info:
        till.held.void_sale()
    assert info.value.code == "void_empty_cart"


def test_a_manager_voids_at_once_and_drops_a_parked_sale_audited(world):
    till = signed_in(world, "9001", "9999")
    till.sale.ring(COLA)
    assert isinstance(till.held.void_sale(), Voided)
    till.sale.ring(TEA)
    parked = till.held.park()
    cashier = signed_in(world)
    assert isinstance(cashier.held.drop(parked.id), NeedsApproval)

    till.held.drop(parked.id)

    assert till.held.parked() == []
    assert [d["total"] for d in _audit(world, "parked_sale_dropped")] == [550]
    assert _audit(world, "sale_voided")[0]["approved_by"] == world.manager.id


def test_the_open_cart_survives_a_restart_and_comes_back_for_the_next_person(world):
    till = signed_in(world)
    line = till.sale.ring(COLA, 2)
    till.sale.set_line_guide(line.line_id, world.guide.id)
    till.sale.ring(TEA)

    again = restarted(world, "9001", "9999")  # the manager signs in after the crash

    note = again.held.take_note()
    assert isinstance(note, CartBack) and note.rung_by == "李娜"
    assert (note.item_count, note.total) == (3, 1250)
    assert {ln.product.sku: ln.guide_id for ln in again.cart.lines} == {
        "SKU-COLA": world.guide.id, "SKU-TEA": None}
    assert again.held.take_note() is None  # told once


def test_the_open_cart_waits_at_the_sign_in_screen_even_through_a_sync_round(world):
    till = signed_in(world)
    till.sale.ring(COLA)
    world.engine.dispose()
    world.engine = open_database(world.path)
    waiting = Till(TillServices.build(world.engine, world.terminal, None))
    waiting.members.refresh()  # a sync round finished before anyone signed in
    waiting.members.detach()
    waiting.sign_in("1001", "1111")
    assert [ln.product.sku for ln in waiting.cart.lines] == ["SKU-COLA"]
    assert waiting.held.take_note().rung_by is None  # the same cashier: no name


def test_a_completed_or_voided_sale_leaves_no_open_cart_behind(world):
    till = signed_in(world)
    till.sale.ring(COLA)
    assert rows(world, "SELECT kind, item_count, total FROM parked_cart") == [("open", 1, 350)]
    till.sale.set_quantity(till.cart.lines[0].line_id, 4)
    assert rows(world, "SELECT item_count, total FROM parked_cart") == [(4, 1400)]
    pay_cash(till)
    assert rows(world, "SELECT count(*) FROM parked_cart") == [(0,)]
    assert restarted(world).cart.is_empty


def test_no_shift_no_restore_until_one_is_opened(world):
    till = signed_in(world)
    till.sale.ring(COLA)
    change(world, "UPDATE shift SET closed_at = '2026-01-01 00:00:00'")
    again = restarted(world)
    assert again.shift is None and again.cart.is_empty
    again.members.refresh()  # a sync round while the shift is not open yet
    again.sign_out()  # nothing inherited, nothing lost
    again.sign_in("1001", "1111")
    again.open_shift(10000)
    assert [ln.product.sku for ln in again.cart.lines] == ["SKU-COLA"]
    done = again.sale.complete([Tender(TenderKind.CASH, 350)])
    assert done.total == 350


def test_a_scan_never_waits_long_behind_a_writer_and_the_cart_is_saved_at_the_next_change(
        world):
    import time

    till = signed_in(world)
    till.sale.ring(COLA)
    busy = sqlite3.connect(world.path, timeout=0, isolation_level=None)
    busy.execute("BEGIN IMMEDIATE")  # e.g. a long sync page holding the write lock
    try:
        started = time.monotonic()
        till.sale.ring(TEA)
        waited = time.monotonic() - started
    finally:
        busy.execute("ROLLBACK")
        busy.close()
    assert waited < 2 and len(till.cart.lines) == 2  # the scan worked; only the save waits
    assert rows(world, "SELECT item_count FROM parked_cart") == [(1,)]  # not saved yet
    assert till.sale.held.unsaved  # owed: the screen's timer retries it (save_owed)
    till.members.refresh()  # the next call that may change the cart (here: a sync round)
    assert rows(world, "SELECT item_count FROM parked_cart") == [(2,)]
    with world.engine.connect() as conn:  # the pool's connections keep their patience
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_a_new_container_on_the_same_data_dir_brings_back_the_open_and_parked_sales(tmp_path):
    from pos_app.app import build

    first = build(tmp_path, demo=True)
    till = first.till
    till.sign_in("1001", "1111")
    till.open_shift(10000)
    till.sale.ring(COLA)
    till.held.park()
    till.sale.ring(TEA, 2)
    first.engine.dispose()  # the process dies here

    second = build(tmp_path, demo=True)
    try:
        again = second.till
        again.sign_in("2001", "2222")  # the guide signs in next
        note = again.held.take_note()
        assert isinstance(note, CartBack) and note.rung_by == "李娜"
        assert [(ln.product.barcode, ln.quantity) for ln in again.cart.lines] == [(TEA, 2)]
        assert [(p.item_count, p.total) for p in again.held.parked()] == [(1, 350)]
    finally:
        second.engine.dispose()


def test_a_save_that_missed_the_lock_is_paid_by_save_owed_without_a_new_change(world):
    """The screen calls save_owed on a timer: the last scan reaches the disk once the lock
    is free, though the cashier changes nothing more (tests/ui/test_cart_save_retry.py)."""
    till = signed_in(world)
    till.sale.ring(COLA)
    assert till.sale.save_owed()  # nothing owed: nothing done
    busy = sqlite3.connect(world.path, timeout=0, isolation_level=None)
    busy.execute("BEGIN IMMEDIATE")
    try:
        till.sale.ring(TEA)
        assert not till.sale.save_owed()  # still locked: still owed
    finally:
        busy.execute("ROLLBACK")
        busy.close()
    assert rows(world, "SELECT item_count FROM parked_cart") == [(1,)]
    assert till.sale.save_owed()
    assert rows(world, "SELECT item_count FROM parked_cart") == [(2,)]
    assert not till.sale.held.unsaved
