"""`campaign_docs`: the campaigns a store's tills held at an instant, which HQ re-prices a
pushed sale with (SQLite and PostgreSQL: timestamps come back naive or aware)."""

from __future__ import annotations

import json

from sqlalchemy import select

from hq import models as m
from hq.promotions import service
from pos_app.domain.promotions import rules_from_data
from sync.contract.streams_promotions import rules_document
from tests.hq.promotions.helpers import BOGO
from tests.hq.server import HQServer

PCT = {"id": "pct", "kind": "order_percent_off", "percent": 5, "priority": 60}


def test_the_campaigns_in_force_at_an_instant_per_store(hq_server: HQServer):
    engine = hq_server.engine
    hq_server.ensure_terminal("S01", "T01")
    hq_server.ensure_terminal("S02", "T01")
    store = m.Store.__table__
    with engine.connect() as conn:
        s01, s02 = (conn.execute(select(store.c.id).where(store.c.code == c)).scalar_one()
                    for c in ("S01", "S02"))
    before = m.utcnow()
    service.create_campaign(engine, service.NewCampaign("全场", id="c-all"))
    service.add_rule(engine, "c-all", BOGO)
    service.create_campaign(engine, service.NewCampaign("二店", id="c-s02",
                                                        store_codes=("S02",)))
    service.add_rule(engine, "c-s02", {**PCT, "priority": 61})
    one_rule = m.utcnow()
    service.add_rule(engine, "c-all", PCT)
    both = m.utcnow()
    service.end_campaign(engine, "c-all")
    with engine.connect() as conn:
        def ids(store_id: str, at) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
            return [(d["id"], [r["id"] for r in d["rules"]])
                    for d in service.campaign_docs(conn, store_id, at)]

        assert ids(s01, before) == []
        assert ids(s01, one_rule) == [("c-all", ["bogo"])]
        assert ids(s01, both) == [("c-all", ["bogo", "pct"])]
        assert ids(s02, both) == [("c-all", ["bogo", "pct"]), ("c-s02", ["pct"])]
        assert ids(s01, None) == []  # ended
        docs = service.campaign_docs(conn, s02, both)
    rules = rules_from_data(json.loads(json.dumps(rules_document(docs))))
    assert [r.ref.rule_id for r in rules] == ["c-all/bogo", "c-all/pct", "c-s02/pct"]
