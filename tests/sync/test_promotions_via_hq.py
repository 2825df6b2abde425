"""Campaigns authored at HQ reach paired tills over the `promotions` stream (real HQ over
HTTP on 127.0.0.1, real till databases): a store receives only campaigns for it or for every
store, an ended campaign stops on the next pull, a store taken off a campaign withdraws it,
and the till prices with what it holds. Product cost and tags travel from HQ's import to
the till's product row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from hq import admin, catalog
from hq.admin import AdminError
from hq.changes import prune_change_log
from hq.cli import main
from local_db.promotions import active_campaign_docs, campaign_names, rules_document
from local_db.uow import read_session, write_session
from pos_app.domain.pricing import CART_RULES
from pos_app.domain.promotions import cart_from_data, price_promotions, rules_from_data
from pos_app.errors import PosError
from pos_app.services.changes import ChangeBus
from sync.apply_promotions import apply_promotions, sweep_promotions
from sync.contract.envelope import Change
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till
from tests.sync.test_members_via_hq import sync

BOGO = {"id": "bogo", "kind": "buy_x_get_y", "priority": 10,
        "products": {"skus": ["SKU-COLA"]}, "buy": 1, "get": 1}
TEN_OFF = {"id": "ten", "kind": "order_amount_off", "priority": 50, "amount_fen": 100}


def promo(hq: HQServer, *argv: str) -> None:
    assert main(["promotions", *argv, "--database-url", hq.database_url]) == 0


def second_store_till(hq: HQServer, tmp: Path) -> PairedTill:
    hq.ensure_terminal("S02", "T01")
    staff = ("2001", "王芳", "cashier", "2222")
    admin.create_staff(hq.engine, "S02", *staff)
    return paired_till(hq, tmp, "T01", store_code="S02", cashier=staff)


def held(till: PairedTill) -> list[str]:
    with read_session(till.engine) as session:
        return [d["id"] for d in active_campaign_docs(session, till.terminal.store_id)]


def statuses(till: PairedTill) -> dict[str, str]:
    with till.engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, status FROM promotion_campaign")).all())


def test_campaigns_reach_their_stores_tills_and_stop_when_ended(hq: HQServer, tmp_path: Path):
    one = paired_till(hq, tmp_path, "T01")
    two = second_store_till(hq, tmp_path)
    promo(hq, "create-campaign", "12.12 可乐买一送一", "--id", "c-s01", "--store", "S01")
    promo(hq, "add-rule", "c-s01", json.dumps(BOGO))
    promo(hq, "create-campaign", "满减", "--id", "c-all", "--holdout-permille", "100")
    promo(hq, "add-rule", "c-all", json.dumps(TEN_OFF))
    promo(hq, "create-campaign", "空", "--id", "c-empty")  # no rules yet: held, not priced
    sync(one)
    sync(two)
    assert held(one) == ["c-all", "c-s01"]
    assert held(two) == ["c-all"]  # S02 is not in c-s01's stores
    assert set(statuses(two)) == {"c-all", "c-empty"}
    # the till prices with what it holds, exactly as the engine documents
    with read_session(one.engine) as session:
        doc = rules_document(session, one.terminal.store_id)
        assert doc["campaigns"][0]["holdout_permille"] == 100
    rules = rules_from_data(doc)
    cart, context = cart_from_data({"store_id": one.terminal.store_id, "lines": [
        {"line_id": "L1", "sku": "SKU-COLA", "quantity": 2, "unit_price_fen": 350}]})
    priced = price_promotions(cart, [*CART_RULES, *rules], context)
    assert priced.total == 700 - 350 - 100  # one free cola, then 1.00 off the order
    promo(hq, "end", "c-s01")
    sync(one)
    assert held(one) == ["c-all"]
    assert statuses(one)["c-s01"] == "ended"
    with read_session(one.engine) as session:
        assert campaign_names(session)["c-s01"] == "12.12 可乐买一送一"  # still named
    promo(hq, "edit-campaign", "c-all", "--store", "S02")  # S01 is taken off it
    sync(one)
    sync(two)
    assert held(one) == [] and statuses(one)["c-all"] == "withdrawn"
    assert held(two) == ["c-all"]
    promo(hq, "edit-campaign", "c-all", "--all-stores")
    sync(one)
    assert held(one) == ["c-all"]


def test_a_till_offline_past_the_end_date_stops_applying_it(hq: HQServer, tmp_path: Path):
    till = paired_till(hq, tmp_path, "T01")
    promo(hq, "create-campaign", "12.12", "--id", "c-1212", "--starts", "2026-12-12",
          "--ends", "2026-12-13")
    promo(hq, "add-rule", "c-1212", json.dumps(BOGO))
    sync(till)  # then no pull again: the till is offline
    with read_session(till.engine) as session:
        rules = rules_from_data(rules_document(session, till.terminal.store_id))

    def total_at(moment: str) -> int:
        cart, context = cart_from_data({
            "store_id": till.terminal.store_id, "at": moment, "lines": [
                {"line_id": "L1", "sku": "SKU-COLA", "quantity": 2, "unit_price_fen": 350}]})
        return price_promotions(cart, [*CART_RULES, *rules], context).total

    assert total_at("2026-12-12T23:59:59") == 350
    assert total_at("2026-12-13T00:00:00") == 700  # its end, by the till's own clock
    assert total_at("2026-12-11T23:59:59") == 700


def test_after_hq_pruned_the_tombstone_a_resync_withdraws_the_campaign(
        hq: HQServer, tmp_path: Path):
    one = paired_till(hq, tmp_path, "T01")
    two = second_store_till(hq, tmp_path)
    promo(hq, "create-campaign", "满减", "--id", "c-all")
    promo(hq, "add-rule", "c-all", json.dumps(TEN_OFF))
    sync(one)
    promo(hq, "edit-campaign", "c-all", "--store", "S02")
    promo(hq, "create-campaign", "新", "--id", "c-new")  # the prune keeps the live rows
    promo(hq, "add-rule", "c-new", json.dumps(BOGO))
    with hq.engine.begin() as conn:
        newest = conn.execute(text("SELECT max(cursor) FROM change_log")).scalar_one()
        assert prune_change_log(conn, newest) >= 1
    sync(one)  # cursor behind the horizon: resync from 0, then the sweep
    assert statuses(one) == {"c-all": "withdrawn", "c-new": "active"}
    sync(two)
    assert held(two) == ["c-all", "c-new"]


def test_a_resync_withdraws_what_hq_no_longer_sends_and_a_bad_row_is_refused(
        hq: HQServer, tmp_path: Path):
    till = paired_till(hq, tmp_path, "T01")
    row = {"id": "c1", "name": "C", "rules": [TEN_OFF]}
    heard: list[frozenset[str]] = []
    ChangeBus(till.engine).subscribe(["promotions"], heard.append)
    with write_session(till.engine) as session:
        assert apply_promotions(session, [Change(key="c1", op="upsert", data=row),
                                          Change(key="c2", op="upsert",
                                                 data={**row, "id": "c2"})]) == (2, 0)
    assert heard == [frozenset({"promotions"})]  # a rules cache knows to reload
    with write_session(till.engine) as session:
        assert sweep_promotions(session, {"c1"}) == 1
    assert statuses(till) == {"c1": "active", "c2": "withdrawn"}
    bad = {**row, "id": "c3", "rules": [{**TEN_OFF, "amount_fen": 0}]}
    with pytest.raises(PosError) as refused, write_session(till.engine) as session:
        apply_promotions(session, [Change(key="c4", op="upsert", data={**row, "id": "c4"}),
                                   Change(key="c3", op="upsert", data=bad)])
    assert refused.value.code == "hq_bad_response" and "c3" in str(refused.value)
    assert set(statuses(till)) == {"c1", "c2"}  # nothing of the page applied


def test_cost_and_tags_travel_from_the_hq_import_to_the_tills_product(
        hq: HQServer, tmp_path: Path):
    till = paired_till(hq, tmp_path, "T01")
    path = tmp_path / "cost.csv"
    path.write_text("sku,name_zh,price,cost,tags\n"
                    "SKU-COLA,可口可乐 330ml,3.50,1.20,饮料|碳酸;促销\n"
                    "SKU-NEW,新品,9.90,,\n", encoding="utf-8")
    catalog.import_products(hq.engine, path)
    sync(till)

    def product(sku: str) -> tuple:
        with till.engine.connect() as conn:
            return conn.execute(text("SELECT price, cost, tags FROM product WHERE sku = :s"),
                                {"s": sku}).one()

    assert product("SKU-COLA") == (350, 120, json.dumps(["促销", "碳酸", "饮料"],
                                                        ensure_ascii=False))
    assert product("SKU-NEW") == (990, None, "[]")
    assert product("SKU-TEA")[1:] == (None, "[]")  # imported before cost existed
    path.write_text("sku,name_zh,price\nSKU-COLA,可口可乐 330ml,3.80\n", encoding="utf-8")
    catalog.import_products(hq.engine, path)  # no cost/tags columns: HQ's values stay
    sync(till)
    assert product("SKU-COLA")[:2] == (380, 120)
    path.write_text("sku,name_zh,price,cost\nSKU-COLA,可乐,3.80,-1\nSKU-TEA,茶,5.5,abc\n",
                    encoding="utf-8")
    with pytest.raises(AdminError, match="line 2: bad cost\nline 3: bad cost"):
        catalog.import_products(hq.engine, path)
    with hq.engine.connect() as conn:  # a product without them is sent as before them
        tea = conn.execute(text("SELECT id FROM product WHERE sku = 'SKU-TEA'")).scalar()
        assert not {"cost", "tags"} & set(catalog.product_data(conn, tea))
