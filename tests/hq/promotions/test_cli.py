"""`shopfloor-hq promotions …` against a real HQ database: campaigns and rules are written
only when the domain's own parser accepts them (refusals carry its code, nothing written),
every change is published on the `promotions` stream to the stores it is for, and `try`
prints exactly the engine's canonical output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from hq import admin
from hq import models as m
from hq.db import open_database
from pos_app.domain.pricing import CART_RULES
from pos_app.domain.promotions import parse_cart, parse_rules, price_promotions, priced_json
from tests.hq.promotions.helpers import BOGO, doc_json, rule, run


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    url = f"sqlite:///{tmp_path / 'hq.db'}"
    engine = open_database(url)
    admin.create_store(engine, "S01", "一店")
    admin.create_store(engine, "S02", "二店")
    engine.dispose()
    return ["--database-url", url]


def feed(db: list[str]) -> list[tuple[str, str, str | None, dict | None]]:
    """(key, op, store code or None, data) of the promotions stream, in cursor order."""
    engine = open_database(db[1])
    cl, store = m.ChangeLog.__table__, m.Store.__table__
    with engine.connect() as conn:
        codes = dict(conn.execute(select(store.c.id, store.c.code)).all())
        rows = conn.execute(select(cl.c.key, cl.c.op, cl.c.store_id, cl.c.data)
                            .where(cl.c.stream == "promotions").order_by(cl.c.cursor)).all()
    engine.dispose()
    return [(r.key, r.op, codes.get(r.store_id), r.data and json.loads(r.data)) for r in rows]


def test_create_add_list_end_publish_to_the_campaigns_stores(db, capsys):
    code, out, _ = run(capsys, "promotions", "create-campaign", "12.12 奶粉买一送一",
                       "--id", "c-1212", "--starts", "2026-12-12", "--ends", "2026-12-13",
                       "--store", "S01", "--holdout-permille", "50", *db)
    assert (code, out) == (0, "c-1212")
    assert run(capsys, "promotions", "add-rule", "c-1212", rule(**BOGO), *db)[:2] == (
        0, "added rule bogo")
    code, out, _ = run(capsys, "promotions", "list", *db)
    assert code == 0
    assert out.splitlines() == [
        "c-1212  active  12.12 奶粉买一送一  2026-12-12T00:00:00 → 2026-12-13T00:00:00  S01"
        "  everyone  holdout 50‰",
        "    bogo  buy_x_get_y  priority 10"]
    assert run(capsys, "promotions", "end", "c-1212", *db)[:2] == (0, "ended")
    rows = feed(db)
    assert [(k, op, store) for k, op, store, _ in rows] == [("c-1212", "upsert", "S01")] * 3
    assert [data["status"] for *_, data in rows] == ["active", "active", "ended"]
    assert [len(data["rules"]) for *_, data in rows] == [0, 1, 1]
    last = rows[-1][3]
    assert last["rules"] == [BOGO] and last["holdout_permille"] == 50
    assert last["starts_at"] == "2026-12-12T00:00:00" and last["ended_at"]
    code, _, err = run(capsys, "promotions", "add-rule", "c-1212",
                       rule(**{**BOGO, "id": "b2"}), *db)
    assert code == 2 and "has ended" in err
    listed = json.loads(run(capsys, "promotions", "list", "--json", *db)[1])
    assert [c["status"] for c in listed] == ["ended"]


def test_every_store_then_some_stores_then_every_store_again(db, capsys):
    assert run(capsys, "promotions", "create-campaign", "冬季满减", "--id", "c-w", *db)[0] == 0
    assert run(capsys, "promotions", "edit-campaign", "c-w", "--store", "S02", *db)[:2] == (
        0, "edited")
    assert run(capsys, "promotions", "edit-campaign", "c-w", "--all-stores", "--name", "冬",
               *db)[0] == 0
    # each store's last change is the truth for it: S01 loses it, S02 keeps it, then all
    assert [(op, store) for _, op, store, _ in feed(db)] == [
        ("upsert", None), ("delete", None), ("upsert", "S02"), ("delete", "S02"),
        ("upsert", None)]
    assert feed(db)[-1][3]["name"] == "冬"
    # an edit is judged like a new campaign, with its rules: refused whole, nothing published
    assert run(capsys, "promotions", "add-rule", "c-w", rule(**BOGO), *db)[0] == 0
    before = feed(db)
    status, _, err = run(capsys, "promotions", "edit-campaign", "c-w", "--starts",
                         "2026-12-13", "--ends", "2026-12-12", *db)
    assert status == 2 and err.endswith("[promo_dates_unordered]"), err
    assert run(capsys, "promotions", "edit-campaign", "c-w", "--tier", "x", *db)[2].endswith(
        "[promo_field_invalid]")
    assert run(capsys, "promotions", "edit-campaign", "c-w", "--name", "x" * 201, *db)[2] \
        .endswith("[promo_field_invalid]")
    assert feed(db) == before
    listed = json.loads(run(capsys, "promotions", "list", "--json", *db)[1])[0]
    assert (listed["name"], listed["starts_at"], listed["ends_at"]) == ("冬", None, None)
    assert run(capsys, "promotions", "edit-campaign", "c-w", "--members-only", "--tier", "gold",
               *db)[0] == 0
    assert (feed(db)[-1][3]["members_only"], feed(db)[-1][3]["member_tiers"]) == (True, ["gold"])
    assert run(capsys, "promotions", "edit-campaign", "c-w", "--everyone", "--all-tiers",
               *db)[0] == 0
    assert (feed(db)[-1][3]["members_only"], feed(db)[-1][3]["member_tiers"]) == (False, [])


@pytest.mark.parametrize(("body", "code"), [
    ({"id": "r", "kind": "percent_off", "products": {}, "percent": 10}, "promo_products_empty"),
    ({"id": "r", "kind": "percent_off", "products": {"skus": ["A"]}, "percent": 100},
     "promo_percent_invalid"),
    ({"id": "r", "kind": "spend_threshold", "tiers": [{"spend_fen": 50000, "off_fen": 6000},
                                                      {"spend_fen": 30000, "off_fen": 3000}]},
     "promo_tiers_not_increasing"),
    ({"id": "r", "kind": "percent_off", "products": {"skus": ["A"]}, "percent": 10,
      "starts_at": "2026-12-13", "ends_at": "2026-12-12"}, "promo_dates_unordered"),
    ({"id": "r", "kind": "teleport"}, "promo_kind_unknown"),
    ({"id": "r", "kind": "order_percent_off", "percent": 5, "priority": 900},
     "promo_priority_invalid"),
    ({"id": "bogo", "kind": "order_percent_off", "percent": 5}, "promo_rule_duplicate"),
    ({"kind": "order_percent_off", "percent": 5}, "promo_field_invalid"),
])
def test_invalid_rules_are_refused_with_the_domains_code_and_nothing_written(
        db, capsys, body, code):
    assert run(capsys, "promotions", "create-campaign", "C", "--id", "c1", *db)[0] == 0
    assert run(capsys, "promotions", "add-rule", "c1", rule(**BOGO), *db)[0] == 0
    before = feed(db)
    status, _, err = run(capsys, "promotions", "add-rule", "c1", rule(**body), *db)
    assert status == 2 and err.endswith(f"[{code}]"), err
    assert feed(db) == before
    assert json.loads(run(capsys, "promotions", "list", "--json", *db)[1])[0]["rules"] == [BOGO]


def test_refusals_of_campaigns_and_lanes_across_campaigns(db, capsys, tmp_path):
    status, _, err = run(capsys, "promotions", "create-campaign", "C", "--id", "c9", "--starts",
                         "2026-12-13", "--ends", "2026-12-12", *db)
    assert status == 2 and "c9" in err and err.endswith("[promo_dates_unordered]")
    assert run(capsys, "promotions", "create-campaign", "C", "--tier", "platinum", *db)[2] \
        .endswith("[promo_field_invalid]")
    assert run(capsys, "promotions", "create-campaign", "C", "--id", "a/b", *db)[0] == 2
    assert "unknown store" in run(capsys, "promotions", "create-campaign", "C", "--store",
                                  "S99", *db)[2]
    assert "1000" in run(capsys, "promotions", "create-campaign", "C", "--holdout-permille",
                         "1001", *db)[2]
    assert feed(db) == []
    # a group's lane is its own across campaigns: the tills parse them all at once
    assert run(capsys, "promotions", "create-campaign", "A", "--id", "ca", *db)[0] == 0
    assert run(capsys, "promotions", "create-campaign", "B", "--id", "cb", *db)[0] == 0
    grouped = {"kind": "order_percent_off", "percent": 5, "priority": 40, "group": "g"}
    assert run(capsys, "promotions", "add-rule", "ca", rule(id="x", **grouped), *db)[0] == 0
    status, _, err = run(capsys, "promotions", "add-rule", "cb",
                         rule(id="y", kind="order_amount_off", amount_fen=100, priority=40),
                         *db)
    assert status == 2 and err.endswith("[promo_lane_shared]")
    path = tmp_path / "rule.json"
    path.write_text("{not json", encoding="utf-8")
    assert run(capsys, "promotions", "add-rule", "cb", "--file", str(path), *db)[2].endswith(
        "[promo_rules_unreadable]")
    path.write_text(rule(id="y", kind="order_amount_off", amount_fen=100, priority=41),
                    encoding="utf-8")
    assert run(capsys, "promotions", "add-rule", "cb", "--file", str(path), *db)[:2] == (
        0, "added rule y")
    assert run(capsys, "promotions", "end", "nope", *db)[2] == "error: unknown campaign 'nope'"


def test_try_prints_the_engines_canonical_output(tmp_path, capsys):
    rules_path, cart_path = tmp_path / "rules.json", tmp_path / "cart.json"
    rules_path.write_text(doc_json("rules"), encoding="utf-8")
    cart_path.write_text(doc_json("cart"), encoding="utf-8")
    code, out, _ = run(capsys, "promotions", "try", "--rules", str(rules_path),
                       "--cart", str(cart_path), "--json")
    rules = parse_rules(doc_json("rules"))
    cart, context = parse_cart(doc_json("cart"))
    assert code == 0
    assert out == priced_json(price_promotions(cart, [*CART_RULES, *rules], context), rules)
    assert json.loads(out)["campaigns"][0] == {"campaign_id": "c-1212-milk",
                                               "name": "12.12 奶粉买一送一", "saving": 26800}
    code, text, _ = run(capsys, "promotions", "try", "--rules", str(rules_path),
                        "--cart", str(cart_path))
    assert code == 0 and "campaign c-1212-milk 12.12 奶粉买一送一: saves 268.00" in text
    cart_path.write_text("[", encoding="utf-8")
    code, _, err = run(capsys, "promotions", "try", "--rules", str(rules_path),
                       "--cart", str(cart_path), "--json")
    assert code == 2 and err.endswith("[promo_cart_unreadable]")
