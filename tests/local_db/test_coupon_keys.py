"""The `coupon_keys` stream on a real terminal database: pulled keys verify coupons, a retired
key stops at once (and says why), a tombstone or a re-pull without it retires it too."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from local_db.coupon_keys import honoured_keys, retired_keys, verification_keys
from local_db.database import open_database
from pos_app.domain.coupons import CouponPayload, generate_keypair, sign, verify
from pos_app.errors import PosError
from sync.apply_coupon_keys import apply_coupon_keys, sweep_coupon_keys
from sync.contract.envelope import Change

NOW = datetime(2027, 3, 15, tzinfo=UTC)


def _row(key_id: int, public: bytes, status: str = "active") -> Change:
    return Change(key=str(key_id), op="upsert", data={
        "key_id": key_id, "public_key": public.hex(), "status": status,
        "updated_at": "2027-03-01T00:00:00Z"})


def _code(key_id: int, private: bytes) -> str:
    return sign(CouponPayload.make(
        key_id=key_id, coupon_id="0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", campaign_id="c1",
        member_id=None, kind="amount_off", value=500, min_spend=3000,
        valid_from=datetime(2027, 3, 1, tzinfo=UTC), valid_until=datetime(2027, 4, 1, tzinfo=UTC),
    ), private)


def test_pulled_keys_verify_and_a_retired_one_stops_at_once(tmp_path: Path):
    engine = open_database(tmp_path / "till.db")
    (sk1, pk1), (sk2, pk2) = generate_keypair(), generate_keypair()
    with Session(engine) as s, s.begin():
        assert honoured_keys(s) == {}
        assert apply_coupon_keys(s, [_row(1, pk1), _row(2, pk2)]) == (2, 0)
    with Session(engine) as s:
        keys = honoured_keys(s)
    assert keys == {1: pk1, 2: pk2}
    assert verify(_code(1, sk1), keys, NOW).value == 500
    assert verify(_code(2, sk2), keys, NOW).value == 500
    with Session(engine) as s, s.begin():
        apply_coupon_keys(s, [_row(1, pk1, "retired")])
    with Session(engine) as s:
        keys, retired = honoured_keys(s), retired_keys(s)
    assert keys == {2: pk2} and retired == {1}
    with Session(engine) as s:
        assert verification_keys(s) == (keys, retired)
    with pytest.raises(PosError) as refused:
        verify(_code(1, sk1), keys, NOW, retired)
    assert refused.value.code == "coupon_key_retired"
    with pytest.raises(PosError) as unknown:
        verify(_code(3, sk1), keys, NOW, retired)
    assert unknown.value.code == "coupon_unknown_key"


def test_a_tombstone_or_a_re_pull_without_a_key_retires_it(tmp_path: Path):
    engine = open_database(tmp_path / "till.db")
    keys = {i: generate_keypair()[1] for i in (1, 2, 3)}
    with Session(engine) as s, s.begin():
        apply_coupon_keys(s, [_row(i, pk) for i, pk in keys.items()])
        apply_coupon_keys(s, [Change(key="1", op="delete")])
        assert sweep_coupon_keys(s, {"3"}) == 1
    with Session(engine) as s:
        assert honoured_keys(s) == {3: keys[3]} and retired_keys(s) == {1, 2}


def test_a_key_row_that_is_not_an_ed25519_key_is_refused(tmp_path: Path):
    engine = open_database(tmp_path / "till.db")
    bad = Change(key="1", op="upsert", data={"key_id": 1, "public_key": "00" * 31})
    with Session(engine) as s, s.begin(), pytest.raises(PosError) as refused:
        apply_coupon_keys(s, [bad])
    assert refused.value.code == "hq_bad_response"
