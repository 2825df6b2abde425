"""A discount coupon at the sale against a real HQ over HTTP on 127.0.0.1 (issue 17): HQ's
满100减20 coupon, signed with the key the till pulled, is redeemed online with the sale at
T01 (redemption `online`, one transaction with the sale); HQ re-prices the pushed sale with
the coupon's own terms and does not flag it; the same coupon at T02 is refused by HQ and
T02 writes nothing; a sale claiming more off than the coupon gives is flagged."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from hq.coupons import issuing
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.members import MemberService
from pos_app.services.till import AppliesCoupon, Refused, Till
from tests.db_reads import row_counts
from tests.hq.coupons.world import campaign_with_key, definition
from tests.hq.server import HQServer, run_hq_server
from tests.sync.hq_world import PairedTill, paired_till
from tests.sync.test_members_via_hq import sync
from tests.sync.test_reprice_via_hq import answer

BAG = "6937654321097"  # ¥129.00
TABLES = ("sale", "coupon_redemption", "outbox_event")


def _counts(path: Path) -> dict[str, int]:
    return row_counts(path, TABLES)


def _member_coupon(hq, tmp: Path, monkeypatch: pytest.MonkeyPatch, phone: str):
    """T01 paired, the campaign's signing key in place, 韩梅梅 enrolled there with `phone`,
    and a ¥20-off coupon HQ issued to her, downloaded: (T01, the issued coupon)."""
    first = paired_till(hq, tmp, "T01")
    campaign_with_key(hq, monkeypatch)
    MemberService(first.engine, first.terminal).enroll("韩梅梅", phone, first.cashier,
                                                       consent=True)
    sync(first)
    issued = issuing.issue(hq.engine, definition(hq, "amount_off", value=2000), phone)
    sync(first)
    return first, issued


@contextmanager
def bag_for_a_member_coupon(tmp: Path, monkeypatch: pytest.MonkeyPatch,
                            phone: str) -> Iterator[tuple[HQServer, PairedTill, Any, Till]]:
    """A real HQ and `_member_coupon`'s T01, its cashier signed in with the ¥129.00 bag rung
    up, the coupon to be scanned next: (HQ, T01, the issued coupon, T01's till). HQ stops on
    leaving the block; the till stays."""
    with run_hq_server(f"sqlite:///{tmp / 'hq.db'}") as hq:
        first, issued = _member_coupon(hq, tmp, monkeypatch, phone)
        till = first.signed_in()
        till.sale.scan(BAG)
        yield hq, first, issued, till


def test_online_with_the_sale_not_flagged_then_refused_at_another_till(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as hq:
        first, second = paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")
        campaign_with_key(hq, monkeypatch)
        member = MemberService(first.engine, first.terminal).enroll(
            "韩梅梅", "13700000019", first.cashier, consent=True)
        sync(first)
        issued = issuing.issue(hq.engine, definition(
            hq, "amount_off", value=2000, min_spend=10000), "13700000019")
        for paired in (first, second):
            sync(paired)  # the key, the definitions, the member
        till = first.signed_in()
        till.sale.scan(BAG)
        applied = till.sale.scan(issued.signed_code)
        assert isinstance(applied, AppliesCoupon), applied
        assert till.sale.cart.member_id == member.id
        assert till.sale.totals().total == 10900
        done = till.sale.complete([Tender(TenderKind.CASH, 10900)])
        assert sqlite3.connect(first.path).execute(
            "SELECT mode, sale_id FROM coupon_redemption").fetchall() == [
            ("online", done.sale_id)]
        sync(first)  # the sale and its coupon.redeemed reach HQ
        assert answer(hq, done.sale_id) == ("accepted", "")
        # T02: HQ says it was redeemed; nothing written there
        other = second.signed_in()
        other.sale.scan(BAG)
        assert isinstance(other.sale.scan(issued.signed_code), AppliesCoupon)
        before = _counts(second.path)
        with pytest.raises(Exception) as caught:
            other.sale.complete([Tender(TenderKind.CASH, 10900)])
        assert getattr(caught.value, "code", "") == "coupon_already_redeemed"
        assert _counts(second.path) == before
        assert isinstance(other.sale.scan(issued.signed_code), Refused)  # in the cart already


def test_a_coupon_sale_claiming_more_than_the_coupon_gives_is_flagged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from pos_app.domain.money import tax_included
    from tests.sync.test_reprice_via_hq import tamper

    with bag_for_a_member_coupon(tmp_path, monkeypatch, "13700000029") as (
            hq, first, issued, till):
        till.sale.scan(issued.signed_code)
        done = till.sale.complete([Tender(TenderKind.CASH, 10900)])

        def more_off(p: dict) -> None:  # ¥30 off where the coupon gives ¥20
            (line,) = p["lines"]
            (adj,) = [a for a in line["adjustments"] if a["kind"] == "coupon"]
            adj["amount"] = 3000
            net = line["net"] - 1000
            line.update(order_discount=line["order_discount"] + 1000, net=net,
                        tax=tax_included(net, line["tax_rate_bp"]))
            p.update(discount_total=p["discount_total"] + 1000, total=net,
                     tax_total=line["tax"], paid=net, change=0)
            p["tenders"][0]["amount"] = net

        tamper(first, done.sale_id, more_off)
        sync(first)
        status, reason = answer(hq, done.sale_id)
        assert status == "conflict" and "promo_mismatch: sale" in reason, reason
        assert "till net 9900 fen" in reason and "HQ's rules give net 10900 fen" in reason


def test_a_typed_short_code_is_resolved_by_hq_held_for_the_sale_and_released_on_removal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import json

    with bag_for_a_member_coupon(tmp_path, monkeypatch, "13700000039") as (
            hq, first, issued, till):
        applied = till.sale.scan(issued.short_code.lower())  # typed, in lower case
        assert isinstance(applied, AppliesCoupon), applied
        assert till.sale.totals().total == 10900
        till.sale.remove_coupon(applied.coupon_id)  # HQ's hold given back
        again = till.sale.scan(issued.short_code)
        assert isinstance(again, AppliesCoupon), again
        done = till.sale.complete([Tender(TenderKind.CASH, 10900)])
        conn = sqlite3.connect(first.path)
        assert conn.execute("SELECT mode, sale_id FROM coupon_redemption").fetchall() == [
            ("online", done.sale_id)]
        (payload,) = conn.execute(
            "SELECT payload FROM outbox_event WHERE type = 'coupon.redeemed'").fetchone()
        assert json.loads(payload)["code_kind"] == "short"
        conn.close()
        sync(first)
        assert answer(hq, done.sale_id) == ("accepted", "")
    # HQ gone: a typed code cannot be checked; said, nothing applied
    till.sale.scan(BAG)
    offline = till.sale.scan(issued.short_code)
    assert isinstance(offline, Refused) and offline.reason.code == "coupon_short_needs_hq"
    assert till.sale.coupon_ids() == []
