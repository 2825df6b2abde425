"""A held coupon's used time at HQ is the till's sale close, but bounded by HQ's own clock:
no earlier than HQ's hold of the coupon, no later than the event's arrival (a till an hour
fast or a day behind is clamped into that range and logged); over real HTTP, SQLite and
PostgreSQL."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from hq import models as m
from hq.coupons import lookup
from pos_app.domain.coupons.used_time import bounded_use
from tests.hq.builders import push
from tests.hq.coupons.test_offline_conflicts import redeemed
from tests.hq.coupons.test_redeem_online import a_member_with_a_coupon, post, redeem_body
from tests.hq.coupons.world import offline_coupon
from tests.hq.server import HQServer

RED = m.CouponRedemption.__table__


def held_then_sold(hq: HQServer, skew: timedelta) -> tuple[datetime, datetime, datetime]:
    """A short code held at HQ, then its sale's `coupon.redeemed` pushed by a till whose clock
    is `skew` off; returns (HQ's hold time, the used time HQ kept, HQ's time after the push)."""
    device = hq.register("S01", "T01")
    code, coupon_id = a_member_with_a_coupon(hq, device)
    body = redeem_body("red-1", code, "S01-T01-000007")
    body["redeemed_at"] = (datetime.now(UTC) + skew).isoformat()  # the till's scan
    assert post(hq, device, "/v1/coupons/redeem", body)["outcome"] == "redeemed"
    done = redeemed(device, coupon_id, "S01-T01-000007", "guide-a", online=True, key="red-1")
    done["payload"].update(sale_id="sale-red-1",
                           redeemed_at=(datetime.now(UTC) + skew).isoformat())  # its close
    assert [r["status"] for r in push(hq, device, done)] == ["accepted"]
    after = datetime.now(UTC)
    with hq.engine.connect() as conn:
        row = conn.execute(select(RED.c.received_at, RED.c.redeemed_at)).one()
    return lookup.utc(row.received_at), lookup.utc(row.redeemed_at), after


@pytest.mark.parametrize("skew", [timedelta(hours=1), timedelta(days=-1)],
                         ids=["an-hour-fast", "a-day-behind"])
def test_a_till_clock_off_gives_a_used_time_between_the_hold_and_the_arrival(
        hq_server: HQServer, skew: timedelta, caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.WARNING, logger="hq.coupons.apply"):
        held_at, used, after = held_then_sold(hq_server, skew)
    assert held_at <= used <= after
    if skew < timedelta(0):
        assert used == held_at  # a day behind: no earlier than HQ held the coupon
    else:
        assert after - used < timedelta(seconds=30)  # an hour fast: when the event came
    (record,) = [r for r in caplog.records if "outside its hold at HQ" in r.getMessage()]
    assert "red-1" in record.getMessage()


def test_a_till_clock_right_keeps_its_own_used_time(
        hq_server: HQServer, caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.DEBUG, logger="hq.coupons.apply"):
        held_at, used, after = held_then_sold(hq_server, timedelta(0))
    assert held_at < used < after  # the close, read after HQ's hold answered
    assert not [r for r in caplog.records if "outside its hold" in r.getMessage()]


_instants = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                         timezones=st.just(UTC))


@given(claimed=_instants, held_at=_instants, arrived_at=_instants)
def test_the_used_time_never_leaves_the_range_and_is_kept_inside_it(
        claimed: datetime, held_at: datetime, arrived_at: datetime):
    used = bounded_use(claimed, held_at, arrived_at)
    assert held_at <= used <= max(held_at, arrived_at)
    if held_at <= claimed <= arrived_at:
        assert used == claimed


def test_an_offline_use_from_a_clock_ahead_is_kept_at_the_arrival(
        hq_server: HQServer, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture):
    """No hold to bound it: a use cannot be later than HQ heard of it; earlier stays."""
    device = hq_server.register("S01", "T01")
    _, coupon_id = offline_coupon(hq_server, device, monkeypatch)
    done = redeemed(device, coupon_id, "S01-T01-000001", "guide-a", key="off-1",
                    redeemed_at=(datetime.now(UTC) + timedelta(hours=3)).isoformat())
    with caplog.at_level(logging.WARNING, logger="hq.coupons.apply"):
        assert [r["status"] for r in push(hq_server, device, done)] == ["accepted"]
    after = datetime.now(UTC)
    with hq_server.engine.connect() as conn:
        used = lookup.utc(conn.execute(select(RED.c.redeemed_at)).scalar_one())
    assert after - timedelta(seconds=30) < used <= after
    assert [r for r in caplog.records if "off-1" in r.getMessage()]


@pytest.mark.parametrize("skew", [timedelta(hours=2), timedelta(days=-1)],
                         ids=["ahead", "behind"])
def test_a_hold_asked_with_a_clock_off_is_dated_by_hq(hq_server: HQServer, skew: timedelta):
    """Until the sale's event comes, the hold's own time is what 'already redeemed at …'
    shows: the till's scan, asked about now, is kept within HQ's last minute."""
    device = hq_server.register("S01", "T01")
    code, _coupon_id = a_member_with_a_coupon(hq_server, device)
    body = redeem_body("red-2", code, "S01-T01-000008")
    body["redeemed_at"] = (datetime.now(UTC) + skew).isoformat()
    before = datetime.now(UTC)
    assert post(hq_server, device, "/v1/coupons/redeem", body)["outcome"] == "redeemed"
    after = datetime.now(UTC)
    with hq_server.engine.connect() as conn:
        used = lookup.utc(conn.execute(select(RED.c.redeemed_at)).scalar_one())
    assert before - timedelta(seconds=61) <= used <= after
