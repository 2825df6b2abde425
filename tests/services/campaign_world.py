"""A store whose till holds HQ campaigns: milk powder on the 12.12 BOGO, written into the
till's `promotion_campaign` table the way a pull writes it (sync.apply_promotions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from local_db.uow import write_session
from pos_app.services.till import Till
from sync.apply_promotions import apply_promotions
from sync.contract.envelope import Change
from tests.builders import add_products
from tests.services.unit_world import till_for

MILK = "6900000000014"  # 飞鹤奶粉 900g, ¥268.00, category milk
SOCKS = "6900000000021"  # 棉袜, ¥35.00, tagged socks
DEC_12 = datetime(2026, 12, 12, 10, 30)
DEC_13 = datetime(2026, 12, 13, 0, 0)

BOGO = {"id": "c-1212-milk", "name": "12.12 奶粉买一送一", "starts_at": "2026-12-12T00:00:00",
        "ends_at": "2026-12-13T00:00:00",
        "rules": [{"id": "bogo", "kind": "buy_x_get_y", "priority": 10,
                   "products": {"categories": ["milk"]}, "buy": 1, "get": 1}]}
SOCKS_BUNDLE = {"id": "c-socks", "name": "袜子3双90元",
                "rules": [{"id": "three", "kind": "bundle_price", "priority": 20,
                           "products": {"tags": ["socks"]}, "size": 3, "price_fen": 9000}]}


def add_campaign_products(world) -> None:
    add_products(world.engine, [("MILK-900", "飞鹤奶粉 900g", "Feihe milk powder 900g",
                                 26800, MILK),
                                ("SOCK-1", "棉袜", "Cotton socks", 3500, SOCKS)])
    with world.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE product SET category='milk', cost=15000 "
                             "WHERE sku='MILK-900'")
        conn.exec_driver_sql("""UPDATE product SET tags='["socks","cotton"]' """
                             "WHERE sku='SOCK-1'")


def pull(world, *campaigns: dict[str, Any], status: str = "active") -> None:
    """Campaigns as a page of the promotions stream brings them (upserts)."""
    changes = [Change(key=c["id"], op="upsert", data={**c, "status": status})
               for c in campaigns]
    with write_session(world.engine) as session:
        apply_promotions(session, changes)


def campaign_till(world, now: datetime = DEC_12) -> Till:
    """A till at store-local `now` (its wall clock), pricing with what the table holds."""
    till = till_for(world)
    till._s.pricing.clock = lambda: now
    return till
