"""Issue 17 Must hold, end to end: one coupon redeemed offline on two paired tills of a real
HQ over HTTP → after both sync, HQ holds exactly one accepted redemption and one conflict;
the second till's manager exception list shows the conflict naming both receipts; syncing
every event again (three more rounds, and the very events pushed again) changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from hq import models as hm
from local_db.uow import write_session
from pos_app.services import outbox
from pos_app.services.sync_service import SyncService
from sync.contract.events_coupons import CouponRedeemedPayload
from tests.hq.coupons.world import offline_coupon
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till
from tests.sync.test_members_via_hq import sync


def redeem_offline(till: PairedTill, coupon_id: str, receipt: str, guide: str) -> str:
    key = f"red-{receipt}"
    with write_session(till.engine) as session:
        outbox.enqueue(session, key, CouponRedeemedPayload(
            redemption_id=key, coupon_id=coupon_id, code_kind="signed",
            store_id=till.terminal.store_id, terminal_id=till.terminal.terminal_id,
            sale_id=f"sale-{receipt}", receipt_no=receipt, guide_id=guide,
            redeemed_at=datetime.now(UTC), online=False))
    return key


def hq_redemptions(hq: HQServer) -> list[tuple[str, str]]:
    red = hm.CouponRedemption.__table__
    with hq.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(red.c.receipt_no, red.c.status).order_by(red.c.receipt_no))]


def test_one_coupon_redeemed_offline_on_two_tills(hq: HQServer, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    hq_server = hq
    first = paired_till(hq_server, tmp_path, "T01")
    second = paired_till(hq_server, tmp_path, "T02")
    enroller = hq_server.register("S01", "T09")
    _, coupon_id = offline_coupon(hq_server, enroller, monkeypatch)  # offline: allow
    redeem_offline(first, coupon_id, "S01-T01-000001", "guide-1")
    redeem_offline(second, coupon_id, "S01-T02-000001", "guide-2")
    sync(first)
    sync(second)
    state = hq_redemptions(hq_server)
    assert state == [("S01-T01-000001", "accepted"), ("S01-T02-000001", "conflict")]
    assert SyncService(first.engine).exceptions() == []
    (flagged,) = SyncService(second.engine).exceptions()
    assert (flagged.kind, flagged.status, flagged.receipt_no) == (
        "coupon.redeemed", "conflict", "S01-T02-000001")
    assert flagged.reason.startswith("coupon_conflict:")
    assert "S01-T01-000001" in flagged.reason and "S01-T02-000001" in flagged.reason
    for _ in range(3):
        sync(first)
        sync(second)
    assert hq_redemptions(hq_server) == state
