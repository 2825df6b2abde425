"""HQ's coupon signing keys, over its CLI and its change feed (issue 17): keys rotate, the
newest active one signs, a retired one is published as retired and its private key wiped,
the private key is never in clear in the database, and without the secret nothing is made."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from hq import models as m
from hq.cli import main
from hq.coupons import keys
from pos_app.domain.coupons import CouponPayload, public_key_of, sign, verify
from pos_app.errors import PosError
from tests.hq.server import HQServer

SECRET = "test-only coupon secret, 32+ characters long"
NOW = datetime.now(UTC)


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out.strip(), out.err.strip()


def a_code(key_id: int, private: bytes) -> str:
    return sign(CouponPayload.make(
        key_id=key_id, coupon_id="0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", campaign_id="c1",
        member_id=None, kind="amount_off", value=500, valid_from=NOW - timedelta(days=1),
        valid_until=NOW + timedelta(days=30)), private)


def pulled_keys(hq: HQServer) -> dict[int, dict]:
    device = hq.register(terminal_code=f"T{len(hq._devices) + 1:02d}")
    with hq.client(device) as http:
        page = http.get("/v1/changes", params={"stream": "coupon_keys"}).json()
    return {c["data"]["key_id"]: c["data"] for c in page["changes"]}


def test_keys_rotate_through_the_cli_and_the_stream(hq_server: HQServer, capsys, monkeypatch):
    url = ["--database-url", hq_server.database_url]
    monkeypatch.setenv(keys.SECRET_ENV, SECRET)
    assert run(capsys, "coupons", "keys", "list", *url)[1].startswith("no coupon keys")
    assert run(capsys, "coupons", "keys", "new", *url)[:2] == (
        0, "coupon key 1 made; it signs new coupons from now on")
    assert run(capsys, "coupons", "keys", "new", *url)[0] == 0
    with hq_server.engine.connect() as conn:
        key_id, private = keys.signing_key(conn)
        stored = conn.execute(select(keys.KEYS.c.private_enc)).scalars().all()
    assert key_id == 2  # the newest active key signs
    assert all(private.hex() not in blob and len(blob) > 40 for blob in stored)
    feed = pulled_keys(hq_server)
    assert sorted(feed) == [1, 2] and {d["status"] for d in feed.values()} == {"active"}
    public = {k: bytes.fromhex(d["public_key"]) for k, d in feed.items()}
    assert public[2] == public_key_of(private)
    assert verify(a_code(2, private), public, NOW).value == 500

    assert run(capsys, "coupons", "keys", "retire", "2", *url)[0] == 0
    feed = pulled_keys(hq_server)
    assert feed[2]["status"] == "retired" and feed[2]["retired_at"]
    with pytest.raises(PosError) as refused:
        honoured = {k: bytes.fromhex(d["public_key"]) for k, d in feed.items()
                    if d["status"] == "active"}
        verify(a_code(2, private), honoured, NOW, retired={2})
    assert refused.value.code == "coupon_key_retired"
    with hq_server.engine.connect() as conn:
        assert keys.signing_key(conn)[0] == 1  # the older key signs again
        wiped = conn.execute(select(m.CouponSigningKey.__table__.c.private_enc)
                             .where(keys.KEYS.c.key_id == 2)).scalar_one()
    assert wiped == ""
    listed = json.loads(run(capsys, "coupons", "keys", "list", "--json", *url)[1])
    assert [(k["key_id"], k["status"]) for k in listed] == [(1, "active"), (2, "retired")]
    assert run(capsys, "coupons", "keys", "retire", "9", *url)[:3:2] == (
        2, "error: there is no coupon key 9")


def test_no_secret_no_key_and_a_wrong_secret_cannot_sign(hq_server: HQServer, capsys,
                                                         monkeypatch):
    url = ["--database-url", hq_server.database_url]
    monkeypatch.delenv(keys.SECRET_ENV, raising=False)
    code, _, err = run(capsys, "coupons", "keys", "new", *url)
    assert code == 2 and keys.SECRET_ENV in err
    assert keys.list_keys(hq_server.engine) == []
    monkeypatch.setenv(keys.SECRET_ENV, "too short")
    assert run(capsys, "coupons", "keys", "new", *url)[0] == 2
    monkeypatch.setenv(keys.SECRET_ENV, SECRET)
    assert run(capsys, "coupons", "keys", "new", *url)[0] == 0
    monkeypatch.setenv(keys.SECRET_ENV, SECRET + " but another one")
    with hq_server.engine.connect() as conn, pytest.raises(keys.AdminError, match="secret"):
        keys.signing_key(conn)
