"""Members the till does not hold, asked of a real HQ over HTTP: found, kept for offline
use (with their coupons), history from every store added to the profile; HQ down or an
unpaired till give clear errors and keep nothing."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from hq.coupons import issue
from local_db.database import open_database
from pos_app.errors import PosError
from pos_app.services.members_online import MembersOnline, hq_query
from sync.client import HqClient
from tests.hq.builders import enrol, member_sale, push
from tests.hq.server import HQServer
from tests.hq.test_members import T0
from tests.sync.hq_world import PairedTill, paired_till
from tests.sync.test_members_via_hq import BAG, members, rows, sell, sync

PHONE = "13712345678"


@pytest.fixture
def till(hq: HQServer, tmp_path: Path) -> PairedTill:
    return paired_till(hq, tmp_path, "T01")


@pytest.fixture
def elsewhere(hq: HQServer) -> dict:
    """A member enrolled and buying at another store (S02): not in S01's region."""
    device = hq.register("S02", "T01")
    ev = enrol("林晓", PHONE, T0, card_no="VIP-2001")
    push(hq, device, ev)
    push(hq, device, member_sale(device, ev["entity_id"], "S02-T01-000001", earned=127,
                                 created_at=(T0 + timedelta(days=1)).isoformat()))
    return ev


def test_query_forms():
    assert hq_query(" SFM:abc ") == "abc"
    assert hq_query("137 1234 5678") == PHONE
    assert hq_query("VIP-2001") == "VIP-2001"


def test_member_from_another_store_is_found_at_hq_and_kept(hq: HQServer, till, elsewhere):
    sync(till)
    mid = elsewhere["entity_id"]
    assert members(till).lookup(PHONE) is None  # not this store's region
    code = issue(hq.engine, PHONE, "满100减20", value=2000, min_spend=10000).code
    online = MembersOnline(till.engine)
    assert online.available()
    assert online.search(PHONE) == [mid]
    found = members(till).lookup(PHONE)  # now local: works offline too
    assert found is not None and (found.id, found.points, found.provisional) == (mid, 127, False)
    assert members(till).lookup("VIP-2001").id == mid
    assert [m.id for m in members(till).search("林晓")] == [mid]
    # another store's member: HQ keeps its coupons (and history) back until it buys here
    assert members(till).profile(mid, till.cashier).coupons == []
    with pytest.raises(PosError) as err:
        online.purchases(mid, [])
    assert err.value.code == "member_history_not_here"
    # the till sells to the member; the member is this store's now: coupons arrive, and the
    # history has both stores, one row per sale
    sell(till, mid, BAG)
    sync(till)
    profile = members(till).profile(mid, till.cashier)
    assert [(c.code, c.title, c.value) for c in profile.coupons] == [(code, "满100减20", 2000)]
    local = profile.purchases
    assert [p.store_name for p in local] == [""]
    history = online.purchases(mid, local)
    assert [(p.receipt_no, p.store_name, p.from_hq) for p in history] == [
        (local[0].receipt_no, "Store S01", False), ("S02-T01-000001", "Store S02", True)]
    assert rows(till, "SELECT points_balance FROM member WHERE id = :i", i=mid) == [(127 + 129,)]


def test_search_by_member_code_and_name_and_nothing(hq: HQServer, till, elsewhere):
    online = MembersOnline(till.engine)
    assert online.search(f"SFM:{elsewhere['entity_id']}") == [elsewhere["entity_id"]]
    assert online.search("林晓 5678") == online.search("5678 林晓") == [elsewhere["entity_id"]]
    assert online.search("林晓 0000") == [] and online.search("VIP-0000") == []
    assert online.search("   ") == []
    for broad in ("林晓", "无此人", "林"):  # a bare name is not enough for HQ
        with pytest.raises(PosError) as err:
            online.search(broad)
        assert err.value.code == "member_search_too_broad"
        assert "last four digits" in err.value.message()


def test_hq_down_gives_a_clear_error_and_keeps_nothing(till, elsewhere):
    dead = MembersOnline(till.engine, lambda _url, token: HqClient(
        "http://127.0.0.1:9", token, timeout=2, connect_timeout=1))
    with pytest.raises(PosError) as err:
        dead.search(PHONE)
    assert err.value.code == "hq_unreachable" and "HQ" in err.value.message()
    with pytest.raises(PosError):
        dead.purchases(elsewhere["entity_id"], [])
    assert members(till).lookup(PHONE) is None


def test_unpaired_till_says_so(tmp_path: Path):
    online = MembersOnline(open_database(tmp_path / "alone.db"))
    assert not online.available()
    with pytest.raises(PosError) as err:
        online.search(PHONE)
    assert err.value.code == "hq_not_paired"


def test_online_lookups_log_no_phone_or_name(till, elsewhere, caplog):
    """Request lines are logged (httpx here, the access log at HQ): the query goes in the
    body, so neither the phone nor the name reaches a log."""
    caplog.set_level(logging.DEBUG)
    online = MembersOnline(till.engine)
    assert online.search(PHONE) == online.search("林晓 5678") == [elsewhere["entity_id"]]
    with pytest.raises(PosError):  # not this store's member yet
        online.purchases(elsewhere["entity_id"], [])
    members(till).profile(elsewhere["entity_id"], till.cashier)
    text = caplog.text
    assert "members/search" in text  # the requests were logged…
    assert PHONE not in text and "林晓" not in text  # …not the person
