"""Coupon keys rotate across the wire (issue 17, real HQ over HTTP on 127.0.0.1, real till
databases): a paired till verifies offline the codes HQ signs with any key it still honours;
after HQ retires a key, the till's next pull makes it refuse that key's coupons at once
("retired key"), while the other key's coupons keep verifying; a till that has not pulled a
new key yet says "unknown key" until it does."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hq.cli import main
from hq.coupons import keys
from local_db.coupon_keys import honoured_keys
from local_db.uow import read_session
from pos_app.domain.coupons import CouponPayload, sign
from pos_app.errors import PosError
from pos_app.services.coupons.codes import CouponReader
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till
from tests.sync.test_members_via_hq import sync
from tests.sync.test_promotions_via_hq import second_store_till

NOW = datetime.now(UTC)


def hq_code(hq: HQServer, store_id: str) -> tuple[int, str]:
    """A bearer coupon for `store_id`, signed by HQ's current signing key."""
    with hq.engine.connect() as conn:
        key_id, private = keys.signing_key(conn)
    payload = CouponPayload.make(
        key_id=key_id, coupon_id=str(uuid.uuid4()), campaign_id="spring", member_id=None,
        kind="amount_off", value=1000, min_spend=5000, valid_from=NOW - timedelta(hours=2),
        valid_until=NOW + timedelta(days=7), store_id=store_id)
    return key_id, sign(payload, private)


def keys_cli(hq: HQServer, *argv: str) -> None:
    assert main(["coupons", "keys", *argv, "--database-url", hq.database_url]) == 0


def refusal(till: PairedTill, code: str) -> str:
    with pytest.raises(PosError) as refused:
        CouponReader(till.engine, till.terminal).read(code)
    return refused.value.code


def test_a_retired_key_stops_verifying_on_the_next_pull(hq: HQServer, tmp_path: Path,
                                                        monkeypatch):
    monkeypatch.setenv(keys.SECRET_ENV, "a test secret of more than 32 characters")
    keys_cli(hq, "new")
    till = paired_till(hq, tmp_path, "T01")
    reader = CouponReader(till.engine, till.terminal)
    first_id, first = hq_code(hq, till.terminal.store_id)
    assert reader.read(first).payload.value == 1000  # pulled with the pairing's first sync

    keys_cli(hq, "new")  # rotation: key 2 signs from now on, key 1 still honoured
    second_id, second = hq_code(hq, till.terminal.store_id)
    assert (first_id, second_id) == (1, 2)
    assert refusal(till, second) == "coupon_unknown_key"  # not pulled yet
    sync(till)
    assert reader.read(second).payload.key_id == 2
    assert reader.read(first).payload.key_id == 1

    keys_cli(hq, "retire", "1")
    assert reader.read(first).payload.key_id == 1  # offline, the till knows no better yet
    sync(till)
    assert refusal(till, first) == "coupon_key_retired"
    assert reader.read(second).payload.key_id == 2
    with read_session(till.engine) as session:
        assert set(honoured_keys(session)) == {2}


def test_another_stores_till_refuses_a_store_scoped_coupon(hq: HQServer, tmp_path: Path,
                                                           monkeypatch):
    monkeypatch.setenv(keys.SECRET_ENV, "a test secret of more than 32 characters")
    keys_cli(hq, "new")
    ours = paired_till(hq, tmp_path, "T01")
    theirs = second_store_till(hq, tmp_path)
    _, code = hq_code(hq, ours.terminal.store_id)
    assert CouponReader(ours.engine, ours.terminal).read(code).payload.value == 1000
    assert refusal(theirs, code) == "coupon_wrong_store"
