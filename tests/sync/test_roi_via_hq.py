"""The campaign ROI report over a real HQ (issue 16 item 6): a paired till ran a BOGO with
a 500 ‰ holdout; the CLI (table, JSON, CSV in yuan with formula-looking names neutralised),
the admin API (JSON and CSV) and the till's own-store route give the same figures."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from hq.admin_auth import ENV
from hq.cli import main
from tests.hq.server import HQServer
from tests.sync.roi_world import COLA_COST, campaign_store, expected_holdout

TOKEN = "admin-token-for-roi-tests-0123456789"


def but_end(row: dict) -> dict:
    """A row without its window's end: an active campaign is measured up to now."""
    return {k: v for k, v in row.items() if k != "end"}


def cli(hq: HQServer, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(["promotions", "roi", *argv, "--database-url", hq.database_url]) == 0
    return capsys.readouterr().out


def test_the_roi_report_by_cli_api_and_csv(hq: HQServer, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, capsys):
    store = campaign_store(hq, tmp_path, monkeypatch)
    (row,) = json.loads(cli(hq, capsys, "c-cola", "--json"))
    assert {k: row[k] for k in ("orders", "units", "discount", "revenue", "gift_units",
                                "gift_cost", "cost", "margin", "members_reached",
                                "new_members", "uncosted_units")} == {
        "orders": 2, "units": 4,  # the walk-in's and the treated member's pairs
        "discount": 350 + 350, "revenue": 350 + 350,
        "gift_units": 2, "gift_cost": 2 * COLA_COST,
        "cost": 4 * COLA_COST, "margin": 700 - 4 * COLA_COST,
        "members_reached": 1, "new_members": 1, "uncosted_units": 0}
    # every cola sold in the window (1400) against nothing before the campaign began
    assert (row["revenue_products"], row["revenue_before"], row["incremental_vs_before"]) == (
        350 + 350 + 700, 0, 1400)
    assert {k: row[k] for k in expected_holdout(store)} == expected_holdout(store)
    assert row["holdout_permille"] == 500 and row["name"] == "+可乐买一送一"

    table = cli(hq, capsys, "c-cola")
    assert "orders 2  units 4  revenue 7.00  discount 7.00" in table
    assert "gifts 2 at cost 4.00  cost 8.00  margin -1.00" in table

    (header, line) = list(csv.reader(io.StringIO(cli(hq, capsys, "--csv", "-"))))
    cells = dict(zip(header, line, strict=True))
    assert cells["name"] == "'+可乐买一送一"  # a spreadsheet shows it as text, not a formula
    assert (cells["discount"], cells["margin"], cells["gift_cost"]) == ("7.00", "-1.00", "4.00")
    out = tmp_path / "roi.csv"
    assert "wrote 1 campaigns" in cli(hq, capsys, "--store", "S01", "--csv", str(out))
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[:2] == [
        "c-cola", "'+可乐买一送一"]

    monkeypatch.setenv(ENV, hashlib.sha256(TOKEN.encode()).hexdigest())
    admin = {"Authorization": f"Bearer {TOKEN}"}
    with hq.client() as http:
        assert http.get("/v1/admin/campaigns/roi").status_code == 401
        body = http.get("/v1/admin/campaigns/roi", headers=admin,
                        params={"campaign": "c-cola"}).json()
        assert [but_end(r) for r in body["campaigns"]] == [but_end(row)]
        as_csv = http.get("/v1/admin/campaigns/roi", headers=admin, params={"format": "csv"})
        assert as_csv.headers["content-type"].startswith("text/csv")
        again = list(csv.reader(io.StringIO(as_csv.text)))[1]
        assert again[:5] + again[6:] == line[:5] + line[6:]  # all but the end
        assert http.get("/v1/admin/campaigns/roi", headers=admin,
                        params={"store": "NOPE"}).status_code == 404
    with store.till.client() as client:  # the till's own store, its device token
        mine = client.campaign_roi()
    assert mine.store_id == store.till.terminal.store_id
    assert [but_end(r.model_dump()) for r in mine.campaigns] == [
        but_end({**row, "stores": [store.till.terminal.store_id]})]
