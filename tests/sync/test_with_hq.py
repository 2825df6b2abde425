"""Against a real HQ over HTTP: pairing, push exactly once, pull with cursors and tombstones."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from hq import admin, catalog, changes
from local_db.database import open_database
from pos_app.errors import PosError
from pos_app.services.pairing import pair_with_hq
from sync.round import sync_once
from tests.builders import build_world
from tests.sync.helpers import outbox_rows, sell
from tests.sync.hq_world import hq_event_count, hq_sales, local_sales, paired_till


def test_pairing_adopts_hq_identity_and_pulls_catalogue(hq, tmp_path):
    till = paired_till(hq, tmp_path, "T01")
    assert till.terminal.store_code == "S01" and till.terminal.terminal_code == "T01"
    with hq.engine.connect() as conn:
        hq_tid = conn.execute(text("SELECT id FROM terminal WHERE code='T01'")).scalar_one()
    assert till.terminal.terminal_id == hq_tid
    with till.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM product WHERE active")).scalar() == 3
        assert conn.execute(text("SELECT count(*) FROM barcode")).scalar() == 3


def test_used_code_and_demo_database_are_refused(hq, tmp_path):
    code = hq.enroll("S01", "T09")
    fresh = open_database(tmp_path / "a.db")
    pair_with_hq(fresh, hq.url, code, "a")
    with pytest.raises(PosError) as again:
        pair_with_hq(open_database(tmp_path / "b.db"), hq.url, code, "b")
    assert again.value.code == "enrollment_code_invalid"
    with pytest.raises(PosError) as paired:
        pair_with_hq(fresh, hq.url, hq.enroll("S01", "T08"), "a")
    assert paired.value.code == "already_paired"
    demo = build_world(tmp_path / "demo.db")
    unused = hq.enroll("S01", "T07")
    with pytest.raises(PosError) as refused:
        pair_with_hq(demo.engine, hq.url, unused, "demo")
    assert refused.value.code == "terminal_has_local_identity"
    assert "S01-T01" in refused.value.message()
    pair_with_hq(open_database(tmp_path / "c.db"), hq.url, unused, "c")  # code not burnt


def test_sales_reach_hq_exactly_once(hq, tmp_path):
    till = paired_till(hq, tmp_path, "T01")
    sell(till, 25)
    with till.client() as client:
        first = sync_once(till.engine, client, batch_size=10)
    assert first.ok and first.push.accepted == 26  # 25 sales + shift.opened
    assert hq_sales(hq) == local_sales(till.engine)
    assert {r["status"] for r in outbox_rows(till.engine)} == {"accepted"}
    with till.engine.begin() as conn:  # answers lost: the terminal sends all again
        conn.execute(text("UPDATE outbox_event SET status='pending', sent_at=NULL"))
    with till.client() as client:
        again = sync_once(till.engine, client)
    assert again.push.duplicate == 26 and again.push.accepted == 0
    assert len(hq_sales(hq)) == 25 and hq_event_count(hq) == 26


def test_revoked_device_is_unauthorized(hq, tmp_path):
    till = paired_till(hq, tmp_path, "T01")
    sell(till, 1)
    with hq.engine.connect() as conn:
        device_id = conn.execute(text("SELECT id FROM device")).scalar_one()
    admin.revoke_device(hq.engine, device_id)
    with till.client() as client:
        result = sync_once(till.engine, client)
    assert result.error is not None and result.error.code == "hq_unauthorized"
    assert {r["attempts"] for r in outbox_rows(till.engine) if r["status"] == "pending"} == {1}


def test_pull_cursors_prices_tombstones_and_staff(hq, tmp_path):
    till = paired_till(hq, tmp_path, "T01")
    catalog.set_price(hq.engine, "SKU-COLA", 390, 350)
    catalog.delete_product(hq.engine, "SKU-BAG")
    admin.create_staff(hq.engine, "S01", "1002", "周杰", "guide", "2222")
    admin.set_staff_active(hq.engine, "1001", False)
    with till.client() as client:
        result = sync_once(till.engine, client)
    assert result.ok
    assert result.pull.applied == {"products": 1, "prices": 1, "staff": 2, "members": 0,
                                   "units": 0, "promotions": 0, "coupon_keys": 0,
                                  "coupon_definitions": 0, "settings": 0}
    with till.engine.connect() as conn:
        q = conn.execute
        assert q(text("SELECT price, member_price FROM product WHERE sku='SKU-COLA'")).one() \
            == (390, 350)
        assert q(text("SELECT active FROM product WHERE sku='SKU-BAG'")).scalar() == 0
        assert q(text("SELECT code, active FROM staff ORDER BY code")).all() == [
            ("1001", 0), ("1002", 1)]
        cursors = dict(q(text("SELECT stream, cursor FROM sync_state")).all())
    with till.client() as client:
        again = sync_once(till.engine, client)
    assert again.pull.applied == {"products": 0, "prices": 0, "staff": 0, "members": 0,
                                  "units": 0, "promotions": 0, "coupon_keys": 0,
                                  "coupon_definitions": 0, "settings": 0}
    # A stream still empty at cursor 0 has no saved row: nothing new is never written.
    assert again.pull.cursors == {s: cursors.get(s, 0) for s in again.pull.cursors}


def test_resync_after_hq_pruned_the_tombstones_we_missed(hq, tmp_path):
    till = paired_till(hq, tmp_path, "T01")
    catalog.delete_product(hq.engine, "SKU-TEA")
    catalog.set_price(hq.engine, "SKU-COLA", 400)
    with hq.engine.begin() as conn:
        newest = conn.execute(text("SELECT max(cursor) FROM change_log")).scalar_one()
        changes.prune_change_log(conn, newest)
    with till.client() as client:
        result = sync_once(till.engine, client)
    assert result.ok and result.pull.resyncs["products"] == 1
    with till.engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT sku, price FROM product WHERE active")).all())
    assert rows == {"SKU-COLA": 400, "SKU-BAG": 12900}  # the live state, re-pulled from 0
