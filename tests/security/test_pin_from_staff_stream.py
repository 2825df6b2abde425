"""Every staff PIN hash went to every till, so a 4-digit manager PIN came out of the staff
stream in 24 s (issue 13).

Hardened: the stream carries the scrypt digest keyed (HMAC-SHA256) with the store's pepper,
which only that store's paired tills hold, beside — not in — their database. Without the
pepper even the right PIN does not verify, so there is nothing to brute-force; a copied
database holds the same keyed hashes and no pepper."""

from __future__ import annotations

import sqlite3

from hq import admin
from pos_app.domain.pins import verify_pin
from sync.link import staff_pepper
from tests.security.world import raw, store_till


def test_the_staff_stream_and_the_tills_database_hold_no_crackable_pin(hq, tmp_path):
    hq.ensure_terminal("S01", "T01")
    admin.create_staff(hq.engine, "S01", "9001", "店长", "manager", "4321")
    till = store_till(hq, tmp_path, "S01")
    with raw(hq, till) as client:
        rows = client.get("/v1/changes", params={"stream": "staff"}).json()["changes"]
    manager = next(r["data"] for r in rows if r["data"]["code"] == "9001")
    assert manager["pin_hash"].startswith("pepper$")
    assert not verify_pin("4321", manager["pin_hash"])  # the right PIN, but no pepper
    assert not verify_pin("4321", manager["pin_hash"], b"\x00" * 32)  # a guessed pepper
    pepper = staff_pepper(till.engine)
    assert pepper is not None and verify_pin("4321", manager["pin_hash"], pepper)
    with sqlite3.connect(till.path) as conn:
        stored = dict(conn.execute("SELECT code, pin_hash FROM staff").fetchall())
    assert stored["9001"].startswith("pepper$") and not verify_pin("4321", stored["9001"])
    assert pepper.hex().encode() not in till.path.read_bytes()


def test_another_stores_pepper_does_not_open_this_stores_hashes(hq, tmp_path):
    mine = store_till(hq, tmp_path, "S01")
    theirs = store_till(hq, tmp_path, "S02")
    with raw(hq, mine) as client:
        rows = client.get("/v1/changes", params={"stream": "staff"}).json()["changes"]
    cashier = next(r["data"] for r in rows if r["data"]["code"] == "1001")
    assert verify_pin("1111", cashier["pin_hash"], staff_pepper(mine.engine))
    assert not verify_pin("1111", cashier["pin_hash"], staff_pepper(theirs.engine))
