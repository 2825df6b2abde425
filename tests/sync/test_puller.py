"""Puller: pages applied with their cursor, tombstones, sku clashes, resync, pending rule."""

from __future__ import annotations

from sqlalchemy import text

from local_db.ids import utcnow
from local_db.uow import read_session, write_session
from pos_app.errors import PosError
from pos_app.services import outbox
from sync.contract.envelope import Change, ChangesPage
from sync.contract.events_shifts import AuditPayload
from sync.link import get_cursor
from sync.puller import PullResult, pull_all, pull_stream
from tests.sync.fakes import FakeHq


def _product(pid: str, sku: str, price: int = 100, barcodes=(), **extra) -> dict:
    return {"id": pid, "sku": sku, "name_zh": f"商品{sku}", "price": price,
            "barcodes": list(barcodes), **extra}


def _page(stream, changes, nxt, more=False, resync=False) -> ChangesPage:
    return ChangesPage(stream=stream, changes=changes, next_cursor=nxt, has_more=more,
                       resync_required=resync)


def _up(key, data) -> Change:
    return Change(key=key, op="upsert", data=data)


def _rows(engine, sql, **params):
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def _cursor(engine, stream) -> int:
    with read_session(engine) as session:
        return get_cursor(session, stream)


def test_pages_apply_with_cursor_and_progress(world):
    hq = FakeHq()
    hq.pages["products"] = [
        _page("products", [_up("p1", _product("p1", "A1", 100, ["111"]))], 5, more=True),
        _page("products", [_up("p2", _product("p2", "A2", 200, ["222", "223"]))], 9),
    ]
    seen = []
    result = pull_all(world.engine, hq, on_progress=lambda *a: seen.append(a))
    assert result.applied["products"] == 2 and _cursor(world.engine, "products") == 9
    assert ("products", 1, True) in seen and ("products", 2, False) in seen
    assert _rows(world.engine, "SELECT code, product_id FROM barcode WHERE product_id LIKE 'p%'"
                 " ORDER BY code") == [("111", "p1"), ("222", "p2"), ("223", "p2")]
    # next round starts from the saved cursor
    pull_all(world.engine, hq)
    assert ("products", 9) in hq.asked


def test_upsert_replaces_barcodes_keeps_stock_and_tombstone_deactivates(world):
    hq = FakeHq()
    hq.pages["products"] = [_page("products", [_up("p1", _product("p1", "A1", 100, ["111"]))], 1)]
    pull_all(world.engine, hq)
    with world.engine.begin() as conn:
        conn.execute(text("UPDATE product SET stock_qty=7 WHERE id='p1'"))
    hq.pages["products"] = [_page("products", [
        _up("p1", _product("p1", "A1", 150, ["999"], name_en="New")),
    ], 2)]
    pull_all(world.engine, hq)
    assert _rows(world.engine, "SELECT price, name_en, stock_qty, active FROM product"
                 " WHERE id='p1'") == [(150, "New", 7, 1)]
    assert _rows(world.engine, "SELECT code FROM barcode WHERE product_id='p1'") == [("999",)]
    hq.pages["products"] = [_page("products", [Change(key="p1", op="delete")], 3)]
    pull_all(world.engine, hq)
    assert _rows(world.engine, "SELECT active FROM product WHERE id='p1'") == [(0,)]


def test_sku_and_barcode_taken_from_a_local_row(world):
    (local_id, local_sku), *_ = _rows(world.engine, "SELECT id, sku FROM product ORDER BY sku")
    (code,) = _rows(world.engine, "SELECT code FROM barcode WHERE product_id=:p", p=local_id)[0]
    hq = FakeHq()
    hq.pages["products"] = [_page("products", [
        _up("hq1", _product("hq1", local_sku, 300, [code])),
    ], 4)]
    pull_all(world.engine, hq)
    assert _rows(world.engine, "SELECT sku, active FROM product WHERE id=:p", p=local_id) == [
        (f"~{local_id}", 0)]
    assert _rows(world.engine, "SELECT product_id FROM barcode WHERE code=:c", c=code) == [
        ("hq1",)]


def test_swapped_skus_in_one_page(world):
    hq = FakeHq()
    hq.pages["products"] = [_page("products", [
        _up("a", _product("a", "X")), _up("b", _product("b", "Y"))], 2)]
    pull_all(world.engine, hq)
    hq.pages["products"] = [_page("products", [
        _up("a", _product("a", "Y")), _up("b", _product("b", "X"))], 4)]
    pull_all(world.engine, hq)
    assert _rows(world.engine, "SELECT id, sku, active FROM product WHERE id IN ('a','b')"
                 " ORDER BY id") == [("a", "Y", 1), ("b", "X", 1)]


