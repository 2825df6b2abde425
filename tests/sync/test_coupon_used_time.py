"""When a coupon was used, as HQ keeps it (tester 24, finding 17c): a typed short code is held
by HQ when it is scanned, but PRODUCT §5 redeems a coupon with its sale, so once the sale's
`coupon.redeemed` reaches HQ the redemption's time is the sale's, not the scan's."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from hq import models as m
from hq.coupons import lookup
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.till import AppliesCoupon
from tests.sync.test_members_via_hq import sync
from tests.sync.test_sale_coupon_via_hq import bag_for_a_member_coupon

RED = m.CouponRedemption.__table__


def _hq_time(hq) -> datetime:
    with hq.engine.connect() as conn:
        (at,) = conn.execute(select(RED.c.redeemed_at)).one()
    return lookup.utc(at)


def test_a_short_code_is_used_when_its_sale_closes_not_when_it_was_scanned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with bag_for_a_member_coupon(tmp_path, monkeypatch, "13700000049") as (
            hq, first, issued, till):
        assert isinstance(till.sale.scan(issued.short_code), AppliesCoupon)
        scanned = _hq_time(hq)  # HQ holds it from the scan
        time.sleep(1.2)  # the customer takes a moment to pay
        done = till.sale.complete([Tender(TenderKind.CASH, 10900)])
        conn = sqlite3.connect(first.path)
        (closed,) = conn.execute("SELECT created_at FROM sale WHERE id = ?",
                                 (done.sale_id,)).fetchone()
        conn.close()
        sync(first)
        used = _hq_time(hq)
        assert (used - scanned).total_seconds() >= 1.2
        assert abs((used - lookup.utc(datetime.fromisoformat(closed))).total_seconds()) < 0.01
