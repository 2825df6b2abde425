"""HQ's re-pricing and the ROI report on both databases (SQLite and PostgreSQL), over real
HTTP with a registered device pushing sales as a till does: a sale whose BOGO adjustment the
rules give is accepted, one claiming more is flagged `promo_mismatch` (booked as sent), every
adjustment is kept, and the report (admin API, the device's own store) counts both sales
once each with the discount their adjustments carry."""

from __future__ import annotations

import hashlib
from typing import Any

from hq import admin
from hq.admin_auth import ENV
from hq.promotions import service
from pos_app.domain.money import tax_included
from tests.hq.builders import event, push, sale_payload
from tests.hq.server import HQServer

TOKEN = "admin-token-for-roi-api-tests-0123456789"
COLA_BOGO = {"id": "bogo", "kind": "buy_x_get_y", "priority": 10,
             "products": {"skus": ["SKU-COLA"]}, "buy": 1, "get": 1}


def bogo_sale(terminal_id: str, receipt: str, off: int) -> dict[str, Any]:
    """The builders' sale (2 colas, a bag with the cashier's discount) with `off` fen of the
    BOGO on the colas."""
    p = sale_payload(terminal_id, receipt_no=receipt)
    cola = p["lines"][0]
    net = cola["net"] - off
    tax = tax_included(net, 1300)
    cola.update(line_discount=off, net=net, tax=tax, adjustments=[{
        "kind": "promo.buy_x_get_y", "rule_id": "c-bogo/bogo", "name": "可乐买一送一",
        "reason": "buy 1 get 1 free", "amount": off, "scope": "line"}])
    total = p["total"] - off
    p.update(discount_total=p["discount_total"] + off, total=total,
             tax_total=tax + p["lines"][1]["tax"], change=p["paid"] - total)
    return event("sale.completed", p["id"], p)


def test_reprice_and_report_on_both_databases(hq_server: HQServer, monkeypatch):
    hq_server.ensure_terminal("S01", "T01")
    device = hq_server.register()
    service.create_campaign(hq_server.engine, service.NewCampaign("可乐买一送一", id="c-bogo"))
    service.add_rule(hq_server.engine, "c-bogo", COLA_BOGO)
    honest, greedy = bogo_sale(device.terminal_id, "S01-T01-000001", 350), \
        bogo_sale(device.terminal_id, "S01-T01-000002", 700)
    results = push(hq_server, device, honest, greedy)
    assert [r["status"] for r in results] == ["accepted", "conflict"]
    assert results[1]["reason"].startswith("promo_mismatch: sale S01-T01-000002 line 1")
    flagged = [e for e in admin.list_exceptions(hq_server.engine) if e["kind"] == "flagged"]
    assert [e["event_id"] for e in flagged] == [greedy["event_id"]]

    monkeypatch.setenv(ENV, hashlib.sha256(TOKEN.encode()).hexdigest())
    with hq_server.client() as http:
        body = http.get("/v1/admin/campaigns/roi",
                        headers={"Authorization": f"Bearer {TOKEN}"}).json()
    (row,) = body["campaigns"]
    assert (row["campaign_id"], row["orders"], row["units"], row["discount"]) == (
        "c-bogo", 2, 4, 350 + 700)
    assert row["revenue"] == 350 + 0 and row["gift_units"] == 1 + 2
    with hq_server.client(device) as http:
        mine = http.get("/v1/promotions/roi").json()
    assert mine["store_id"] == device.store_id
    assert [(r["campaign_id"], r["discount"]) for r in mine["campaigns"]] == [("c-bogo", 1050)]