def test_prices_and_staff(world):
    hq = FakeHq()
    pid = _rows(world.engine, "SELECT id FROM product LIMIT 1")[0][0]
    hq.pages["prices"] = [_page("prices", [_up(pid, {"product_id": pid, "price": 1,
                                                     "member_price": 0})], 3)]
    staff = {"id": "s1", "code": "7001", "name": "赵六", "role": "cashier",
             "pin_hash": "scrypt$x", "active": True}
    hq.pages["staff"] = [_page("staff", [_up("s1", staff)], 6)]
    pull_all(world.engine, hq)
    assert _rows(world.engine, "SELECT price, member_price FROM product WHERE id=:p",
                 p=pid) == [(1, 0)]
    assert _rows(world.engine, "SELECT code, store_id FROM staff WHERE id='s1'") == [
        ("7001", world.terminal.store_id)]
    hq.pages["staff"] = [_page("staff", [Change(key="s1", op="delete")], 8)]
    pull_all(world.engine, hq)
    assert _rows(world.engine, "SELECT active FROM staff WHERE id='s1'") == [(0,)]
    assert _cursor(world.engine, "staff") == 8


def test_resync_restarts_the_stream_at_zero(world):
    hq = FakeHq()
    with write_session(world.engine) as session:
        from sync.link import save_cursor

        save_cursor(session, "products", 50)
    hq.pages["products"] = [
        _page("products", [], 0, more=True, resync=True),
        _page("products", [_up("p1", _product("p1", "R1"))], 60),
    ]
    result = PullResult()
    pull_stream(world.engine, hq, "products", result)
    assert hq.asked == [("products", 50), ("products", 0)]
    assert result.resyncs["products"] == 1 and _cursor(world.engine, "products") == 60


def test_resync_at_zero_is_a_bad_response(world):
    hq = FakeHq()
    hq.pages["products"] = [_page("products", [], 0, more=True, resync=True)]
    try:
        pull_stream(world.engine, hq, "products", PullResult())
    except PosError as exc:
        assert exc.code == "hq_bad_response"
    else:
        raise AssertionError("expected hq_bad_response")


def test_row_with_pending_outbox_event_is_not_overwritten(world):
    with write_session(world.engine) as session:
        outbox.enqueue(session, "p-local", AuditPayload(id="a-local", at=utcnow(), action="edit"))
    hq = FakeHq()
    hq.pages["products"] = [_page("products", [
        _up("p-local", _product("p-local", "L1", 1)), _up("p-other", _product("p-other", "L2")),
    ], 12)]
    result = pull_all(world.engine, hq)
    assert _rows(world.engine, "SELECT id FROM product WHERE id LIKE 'p-%'") == [("p-other",)]
    assert result.skipped_pending["products"] == 1
    assert _cursor(world.engine, "products") == 12


def test_bad_row_fails_the_page_and_keeps_the_cursor(world):
    hq = FakeHq()
    hq.pages["products"] = [_page("products", [_up("p1", {"id": "p1"})], 5)]
    try:
        pull_all(world.engine, hq)
    except PosError as exc:
        assert exc.code == "hq_bad_response"
    assert _cursor(world.engine, "products") == 0


def test_interrupted_resync_restarts_at_zero_and_sweeps_what_hq_dropped(world):
    hq = FakeHq()
    hq.pages["products"] = [_page("products", [_up("keep", _product("keep", "K")),
                                               _up("gone", _product("gone", "G"))], 10)]
    pull_all(world.engine, hq)
    hq.pages["products"] = [
        _page("products", [], 0, more=True, resync=True),
        _page("products", [_up("keep", _product("keep", "K"))], 3, more=True),
    ]
    plan = [None, None, PosError("hq_unreachable", detail="cut")]  # the 3rd call fails
    original = hq.changes

    def flaky(stream, cursor, limit):
        error = plan.pop(0) if plan else None
        if error is not None:
            raise error
        return original(stream, cursor, limit)

    hq.changes = flaky
    try:
        pull_stream(world.engine, hq, "products", PullResult())
    except PosError as exc:
        assert exc.code == "hq_unreachable"
    else:
        raise AssertionError("the cut should surface")
    assert _cursor(world.engine, "products") == 3  # one page of the resync was kept
    hq.changes = original
    hq.asked.clear()
    hq.pages["products"] = [_page("products", [_up("keep", _product("keep", "K"))], 12)]
    pull_stream(world.engine, hq, "products", PullResult())
    assert hq.asked == [("products", 0)]  # restarted from 0, not from 3
    active = dict(_rows(world.engine, "SELECT id, active FROM product"))
    assert active["keep"] == 1 and active["gone"] == 0
    assert sum(active.values()) == 1  # the builders' local products went too: HQ wins


def test_a_stream_with_nothing_new_is_pulled_without_a_write(world, tmp_path):
    """Every round pulls every stream; one that did not change must not take SQLite's write
    lock (a sale may be committing), so it is read while another connection holds it."""
    import sqlite3

    hq = FakeHq()
    hq.pages["products"] = [_page("products", [], 0)]
    blocker = sqlite3.connect(world.engine.url.database, timeout=0.1)
    blocker.execute("BEGIN IMMEDIATE")  # a sale's transaction in progress
    try:
        result = PullResult()
        pull_stream(world.engine, hq, "products", result)
    finally:
        blocker.rollback()
        blocker.close()
    assert result.applied["products"] == 0 and result.cursors["products"] == 0
