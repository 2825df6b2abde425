"""HQ re-prices every pushed sale with the campaigns in force at its time (issue 16: the
terminal and HQ price the same sale identically): a real HQ over HTTP on 127.0.0.1, a real
paired till pricing with the campaigns it pulled. An honest sale is booked as sent and not
flagged; a sale claiming a campaign discount the rules do not give is booked as sent and
flagged `promo_mismatch` for a person, never rewritten. HQ keeps every line adjustment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from hq import admin
from local_db.promotions import rules_document
from local_db.uow import read_session
from pos_app.domain.cart import Cart
from pos_app.domain.pricing import PricingContext, Rule
from pos_app.domain.promotions import context_at, rules_from_data
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.pricing.in_force import PricingRules
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till
from tests.sync.test_members_via_hq import sync
from tests.sync.test_promotions_via_hq import promo

ZONE = "Asia/Shanghai"
COLA = "6901234567892"
BOGO = {"id": "bogo", "kind": "buy_x_get_y", "priority": 10,
        "products": {"skus": ["SKU-COLA"]}, "buy": 1, "get": 1}


@dataclass
class HeldCampaigns(PricingRules):
    """The till pricing with the campaigns it holds, at the store's wall clock."""

    engine: Engine | None = None
    store_id: str | None = None

    def rules(self) -> tuple[Rule, ...]:
        with read_session(self.engine) as session:
            doc = rules_document(session, self.store_id)
        return (*super().rules(), *rules_from_data(doc))

    def context(self) -> PricingContext:
        return context_at(datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None), self.store_id)


def campaign_till(hq: HQServer, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> PairedTill:
    monkeypatch.setenv("SHOPFLOOR_HQ_TIMEZONE", ZONE)
    till = paired_till(hq, tmp, "T01")
    promo(hq, "create-campaign", "可乐买一送一", "--id", "c-cola")
    promo(hq, "add-rule", "c-cola", json.dumps(BOGO))
    sync(till)
    till.checkout.pricing = HeldCampaigns(engine=till.engine, store_id=till.terminal.store_id)
    return till


def sell(till: PairedTill, *codes: str) -> str:
    cart = Cart()
    for code in codes:
        till.scanner.ring(cart, code)
    total = till.checkout.pricing.price(cart).total
    return till.checkout.complete_sale(cart, [Tender(TenderKind.CASH, total)], till.cashier,
                                       till.shift).sale_id


def answer(hq: HQServer, sale_id: str) -> tuple[str, str]:
    with hq.engine.connect() as conn:
        return tuple(conn.execute(text(  # type: ignore[return-value]
            "SELECT e.status, e.reason FROM event e JOIN sale s ON s.event_id = e.event_id "
            "WHERE s.id = :s"), {"s": sale_id}).one())


def tamper(till: PairedTill, sale_id: str, change) -> None:  # type: ignore[no-untyped-def]
    with till.engine.begin() as conn:
        raw = conn.execute(text("SELECT payload FROM outbox_event WHERE entity_id=:s AND "
                                "type='sale.completed'"), {"s": sale_id}).scalar_one()
        p = json.loads(raw)
        change(p)
        conn.execute(text("UPDATE outbox_event SET payload=:p WHERE entity_id=:s AND "
                          "type='sale.completed'"), {"p": json.dumps(p), "s": sale_id})


def test_an_honest_campaign_sale_is_not_flagged_and_its_adjustments_are_kept(
        hq: HQServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    till = campaign_till(hq, tmp_path, monkeypatch)
    sale_id = sell(till, COLA, COLA, COLA)  # three colas: one free
    sync(till)
    assert answer(hq, sale_id) == ("accepted", "")
    with hq.engine.connect() as conn:
        kept = conn.execute(text(
            "SELECT kind, rule_id, campaign_id, amount, scope FROM sale_line_adjustment "
            "WHERE sale_id = :s"), {"s": sale_id}).all()
        assert [tuple(r) for r in kept] == [("promo.buy_x_get_y", "c-cola/bogo", "c-cola",
                                             350, "line")]
        assert conn.execute(text("SELECT total FROM sale WHERE id=:s"),
                            {"s": sale_id}).scalar_one() == 700
    assert not [e for e in admin.list_exceptions(hq.engine) if e["kind"] == "flagged"]


def test_a_campaign_discount_the_rules_do_not_give_is_flagged_not_rewritten(
        hq: HQServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    till = campaign_till(hq, tmp_path, monkeypatch)
    sale_id = sell(till, COLA, COLA, COLA)

    def second_free(p: dict) -> None:  # a second "free" cola: 700 fen off instead of 350
        (line,) = p["lines"]
        line["adjustments"][0]["amount"] = 700
        line.update(line_discount=700, net=350, tax=40)
        p.update(discount_total=700, total=350, tax_total=40, paid=350, change=0)
        p["tenders"][0]["amount"] = 350

    tamper(till, sale_id, second_free)
    sync(till)
    status, reason = answer(hq, sale_id)
    assert status == "conflict" and reason.startswith("promo_mismatch:")
    assert "till net 350 fen with 700 fen off by campaigns" in reason
    assert "HQ's rules give net 700 fen with 350 fen off" in reason
    with hq.engine.connect() as conn:  # booked as the till sent it, for a person to judge
        assert conn.execute(text("SELECT total FROM sale WHERE id=:s"),
                            {"s": sale_id}).scalar_one() == 350
    (flag,) = [e for e in admin.list_exceptions(hq.engine) if e["kind"] == "flagged"]
    assert flag["detail"] == reason


def test_a_campaign_no_store_ever_had_is_flagged(hq: HQServer, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SHOPFLOOR_HQ_TIMEZONE", ZONE)
    till = paired_till(hq, tmp_path, "T01")
    sale_id = sell(till, COLA, COLA)

    def invented(p: dict) -> None:
        (line,) = p["lines"]
        line["adjustments"] = [{"kind": "promo.percent_off", "rule_id": "c-fake/half",
                                "name": "半价", "reason": "", "amount": 350, "scope": "line"}]
        line.update(line_discount=350, net=350, tax=40)
        p.update(discount_total=350, total=350, tax_total=40, paid=350, change=0)
        p["tenders"][0]["amount"] = 350

    tamper(till, sale_id, invented)
    sync(till)
    status, reason = answer(hq, sale_id)
    assert status == "conflict" and reason.startswith("promo_mismatch:")
