"""The guide's gift redemption at paired tills against a real HQ over HTTP (issue 17): HQ's
gift coupon, signed with its key that reached the tills on the coupon_keys stream, is
redeemed online at one till (unit gifted, redemption row `online`, its event); the same
coupon at another till of the store is refused with where, which slip and when it was
redeemed first, and that till writes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hq.coupons import issuing
from pos_app.errors import PosError
from pos_app.services.members import MemberService
from pos_app.services.till import TillServices
from pos_app.services.units import UnitService
from tests.db_reads import row_counts
from tests.hq.coupons.world import campaign_with_key, definition
from tests.hq.server import run_hq_server
from tests.services.coupons.gift_world import TABLES, unit
from tests.sync.hq_world import paired_till
from tests.sync.test_members_via_hq import sync


def _counts(path: Path) -> dict[str, int]:
    return row_counts(path, TABLES)


def _with_totes(till) -> None:
    conn = sqlite3.connect(till.path)
    conn.execute("UPDATE product SET unit_tracked = 1 WHERE sku = 'SKU-BAG'")
    conn.commit()
    conn.close()
    manager_like = till.cashier  # receiving is the service's, the role is the feature's
    report = UnitService(till.engine, till.terminal).receive(
        [unit("H1"), unit("H2")], manager_like)
    assert len(report.received) == 2


def test_online_at_one_till_then_refused_at_another(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch):
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as hq:
        first, second = paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")
        campaign_with_key(hq, monkeypatch)
        member = MemberService(first.engine, first.terminal).enroll(
            "韩梅梅", "13700000009", first.cashier, consent=True)
        sync(first)
        issued = issuing.issue(hq.engine, definition(hq, "gift", gift_sku="SKU-BAG"),
                               "13700000009")
        for till in (first, second):
            sync(till)  # the coupon key, the definitions, the member's coupons
            _with_totes(till)
        gifts = TillServices.build(first.engine, first.terminal, None).gifts
        view = gifts.inspect(issued.signed_code)
        assert view.member_id == member.id
        done = gifts.redeem(view, unit("H1"), first.cashier)
        assert done.mode == "online"
        conn = sqlite3.connect(first.path)
        assert conn.execute("SELECT mode, unit_key FROM coupon_redemption").fetchall() == [
            ("online", "06937654321097:H1")]
        conn.close()

        other = TillServices.build(second.engine, second.terminal, None).gifts
        view = other.inspect(issued.signed_code.lower())  # Caps Lock: read the same
        before = _counts(second.path)
        with pytest.raises(PosError) as refused:
            other.redeem(view, unit("H2"), second.cashier)
        assert refused.value.code == "coupon_already_redeemed"
        assert _counts(second.path) == before
