"""The reconciliation and conflicts over the CLI, the admin API (JSON, CSV) and a till's
route, on SQLite and PostgreSQL: a gift campaign defined and issued by the CLI (one member,
a tag segment), a guide hands out two gifts (one online, one offline) with their units, a
second till redeems one again offline (a conflict), and a gift is redeemed naming a unit HQ
never received (a mismatch)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import timedelta
from typing import Any

import pytest

from hq.admin_auth import ENV
from hq.cli import main
from tests.hq.builders import event, push
from tests.hq.coupons.test_offline_conflicts import redeemed
from tests.hq.coupons.test_redeem_online import post, redeem_body
from tests.hq.coupons.world import NOW, campaign_with_key, member
from tests.hq.server import Device, HQServer

TOKEN = "admin-token-for-coupon-reconciliation-01234"


def cli(hq: HQServer, capsys: Any, *argv: str) -> str:
    assert main(["coupons", *argv, "--database-url", hq.database_url]) == 0
    return capsys.readouterr().out.strip()


def received(device: Device, *serials: str) -> dict[str, Any]:
    units = [{"id": f"u-{s}", "unit_key": f"SFU:GIFT-MUG:{s}", "product_id": "p-mug",
              "sku": "GIFT-MUG", "serial": s, "state": "in_stock"} for s in serials]
    return event("units.received", "batch-1", {"store_id": device.store_id, "units": units})


def gift(device: Device, coupon_id: str, unit: str, guide: str, key: str, online: bool
         ) -> dict[str, Any]:
    ev = redeemed(device, coupon_id, "", guide, online=online, key=key,
                  unit_code=unit, product_id="p-mug")
    del ev["payload"]["sale_id"], ev["payload"]["receipt_no"]
    ev["payload"]["gift_redemption_id"] = f"gift-{key}"
    return ev


def test_reconcile_conflicts_csv_and_the_tills_view(hq_server: HQServer, capsys,
                                                    monkeypatch: pytest.MonkeyPatch):
    a = hq_server.register("S01", "T01")
    b = hq_server.register("S01", "T02")
    campaign_with_key(hq_server, monkeypatch)
    one = member(hq_server, a, "13500000001")
    member(hq_server, a, "13500000002")
    defn = cli(hq_server, capsys, "define", "c-gift", "gift", "到店礼", "--gift-sku", "GIFT-MUG",
               "--from", (NOW - timedelta(days=1)).isoformat(),
               "--until", (NOW + timedelta(days=30)).isoformat(),
               "--store", "S01", "--offline", "allow")
    first = cli(hq_server, capsys, "issue", defn, "13500000001").split()
    assert first[1] == "coupon" and first[-1].startswith("SFC1.")
    with hq_server.engine.begin() as conn:  # tag the second member for the segment
        conn.exec_driver_sql("UPDATE member SET tags = '[\"VIP\"]' WHERE phone = '13500000002'")
    assert cli(hq_server, capsys, "issue-segment", defn, "--tag", "VIP") == "issued 1"
    assert cli(hq_server, capsys, "issue-segment", defn, "--tag", "VIP") == \
        "issued 0; claim_limit: 1"
    coupons = {c["member"]: c for c in _coupons(hq_server)}
    c1, c2 = coupons[one]["id"], next(c["id"] for m_, c in coupons.items() if m_ != one)
    push(hq_server, a, received(a, "S1", "S2"))
    held = post(hq_server, a, "/v1/coupons/redeem", redeem_body(
        "red-1", first[-1], "", gift_redemption_id="gift-red-1", sale_id=None,
        unit_code="SFU:GIFT-MUG:S1", guide_id="guide-1"))
    assert held["outcome"] == "redeemed"
    results = push(hq_server, a, gift(a, c1, "SFU:GIFT-MUG:S1", "guide-1", "red-1", True),
                   gift(a, c2, "SFU:GIFT-MUG:S2", "guide-1", "red-2", False))
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    again = push(hq_server, b, gift(b, c2, "SFU:GIFT-MUG:S9", "guide-2", "red-3", False))
    assert again[0]["status"] == "conflict"  # S9 never received: HQ names the coupon first

    rep = json.loads(cli(hq_server, capsys, "reconcile", "--json"))
    rows = {(r["campaign_id"], r["guide_id"]): r for r in rep["rows"]}
    g1 = rows["c-gift", "guide-1"]
    assert (g1["redeemed_online"], g1["redeemed_offline"], g1["gifts_handed_out"],
            g1["gift_coupons_redeemed"], g1["units_gifted"], g1["unit_codes"], g1["balanced"]
            ) == (1, 1, 2, 2, 2, ["SFU:GIFT-MUG:S1", "SFU:GIFT-MUG:S2"], True)
    assert (rows["c-gift", None]["issued"], rows["c-gift", "guide-2"]["conflicts"]) == (2, 1)
    assert [x["kind"] for x in rep["mismatches"]] == ["conflict"] and not rep["balanced"]
    listed = cli(hq_server, capsys, "conflicts")
    assert "first S01 gift gift-red-2 guide guide-1 unit SFU:GIFT-MUG:S2" in listed
    assert "again S01 gift gift-red-3 guide guide-2 unit SFU:GIFT-MUG:S9" in listed

    monkeypatch.setenv(ENV, hashlib.sha256(TOKEN.encode()).hexdigest())
    with hq_server.client() as http:
        got = http.get("/v1/admin/coupons/reconciliation", params={"format": "csv"},
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(got.text)))
    assert table[0][:3] == ["campaign", "name", "guide"]
    assert next(r for r in table if r[2:3] == ["guide-1"])[:3] == ["c-gift", "会员礼", "guide-1"]
    with hq_server.client(a) as http:
        mine = http.get("/v1/coupons/reconciliation").json()
    assert mine["store_id"] == a.store_id and len(mine["rows"]) == len(rep["rows"])
    other = hq_server.register("S02", "T01")
    with hq_server.client(other) as http:
        theirs = http.get("/v1/coupons/reconciliation").json()
    assert theirs["rows"] == [] and theirs["balanced"]  # S01's coupons are not S02's


def _coupons(hq: HQServer) -> list[dict[str, Any]]:
    with hq.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, member_id FROM coupon").all()
    return [{"id": r[0], "member": r[1]} for r in rows]
