"""Making sales fast (CheckoutService directly, small carts) and reading the outbox."""

from __future__ import annotations

import random

from sqlalchemy import Engine, text

from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from tests.builders import PRODUCTS, StoreWorld


def sell(world: StoreWorld, count: int, rng: random.Random | None = None) -> list[str]:
    """`count` cash sales of 1–3 lines; returns the sale ids."""
    rng = rng or random.Random(1)
    codes = [row[4] for row in PRODUCTS]
    ids = []
    for _ in range(count):
        cart = Cart()
        for code in rng.sample(codes, rng.randint(1, 3)):
            world.scanner.ring(cart, code, rng.randint(1, 2))
        total = cart.totals().total
        done = world.checkout.complete_sale(
            cart, [Tender(TenderKind.CASH, total)], world.cashier, world.shift
        )
        ids.append(done.sale_id)
    return ids


def outbox_rows(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT id, seq, type, entity_id, status, attempts, last_error, sent_at"
            " FROM outbox_event ORDER BY seq"
        )).mappings().all()
    return [dict(r) for r in rows]
