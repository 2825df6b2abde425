"""A store whose canvas tote (SKU-BAG) is tracked per unit, with tills over one database."""

from __future__ import annotations

import sqlite3

from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.till import Till, TillServices
from pos_app.services.units import UnitService
from tests import db_reads

BAG_GTIN = "06937654321097"  # catalog barcode 6937654321097, ¥129.00
COLA = "6901234567892"


def unit(serial: str) -> str:
    """The parenthesised GS1 form, as a person would type it from the label."""
    return f"(01){BAG_GTIN}(21){serial}"


def key(serial: str) -> str:
    return f"{BAG_GTIN}:{serial}"


def track_bag(world) -> None:
    conn = sqlite3.connect(world.path)
    conn.execute("UPDATE product SET unit_tracked = 1 WHERE sku = 'SKU-BAG'")
    conn.commit()
    conn.close()


def bags_in_stock(world, *codes: str) -> UnitService:
    """The bag tracked per unit and `codes` received into stock by the manager, every one
    accepted; the unit service, for the test to receive or look up more."""
    track_bag(world)
    units = UnitService(world.engine, world.terminal)
    assert units.receive(list(codes), world.manager).problems == []
    return units


def till_for(world, staff=None) -> Till:
    """A till signed in as `staff` (the cashier by default) on the world's open shift."""
    till = Till(TillServices.build(world.engine, world.terminal, None))
    till.session.staff = staff or world.cashier
    till.session.shift = world.shift
    till.cart.guide_id = till.staff.id if till.staff.role == "guide" else None
    return till


def pay_cash(till: Till, extra: int = 0):
    return till.sale.complete([Tender(TenderKind.CASH, till.sale.totals().total + extra)])


def rows(world, sql: str, *args) -> list[tuple]:
    return db_reads.rows(world.path, sql, *args)
